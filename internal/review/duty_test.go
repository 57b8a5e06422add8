package review_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestHealthOfOpenDuties(t *testing.T) {
	p := review.DefaultPolicy()
	inc := fixtures.Incident("i") // detected T0, SIRO told, High: RCA due T0+15d
	rca := fixtures.RCA("r", "i", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0))
	draft := fixtures.RCA("r", "i")
	for _, tc := range []struct {
		name    string
		inc     *v1alpha1.Incident
		rca     *v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		now     time.Time
		want    review.Health
	}{
		{"signed off, nothing due", inc, rca, nil, fixtures.T0.Add(20 * statuskit.Day), review.HealthOnTrack},
		{"signed off, action due in two days", inc, rca, []v1alpha1.ImprovementAction{*fixtures.Action("a", "i", fixtures.T0.Add(22*statuskit.Day))}, fixtures.T0.Add(20 * statuskit.Day), review.HealthDueSoon},
		{"signed off, action overdue", inc, rca, []v1alpha1.ImprovementAction{*fixtures.Action("a", "i", fixtures.T0.Add(19*statuskit.Day))}, fixtures.T0.Add(20 * statuskit.Day), review.HealthOverdue},
		{"signed off, overdue action done", inc, rca, []v1alpha1.ImprovementAction{*fixtures.Action("a", "i", fixtures.T0.Add(19*statuskit.Day), fixtures.Done(fixtures.T0))}, fixtures.T0.Add(20 * statuskit.Day), review.HealthOnTrack},
		{"no RCA, due in 5 days", inc, nil, nil, fixtures.T0.Add(10 * statuskit.Day), review.HealthOnTrack},
		{"no RCA, due in 2 days", inc, nil, nil, fixtures.T0.Add(13 * statuskit.Day), review.HealthDueSoon},
		{"draft RCA past its deadline", inc, draft, nil, fixtures.T0.Add(15 * statuskit.Day), review.HealthOverdue},
		{"SIRO not told, deadline passed", fixtures.Incident("i", func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }), rca, nil, fixtures.T0.Add(12 * time.Hour), review.HealthOverdue},
	} {
		c := review.Case{Incident: tc.inc, RCA: tc.rca, Actions: review.Refs(tc.actions)}
		if got := review.HealthOf(c.Duties(p, tc.now)); got != tc.want {
			t.Errorf("%s: health %d, want %d", tc.name, got, tc.want)
		}
	}
}

