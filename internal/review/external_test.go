package review_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// externalDue is when a required external report of the fixtures'
// incident is due: 72 hours after detection.
var externalDue = t0.Add(72 * time.Hour)

func reportedAt(t time.Time) fixtures.Option[v1alpha1.Incident] {
	return fixtures.ExternallyReported(v1alpha1.AuthorityICO, t)
}

func exercise() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }
}

// prevExternalCondition records a previous ExternallyReported condition.
func prevExternalCondition(status bool, reason v1alpha1.ConditionReason) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) {
		st := metav1.ConditionFalse
		if status {
			st = metav1.ConditionTrue
		}
		meta.SetStatusCondition(&i.Status.Conditions, metav1.Condition{Type: string(v1alpha1.ConditionExternallyReported),
			Status: st, Reason: string(reason), LastTransitionTime: metav1.NewTime(t0)})
	}
}

func prevExternalBreach(due time.Time) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) {
		i.Status.ExternalReportBreach = &v1alpha1.ExternalReportBreach{DueAt: metav1.NewTime(due)}
	}
}

func TestExternallyReported(t *testing.T) {
	required := fixtures.ExternalReportRequired()
	for _, c := range []struct {
		name          string
		policy        func(*review.Policy)
		incOpts       []fixtures.Option[v1alpha1.Incident]
		now           time.Time
		wantDue       *time.Time // nil: no deadline shown
		want          string
		wantOnTime    bool
		wantOverdue   bool
		wantAnnounced bool
		wantEntry     bool // an ExternalReportOverdue timeline entry is added
		wantBreach    bool
	}{
		{name: "not required", now: externalDue.Add(time.Hour), want: is(true, v1alpha1.ReasonNotRequired)},
		{name: "not required, reported all the same", incOpts: opts(reportedAt(t0), func(i *v1alpha1.Incident) { i.Spec.ExternalReportRequired = false }, decidedNotReportable),
			now: externalDue.Add(time.Hour), want: is(true, v1alpha1.ReasonNotRequired), wantOnTime: true},
		{name: "an exercise is never reported", incOpts: opts(exercise(), required), now: externalDue.Add(time.Hour), want: is(true, v1alpha1.ReasonNotRequired)},
		{name: "required, at detection", incOpts: opts(required), now: t0, wantDue: &externalDue, want: is(false, v1alpha1.ReasonNotYetDue)},
		{name: "required, one nanosecond before the deadline", incOpts: opts(required), now: externalDue.Add(justBefore), wantDue: &externalDue,
			want: is(false, v1alpha1.ReasonNotYetDue)},
		{name: "required, exactly at the deadline", incOpts: opts(required), now: externalDue, wantDue: &externalDue,
			want: is(false, v1alpha1.ReasonDeadlineMissed), wantOverdue: true, wantAnnounced: true, wantEntry: true, wantBreach: true},
		{name: "required, one nanosecond after", incOpts: opts(required), now: externalDue.Add(justAfter), wantDue: &externalDue,
			want: is(false, v1alpha1.ReasonDeadlineMissed), wantOverdue: true, wantAnnounced: true, wantEntry: true, wantBreach: true},
		{name: "required, first seen a week late", incOpts: opts(required), now: externalDue.Add(7 * statuskit.Day), wantDue: &externalDue,
			want: is(false, v1alpha1.ReasonDeadlineMissed), wantOverdue: true, wantAnnounced: true, wantEntry: true, wantBreach: true},
		{name: "required, previously not yet due", incOpts: opts(required, prevExternalCondition(false, v1alpha1.ReasonNotYetDue)), now: externalDue,
			wantDue: &externalDue, want: is(false, v1alpha1.ReasonDeadlineMissed), wantOverdue: true, wantAnnounced: true, wantEntry: true, wantBreach: true},
		{name: "required, already announced", incOpts: opts(required, prevExternalCondition(false, v1alpha1.ReasonDeadlineMissed), prevExternalBreach(externalDue)),
			now: externalDue.Add(statuskit.Day), wantDue: &externalDue, want: is(false, v1alpha1.ReasonDeadlineMissed), wantOverdue: true, wantBreach: true},
		{name: "reported a day after detection", incOpts: opts(reportedAt(t0.Add(statuskit.Day))), now: externalDue.Add(time.Hour), wantDue: &externalDue,
			want: is(true, v1alpha1.ReasonReported), wantOnTime: true},
		{name: "reported exactly at the deadline is on time", incOpts: opts(reportedAt(externalDue)), now: externalDue.Add(time.Hour), wantDue: &externalDue,
			want: is(true, v1alpha1.ReasonReported), wantOnTime: true},
		{name: "reported one second after the deadline, never seen missed", incOpts: opts(reportedAt(externalDue.Add(time.Second))), now: externalDue.Add(time.Hour),
			wantDue: &externalDue, want: is(true, v1alpha1.ReasonReportedLate), wantEntry: true, wantBreach: true},
		{name: "reported late, after the missed deadline was announced",
			incOpts: opts(reportedAt(externalDue.Add(2*time.Hour)), prevExternalCondition(false, v1alpha1.ReasonDeadlineMissed), prevExternalBreach(externalDue)),
			now:     externalDue.Add(3 * time.Hour), wantDue: &externalDue, want: is(true, v1alpha1.ReasonReportedLate), wantBreach: true},
		{name: "reported twice: the first report counts", incOpts: opts(reportedAt(externalDue.Add(time.Hour)), reportedAt(t0.Add(time.Hour))),
			now: externalDue.Add(2 * time.Hour), wantDue: &externalDue, want: is(true, v1alpha1.ReasonReported), wantOnTime: true},
		{name: "reported in time for a deadline already recorded as missed", incOpts: opts(reportedAt(t0.Add(time.Hour)), prevExternalBreach(externalDue)),
			now: externalDue.Add(time.Hour), wantDue: &externalDue, want: is(true, v1alpha1.ReasonReportedLate), wantBreach: true},
		{name: "a 24-hour deadline, not reported", policy: func(p *review.Policy) { p.ExternalReportDeadline = statuskit.Day }, incOpts: opts(required),
			now: t0.Add(statuskit.Day), wantDue: ptr(t0.Add(statuskit.Day)), want: is(false, v1alpha1.ReasonDeadlineMissed),
			wantOverdue: true, wantAnnounced: true, wantEntry: true, wantBreach: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.policy != nil {
				c.policy(&p)
			}
			inc := incident(append(c.incOpts, prevIncidentPhase(v1alpha1.IncidentClosed))...)
			if got := review.ExternalReportRecord(p, inc, c.now).OnTime; got != c.wantOnTime {
				t.Errorf("on time = %v, want %v", got, c.wantOnTime)
			}
			if got := overdueDuty(p, inc, review.DutyExternalReport, c.now); got != c.wantOverdue {
				t.Errorf("external report overdue = %v, want %v", got, c.wantOverdue)
			}
			res := computeIncident(t, p, inc, signedOffRCA(), nil, c.now)
			st := res.Status
			if !sameInstant(st.ExternalReportDueAt, atOrNil(c.wantDue)) {
				t.Errorf("externalReportDueAt = %s, want %v", show(st.ExternalReportDueAt), c.wantDue)
			}
			if got := cond(st.Conditions, v1alpha1.ConditionExternallyReported); got != c.want {
				t.Errorf("ExternallyReported = %s, want %s", got, c.want)
			}
			if c.wantBreach != (st.ExternalReportBreach != nil) {
				t.Errorf("externalReportBreach = %+v; want one: %v", st.ExternalReportBreach, c.wantBreach)
			}
			if b := st.ExternalReportBreach; b != nil {
				if !b.DueAt.Time.Equal(*c.wantDue) {
					t.Errorf("breach due %s, want %s", show(&b.DueAt), c.wantDue)
				}
				if first := review.FirstExternalReport(inc); !sameInstant(b.ReportedAt, atOrNil(first)) {
					t.Errorf("breach reported %s, want the first report %v", show(b.ReportedAt), first)
				}
			}
			added := types(st.Timeline[len(inc.Status.Timeline):])
			if got := slices.Contains(added, string(v1alpha1.EventExternalReportOverdue)); got != c.wantEntry {
				t.Errorf("timeline added %v; want an ExternalReportOverdue entry: %v", added, c.wantEntry)
			}
			if !c.wantAnnounced {
				if !sameReasons(res.Announcements) {
					t.Errorf("announced %v, want nothing", reasons(res.Announcements))
				}
				return
			}
			if !sameReasons(res.Announcements, v1alpha1.EventExternalReportOverdue) {
				t.Fatalf("announced %v, want ExternalReportOverdue", reasons(res.Announcements))
			}
			a := res.Announcements[0]
			if a.AlsoOnIncident || !a.Reason.IsWarning() {
				t.Errorf("on incident %v, warning %v; want a warning on the incident itself", a.AlsoOnIncident, a.Reason.IsWarning())
			}
			if !strings.Contains(a.Message, c.wantDue.Format(time.RFC3339)) {
				t.Errorf("message %q does not give the deadline", a.Message)
			}
		})
	}
}