// The incident's OVERDUE and NEXT-DUE columns count every duty: its
// actions, its analysis and the SIRO notification.
func TestIncidentCountsEveryOverdueDutyAndShowsTheNextDeadline(t *testing.T) {
	p := review.DefaultPolicy()
	untold := func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }
	signed := fixtures.RCA("r", "i", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0), fixtures.LearningShared(fixtures.T0))
	unshared := fixtures.RCA("r", "i", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0), fixtures.SharedWith(v1alpha1.AudienceStaff, fixtures.T0))
	draft := fixtures.RCA("r", "i")
	action := func(due time.Time) v1alpha1.ImprovementAction { return *fixtures.Action("a", "i", due) }
	for _, c := range []struct {
		name        string
		inc         *v1alpha1.Incident
		rcas        []v1alpha1.RootCauseAnalysis
		actions     []v1alpha1.ImprovementAction
		now         time.Time
		wantOverdue int32
		wantNext    time.Time // zero: none
		wantSIRO    v1alpha1.ConditionReason
		wantRCA     v1alpha1.RCAPhase
	}{
		{"overdue only on its RCA", fixtures.Incident("i"), []v1alpha1.RootCauseAnalysis{*draft}, nil, fixtures.T0.Add(16 * statuskit.Day), 1, time.Time{}, v1alpha1.ReasonNotified, v1alpha1.RCADraft},
		{"overdue only on the SIRO notification", fixtures.Incident("i", untold), nil, nil, fixtures.T0.Add(13 * time.Hour), 1, fixtures.T0.Add(15 * statuskit.Day), v1alpha1.ReasonDeadlineMissed, ""},
		{"SIRO notification still ahead", fixtures.Incident("i", untold), nil, nil, fixtures.T0.Add(time.Hour), 0, fixtures.T0.Add(12 * time.Hour), v1alpha1.ReasonNotYetDue, ""},
		{"an action due tomorrow", fixtures.Incident("i"), []v1alpha1.RootCauseAnalysis{*signed}, []v1alpha1.ImprovementAction{action(fixtures.T0.Add(21 * statuskit.Day))}, fixtures.T0.Add(20 * statuskit.Day), 0, fixtures.T0.Add(21 * statuskit.Day), v1alpha1.ReasonNotified, v1alpha1.RCASignedOff},
		{"everything late at once", fixtures.Incident("i", untold), nil, []v1alpha1.ImprovementAction{action(fixtures.T0.Add(statuskit.Day)), action(fixtures.T0.Add(2 * statuskit.Day))}, fixtures.T0.Add(20 * statuskit.Day), 4, time.Time{}, v1alpha1.ReasonDeadlineMissed, ""},
		{"nothing left to do", fixtures.Incident("i"), []v1alpha1.RootCauseAnalysis{*signed}, nil, fixtures.T0.Add(20 * statuskit.Day), 0, time.Time{}, v1alpha1.ReasonNotified, v1alpha1.RCASignedOff},
		{"the reporter still to hear the learning", fixtures.Incident("i"), []v1alpha1.RootCauseAnalysis{*unshared}, nil, fixtures.T0.Add(20 * statuskit.Day), 0, fixtures.T0.Add(30 * statuskit.Day), v1alpha1.ReasonNotified, v1alpha1.RCASignedOff},
		{"the reporter not told by the deadline: overdue", fixtures.Incident("i"), []v1alpha1.RootCauseAnalysis{*unshared}, nil, fixtures.T0.Add(30 * statuskit.Day), 1, time.Time{}, v1alpha1.ReasonNotified, v1alpha1.RCASignedOff},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := review.ComputeIncident(p, c.inc, review.Refs(c.rcas), review.Refs(c.actions), c.now).Status
			if st.Overdue != c.wantOverdue {
				t.Errorf("overdue = %d, want %d", st.Overdue, c.wantOverdue)
			}
			switch {
			case c.wantNext.IsZero() && st.NextDueAt != nil:
				t.Errorf("nextDueAt = %s, want none", st.NextDueAt)
			case !c.wantNext.IsZero() && (st.NextDueAt == nil || !st.NextDueAt.Time.Equal(c.wantNext)):
				t.Errorf("nextDueAt = %v, want %s", st.NextDueAt, c.wantNext)
			}
			if st.SIRONotification != c.wantSIRO || st.RCAPhase != c.wantRCA {
				t.Errorf("siroNotification %q, rcaPhase %q; want %q, %q", st.SIRONotification, st.RCAPhase, c.wantSIRO, c.wantRCA)
			}
		})
	}
}

func TestActionDueSoonFact(t *testing.T) {
	p := review.DefaultPolicy()
	due := fixtures.T0.Add(10 * statuskit.Day)
	for _, c := range []struct {
		name string
		a    *v1alpha1.ImprovementAction
		now  time.Time
		want bool
	}{
		{"before the window", fixtures.Action("a", "i", due), due.Add(-73 * time.Hour), false},
		{"as the window opens", fixtures.Action("a", "i", due), due.Add(-72 * time.Hour), true},
		{"at the deadline it is overdue, not due soon", fixtures.Action("a", "i", due), due, false},
		{"finished", fixtures.Action("a", "i", due, fixtures.Done(fixtures.T0)), due.Add(-time.Hour), false},
		{"the agreed deadline counts", fixtures.Action("a", "i", due, fixtures.Extended(due.Add(30*statuskit.Day), fixtures.T0)), due.Add(-time.Hour), false},
	} {
		c.a.Namespace = "trust"
		r := review.Reviews{Actions: []*v1alpha1.ImprovementAction{c.a}}
		dueSoon := false
		for _, d := range r.Duties(p, c.now) {
			dueSoon = dueSoon || (d.Kind == review.DutyAction && d.Name == c.a.Name && d.Health == review.HealthDueSoon)
		}
		if dueSoon != c.want {
			t.Errorf("%s: due soon = %v, want %v", c.name, dueSoon, c.want)
		}
	}
}

// Each duty names who owes it, by when, and on whom it waits; duties met
// are not listed, and an analysis that does not speak for its incident
// owes nothing.
func TestDutiesSayWhoOwesWhat(t *testing.T) {
	p := review.DefaultPolicy()
	now := fixtures.T0.Add(20 * statuskit.Day)
	rcaDue := fixtures.T0.Add(15 * statuskit.Day) // a High incident's review window
	untold := func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }
	waiting := func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec.State = v1alpha1.RCAStateSubmitted
		r.Status.AwaitingSignOffSince = fixtures.Time(fixtures.T0.Add(statuskit.Day))
	}
	type duty struct {
		kind     review.DutyKind
		name     string
		who      v1alpha1.Person
		due      time.Time
		standing review.Standing
		since    time.Time
		health   review.Health
		counted  bool
	}
	for _, c := range []struct {
		name string
		r    review.Reviews
		want []duty
	}{
		{name: "nothing written, the SIRO not told, an external report owed",
			r: review.Reviews{Incidents: []*v1alpha1.Incident{fixtures.Incident("i", untold, fixtures.ExternalReportRequired())}},
			want: []duty{
				{review.DutyRCA, "", "team:cyber-security", rcaDue, review.StandingOwed, time.Time{}, review.HealthOverdue, true},
				{review.DutySIRONotification, "i", "team:cyber-security", fixtures.T0.Add(12 * time.Hour), review.StandingOwed, time.Time{}, review.HealthOverdue, true},
				{review.DutyExternalReport, "i", "team:cyber-security", fixtures.T0.Add(72 * time.Hour), review.StandingOwed, time.Time{}, review.HealthOverdue, true},
			}},
		{name: "an analysis waiting for the SIRO, and its duplicate",
			r: review.Reviews{Incidents: []*v1alpha1.Incident{fixtures.Incident("i")},
				RCAs: []*v1alpha1.RootCauseAnalysis{fixtures.RCA("r", "i", waiting), fixtures.RCA("second", "i")}},
			want: []duty{{review.DutyRCA, "r", "rca.lead@example.nhs.uk", rcaDue, review.StandingAwaitingSignOff, fixtures.T0.Add(statuskit.Day), review.HealthOverdue, true}}},
		{name: "signed off: the analysis is owed no more; an action due tomorrow is",
			r: review.Reviews{Incidents: []*v1alpha1.Incident{fixtures.Incident("i")},
				RCAs:    []*v1alpha1.RootCauseAnalysis{fixtures.RCA("r", "i", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0), fixtures.LearningShared(fixtures.T0))},
				Actions: []*v1alpha1.ImprovementAction{fixtures.Action("a", "i", now.Add(statuskit.Day), fixtures.OwnedBy("team:desktop")), fixtures.Action("done", "i", now, fixtures.Done(now))}},
			want: []duty{{review.DutyAction, "a", "team:desktop", now.Add(statuskit.Day), review.StandingOwed, time.Time{}, review.HealthDueSoon, true}}},
		{name: "an action and an analysis whose incident does not exist still owe, for no incident",
			r: review.Reviews{RCAs: []*v1alpha1.RootCauseAnalysis{fixtures.RCA("r", "gone", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.DueDate = fixtures.Time(now) })},
				Actions: []*v1alpha1.ImprovementAction{fixtures.Action("a", "gone", now.Add(-time.Hour))}},
			want: []duty{
				{review.DutyAction, "a", "team:infrastructure", now.Add(-time.Hour), review.StandingOwed, time.Time{}, review.HealthOverdue, false},
				{review.DutyRCA, "r", "rca.lead@example.nhs.uk", now, review.StandingOwed, time.Time{}, review.HealthOverdue, false},
			}},
		{name: "an exercise owes no SIRO notification",
			r:    review.Reviews{Incidents: []*v1alpha1.Incident{fixtures.Incident("i", untold, func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise })}, RCAs: []*v1alpha1.RootCauseAnalysis{fixtures.RCA("r", "i", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0))}},
			want: nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []duty
			for _, d := range c.r.Duties(p, now) {
				got = append(got, duty{d.Kind, d.Name, d.Who, d.Due, d.Standing, d.Since, d.Health, d.CountsForIncident()})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("duties\n got  %+v\n want %+v", got, c.want)
			}
		})
	}
}

// An incident's clock counts its overdue duties and finds the earliest
// deadline still ahead; an unknown deadline is neither.
func TestClockOf(t *testing.T) {
	now := fixtures.T0
	duties := []review.Duty{
		{Due: now.Add(-time.Hour), Health: review.HealthOverdue},
		{Due: now, Health: review.HealthOverdue},
		{Due: now.Add(3 * time.Hour)},
		{Due: now.Add(2 * time.Hour), Health: review.HealthDueSoon},
		{},
	}
	if got := review.ClockOf(duties, now); got.Overdue != 2 || !got.NextDue.Equal(now.Add(2*time.Hour)) {
		t.Errorf("clock %+v, want 2 overdue and the next due in two hours", got)
	}
	if got := review.ClockOf(nil, now); got != (review.DutyClock{}) {
		t.Errorf("clock of no duties %+v, want none", got)
	}
}