// The condition's message says what to do once the deadline is missed, and
// how the report was made once it is.
func TestExternallyReportedMessages(t *testing.T) {
	for _, c := range []struct {
		name string
		inc  *v1alpha1.Incident
		now  time.Time
		says []string
	}{
		{"decided not reportable", incident(), t0, []string{"decided not reportable by dpo@example.nhs.uk at 2026-05-04T11:30:00Z: No personal data left the organisation's control"}},
		{"a near miss, with no decision", incident(fixtures.Undecided, func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeNearMiss }), t0, []string{"spec.externalReportRequired is not set"}},
		{"an exercise", incident(exercise(), fixtures.ExternalReportRequired()), t0, []string{"exercise"}},
		{"not yet due", incident(fixtures.ExternalReportRequired()), t0, []string{"due by " + externalDue.Format(time.RFC3339)}},
		{"missed", incident(fixtures.ExternalReportRequired()), externalDue, []string{"DSPT incident reporting tool", "spec.externalReports"}},
		{"reported", incident(reportedAt(t0.Add(time.Hour))), externalDue, []string{"reported to ICO", "within the deadline"}},
		{"reported late", incident(reportedAt(externalDue.Add(time.Hour))), externalDue, []string{"reported to ICO", "after the deadline"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := computeIncident(t, review.DefaultPolicy(), c.inc, signedOffRCA(), nil, c.now).Status
			msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionExternallyReported)).Message
			for _, words := range c.says {
				if !strings.Contains(msg, words) {
					t.Errorf("message %q does not say %q", msg, words)
				}
			}
		})
	}
}

// An overdue external report counts among the incident's overdue duties,
// and its deadline among those still ahead.
func TestExternalReportIsADuty(t *testing.T) {
	required := fixtures.ExternalReportRequired()
	for _, c := range []struct {
		name        string
		incOpts     []fixtures.Option[v1alpha1.Incident]
		rcas        []v1alpha1.RootCauseAnalysis
		now         time.Time
		wantOverdue string
		says        []string
		wantCount   int32
		wantNext    time.Time // zero: none
		wantRequeue time.Duration
	}{
		{"not required: nothing", nil, signedOffRCA(), t0, is(false, v1alpha1.ReasonOnTrack), nil, 0, time.Time{}, 0},
		{"required: the next deadline", opts(required), signedOffRCA(), t0, is(false, v1alpha1.ReasonOnTrack), nil, 0, externalDue, 72 * time.Hour},
		{"required, the SIRO deadline first", opts(required, siroNotTold()), signedOffRCA(), t0, is(false, v1alpha1.ReasonOnTrack), nil, 0, siroDue, 12 * time.Hour},
		{"overdue alone", opts(required), signedOffRCA(), externalDue, is(true, v1alpha1.ReasonExternalReportOverdue),
			[]string{"external report overdue"}, 1, time.Time{}, 0},
		{"overdue with the SIRO notification", opts(required, siroNotTold()), signedOffRCA(), externalDue, is(true, v1alpha1.ReasonSeveralOverdue),
			[]string{"SIRO notification overdue", "external report overdue"}, 2, time.Time{}, 0},
		{"overdue with the analysis still ahead", opts(required), nil, externalDue, is(true, v1alpha1.ReasonExternalReportOverdue),
			nil, 1, rcaDue, rcaDue.Sub(externalDue)},
		{"reported late: no longer overdue", opts(reportedAt(externalDue.Add(time.Hour))), signedOffRCA(), externalDue.Add(2 * time.Hour),
			is(false, v1alpha1.ReasonOnTrack), nil, 0, time.Time{}, 0},
		{"an exercise: no duty", opts(required, exercise()), signedOffRCA(), externalDue, is(false, v1alpha1.ReasonOnTrack), nil, 0, time.Time{}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			inc := incident(c.incOpts...)
			res := computeIncident(t, p, inc, c.rcas, nil, c.now)
			st := res.Status
			if got := cond(st.Conditions, v1alpha1.ConditionOverdue); got != c.wantOverdue {
				t.Errorf("Overdue = %s, want %s", got, c.wantOverdue)
			}
			msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionOverdue)).Message
			for _, words := range c.says {
				if !strings.Contains(msg, words) {
					t.Errorf("Overdue message %q does not say %q", msg, words)
				}
			}
			if st.Overdue != c.wantCount {
				t.Errorf("overdue = %d, want %d", st.Overdue, c.wantCount)
			}
			if !sameInstant(st.NextDueAt, atOrNil(nonZero(c.wantNext))) {
				t.Errorf("nextDueAt = %s, want %s", show(st.NextDueAt), c.wantNext)
			}
			if res.RequeueAfter != c.wantRequeue {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, c.wantRequeue)
			}
			cs := review.NewCase(inc, review.Refs(c.rcas), nil)
			external := 0
			for _, d := range cs.Duties(p, c.now) {
				if d.Kind == review.DutyExternalReport {
					external++
					if !d.Due.Equal(externalDue) || d.Name != inc.Name || d.Who != inc.Spec.Owner {
						t.Errorf("external report duty %+v, want due %s, named after the incident, owed by its owner", d, externalDue)
					}
				}
			}
			if want := once(review.ExternalReportRequired(inc) && len(inc.Spec.ExternalReports) == 0); external != want {
				t.Errorf("%d external report duties, want %d", external, want)
			}
			if c.wantCount > 0 && review.HealthOf(cs.Duties(p, c.now)) != review.HealthOverdue {
				t.Errorf("health is not overdue")
			}
		})
	}
}

// A deadline missed stays missed: moving detectedAt later, or back-dating
// the report, never turns a late report into an on-time one.
func TestAMissedExternalReportStaysMissed(t *testing.T) {
	p := review.DefaultPolicy()
	inc := incident(fixtures.ExternalReportRequired())
	res := computeIncident(t, p, inc, signedOffRCA(), nil, externalDue.Add(6*time.Hour))
	if b := res.Status.ExternalReportBreach; b == nil || !b.DueAt.Time.Equal(externalDue) || b.ReportedAt != nil {
		t.Fatalf("breach = %+v, want one due %s, not yet reported", b, externalDue)
	}
	inc.Status = stored(t, res.Status)
	// Detection "corrected" a day later, and the report written as if on
	// time for it.
	inc.Spec.DetectedAt.Time = t0.Add(statuskit.Day)
	reportedAt(externalDue.Add(7 * time.Hour))(inc)
	if review.ExternalReportRecord(p, inc, externalDue.Add(8*time.Hour)).OnTime {
		t.Error("the report counts as on time once detectedAt moved")
	}
	if got := review.ExternalReportDueAt(p, inc); !got.Equal(externalDue) {
		t.Errorf("the deadline in force moved to %s, want the one that was missed, %s", got, externalDue)
	}
	res = computeIncident(t, p, inc, signedOffRCA(), nil, externalDue.Add(8*time.Hour))
	st := res.Status
	if got := cond(st.Conditions, v1alpha1.ConditionExternallyReported); got != is(true, v1alpha1.ReasonReportedLate) {
		t.Errorf("ExternallyReported = %s, want ReportedLate", got)
	}
	if b := st.ExternalReportBreach; b == nil || !b.DueAt.Time.Equal(externalDue) || b.ReportedAt == nil || !b.ReportedAt.Time.Equal(externalDue.Add(7*time.Hour)) {
		t.Errorf("breach = %+v, want the deadline missed and when it was reported", b)
	}
	if !sameInstant(st.ExternalReportDueAt, at(externalDue)) {
		t.Errorf("externalReportDueAt = %s, want the deadline missed", show(st.ExternalReportDueAt))
	}
	if len(res.Announcements) > 0 {
		t.Errorf("announced %v again", reasons(res.Announcements))
	}
}

// TestExternalReportLifecycle follows a required report from detection to
// a late report the way the controller sees it: one event, one entry.
func TestExternalReportLifecycle(t *testing.T) {
	p := review.DefaultPolicy()
	inc := incident(fixtures.ExternalReportRequired())
	steps := []struct {
		at     time.Time
		change func()
		want   []v1alpha1.EventReason
	}{
		{t0, func() {}, nil},
		{externalDue, func() {}, []v1alpha1.EventReason{v1alpha1.EventExternalReportOverdue}},
		{externalDue.Add(time.Hour), func() {}, nil},
		{externalDue.Add(2 * time.Hour), func() { reportedAt(externalDue.Add(2 * time.Hour))(inc) }, nil},
		{externalDue.Add(3 * statuskit.Day), func() {}, nil},
	}
	for i, s := range steps {
		s.change()
		res := review.ComputeIncident(p, inc, review.Refs(signedOffRCA()), nil, s.at)
		if !sameReasons(res.Announcements, s.want...) {
			t.Errorf("step %d: announced %v, want %v", i, reasons(res.Announcements), s.want)
		}
		inc.Status = stored(t, res.Status)
	}
	n := 0
	for _, e := range inc.Status.Timeline {
		if e.Type == string(v1alpha1.EventExternalReportOverdue) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d ExternalReportOverdue entries in the timeline %v, want 1", n, types(inc.Status.Timeline))
	}
	if got := cond(inc.Status.Conditions, v1alpha1.ConditionExternallyReported); got != is(true, v1alpha1.ReasonReportedLate) {
		t.Errorf("ExternallyReported = %s", got)
	}
}

// nonZero is t, or nil when it is zero.
func nonZero(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// The on-call summary lists an external report while it is owed, whatever
// the incident's phase, and once made only until the incident closes.
func TestSummariseExternalReports(t *testing.T) {
	now := externalDue.Add(time.Hour)
	closedCase := func(inc *v1alpha1.Incident) review.Reviews {
		return review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*inc}), RCAs: review.Refs(noActionsNeededRCA())}
	}
	for _, c := range []struct {
		name   string
		r      review.Reviews
		now    time.Time
		want   []v1alpha1.ConditionReason
		health review.Health
	}{
		{"not required", closedCase(incident()), now, nil, 0},
		{"owed on a closed incident", closedCase(incident(fixtures.ExternalReportRequired())), now,
			[]v1alpha1.ConditionReason{v1alpha1.ReasonDeadlineMissed}, review.HealthOverdue},
		{"made, the incident closed", closedCase(incident(reportedAt(t0))), now, nil, 0},
		{"made, the incident open", review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*incident(reportedAt(t0))})}, now,
			[]v1alpha1.ConditionReason{v1alpha1.ReasonReported}, review.HealthOnTrack},
		{"due soon", review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*incident(fixtures.ExternalReportRequired())})}, externalDue.Add(-time.Hour),
			[]v1alpha1.ConditionReason{v1alpha1.ReasonNotYetDue}, review.HealthDueSoon},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows := review.Summarise(review.DefaultPolicy(), c.r, nil, c.now).ExternalReports
			var got []v1alpha1.ConditionReason
			for _, r := range rows {
				got = append(got, r.Standing)
				if r.Health != c.health {
					t.Errorf("health %d, want %d", r.Health, c.health)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("rows %v, want %v", got, c.want)
			}
		})
	}
}

// overdueDuty tells whether the incident owes a duty of kind past its
// deadline at now.
func overdueDuty(p review.Policy, inc *v1alpha1.Incident, kind review.DutyKind, now time.Time) bool {
	c := review.NewCase(inc, nil, nil)
	for _, d := range c.Duties(p, now) {
		if d.Kind == kind && d.Overdue() {
			return true
		}
	}
	return false
}

// decidedNotReportable records the decision that the incident is not
// reported outside the organisation.
func decidedNotReportable(i *v1alpha1.Incident) {
	i.Spec.ExternalReportDecision = &v1alpha1.ExternalReportDecision{Reason: "The data was encrypted", DecidedBy: "dpo@example.nhs.uk", At: metav1.NewTime(t0.Add(time.Hour))}
}
