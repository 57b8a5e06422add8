package metrics

import (
	"fmt"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestCompute(t *testing.T) {
	now := fixtures.T0.Add(20 * statuskit.Day)
	incA := fixtures.Incident("a")
	incA.Namespace = "trust"
	incLate := fixtures.Incident("late", func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = fixtures.Time(fixtures.T0.Add(13 * time.Hour)) })
	incLate.Namespace = "trust"
	incUntold := fixtures.Incident("untold", func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil })
	incUntold.Namespace = "care-home"
	rca := fixtures.RCA("a-rca", "a", fixtures.Submitted())
	rca.Namespace = "trust"
	overdue1 := fixtures.Action("o1", "a", now.Add(-3*statuskit.Day))
	overdue2 := fixtures.Action("o2", "a", now.Add(-time.Hour))
	onTime := fixtures.Action("ok", "a", now.Add(time.Hour))
	done := fixtures.Action("done", "a", now.Add(-5*statuskit.Day), fixtures.Done(now))
	for _, a := range []*v1alpha1.ImprovementAction{overdue1, overdue2, onTime, done} {
		a.Namespace = "trust"
	}
	incidents := []v1alpha1.Incident{*incA, *incLate, *incUntold}
	rcas := []v1alpha1.RootCauseAnalysis{*rca}
	actions := []v1alpha1.ImprovementAction{*overdue1, *overdue2, *onTime, *done}
	before := deepCopies(incidents, rcas, actions)
	s := Compute(review.DefaultPolicy(), review.Reviews{Incidents: review.Refs(incidents), RCAs: review.Refs(rcas), Actions: review.Refs(actions)}, nil, now)
	// The collector hands it the cache's own objects.
	if !equality.Semantic.DeepEqual(before, deepCopies(incidents, rcas, actions)) {
		t.Error("Compute changed the reviews it was given")
	}

	if got := s.OverdueActions[OverdueKey{"trust", v1alpha1.PriorityHigh, v1alpha1.AreaSystemConfiguration}]; got != 2 {
		t.Errorf("overdue actions = %d, want 2 (the done and the on-time ones do not count)", got)
	}
	if got := s.OldestOverdue["trust"]; got != 3*statuskit.Day {
		t.Errorf("oldest overdue = %s, want 72h", got)
	}
	if got := s.Incidents[PhaseKey{"trust", v1alpha1.IncidentAwaitingSignOff}]; got != 1 {
		t.Errorf("incidents awaiting sign-off in trust = %d, want 1", got)
	}
	if got := s.Incidents[PhaseKey{"trust", v1alpha1.IncidentOpen}]; got != 1 {
		t.Errorf("open incidents in trust = %d, want 1", got)
	}
	if s.SIROOverdue["care-home"] != 1 || s.SIROOverdue["trust"] != 0 {
		t.Errorf("SIRO overdue = %v, want care-home 1", s.SIROOverdue)
	}
	if s.SIROLate["trust"] != 1 {
		t.Errorf("SIRO late = %v, want trust 1", s.SIROLate)
	}
	if s.AwaitingSignOff["trust"] != 1 {
		t.Errorf("awaiting sign-off = %v, want trust 1", s.AwaitingSignOff)
	}
	if got := namespaces(review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*incA, *incUntold})}); len(got) != 2 || got[0] != "care-home" {
		t.Errorf("namespaces = %v, want sorted [care-home trust]", got)
	}
}

func TestComputeAtTheDueDate(t *testing.T) {
	due := fixtures.T0.Add(10 * statuskit.Day)
	a := fixtures.Action("a", "inc", due)
	for _, c := range []struct {
		now  time.Time
		want int
	}{{due.Add(-time.Nanosecond), 0}, {due, 1}} {
		s := Compute(review.DefaultPolicy(), review.Reviews{Actions: review.Refs([]v1alpha1.ImprovementAction{*a})}, nil, c.now)
		if got := s.OverdueActions[OverdueKey{"", v1alpha1.PriorityHigh, v1alpha1.AreaSystemConfiguration}]; got != c.want {
			t.Errorf("at %s: overdue = %d, want %d", c.now, got, c.want)
		}
	}
}

// deepCopies copies the reviews, to compare before and after.
func deepCopies(incidents []v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction) []any {
	var out []any
	for i := range incidents {
		out = append(out, incidents[i].DeepCopy())
	}
	for i := range rcas {
		out = append(out, rcas[i].DeepCopy())
	}
	for i := range actions {
		out = append(out, actions[i].DeepCopy())
	}
	return out
}

// actionSample is the line of an action from fixtures.Action (High,
// SystemConfiguration, owned by team:infrastructure) for incident "inc".
func actionSample(metric, namespace, action string, v time.Duration) string {
	return sample(metric, fmt.Sprintf(`action=%q,area="SystemConfiguration",incident="inc",namespace=%q,owner="team:infrastructure",priority="High",process_review=""`, action, namespace), v.Seconds())
}

// incidentSample is the overdue-duty count of fixtures.Incident("inc").
func incidentSample(overdue int) string {
	return sample("lessons_incident_overdue_duties", `incident="inc",namespace="",owner="team:cyber-security"`, float64(overdue))
}

func TestActionItems(t *testing.T) {
	now := fixtures.T0.Add(20 * statuskit.Day)
	window := review.DefaultPolicy().DueSoonWindow
	overdue := func(d time.Duration) string { return actionSample("lessons_action_overdue_seconds", "trust", "a", d) }
	dueSoon := func(d time.Duration) string { return actionSample("lessons_action_due_soon_seconds", "trust", "a", d) }
	link := func(l v1alpha1.Link) string {
		return sample("lessons_action_link_info", fmt.Sprintf(`action="a",name=%q,namespace="trust",url=%q`, l.Name, l.URL), 1)
	}
	ticket := v1alpha1.Link{Name: "JIRA SEC-12", URL: "https://jira.trust.example/browse/SEC-12"}
	other := v1alpha1.Link{Name: "Runbook", URL: "https://wiki.trust.example/mfa"}
	// The action's incident does not exist, so no incident counts it.
	for _, c := range []struct {
		name string
		due  time.Time
		opts []fixtures.Option[v1alpha1.ImprovementAction]
		want []string
	}{
		{name: "three days overdue", due: now.Add(-3 * statuskit.Day), want: []string{overdue(3 * statuskit.Day)}},
		{name: "at its deadline", due: now, want: []string{overdue(0)}},
		{name: "in progress and overdue", due: now.Add(-time.Hour), opts: opts(fixtures.InProgress()), want: []string{overdue(time.Hour)}},
		{name: "an hour before its deadline", due: now.Add(time.Hour), want: []string{dueSoon(time.Hour)}},
		{name: "as the due-soon window opens", due: now.Add(window), want: []string{dueSoon(window)}},
		{name: "just before the window", due: now.Add(window + time.Nanosecond)},
		{name: "done late", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Done(now))},
		{name: "cancelled past its deadline", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Cancelled())},
		{name: "done while due soon", due: now.Add(time.Hour), opts: opts(fixtures.Done(now))},
		{name: "extended past now", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Extended(now.Add(statuskit.Day), now.Add(-6*statuskit.Day))),
			want: []string{dueSoon(statuskit.Day)}},
		{name: "extended, and late again", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Extended(now.Add(-statuskit.Day), now.Add(-6*statuskit.Day))),
			want: []string{overdue(statuskit.Day)}},
		{name: "overdue with tickets: the first is its link", due: now.Add(-time.Hour), opts: opts(fixtures.Linked(ticket, other)),
			want: []string{overdue(time.Hour), link(ticket)}},
		{name: "due soon with a ticket", due: now.Add(time.Hour), opts: opts(fixtures.Linked(ticket)),
			want: []string{dueSoon(time.Hour), link(ticket)}},
		{name: "on track with a ticket", due: now.Add(window + time.Hour), opts: opts(fixtures.Linked(ticket))},
	} {
		a := fixtures.Action("a", "inc", c.due, c.opts...)
		a.Namespace = "trust"
		got := served(t, review.DefaultPolicy(), now, review.Reviews{Actions: review.Refs([]v1alpha1.ImprovementAction{*a})}, nil)
		expectServed(t, c.name, got, c.want...)
	}
}

func TestRCAItems(t *testing.T) {
	p := review.DefaultPolicy()
	due := fixtures.T0.Add(15 * statuskit.Day) // a High incident's review window
	inc := *fixtures.Incident("inc")
	lead := v1alpha1.Person("rca.lead@example.nhs.uk")
	waiting := func(since time.Time) fixtures.Option[v1alpha1.RootCauseAnalysis] {
		return func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.State = v1alpha1.RCAStateSubmitted
			r.Status.AwaitingSignOffSince = fixtures.Time(since)
		}
	}
	overdue := func(rca string, lead v1alpha1.Person, d time.Duration) string {
		return sample("lessons_rca_overdue_seconds", fmt.Sprintf(`incident="inc",lead=%q,namespace="",rca=%q`, lead, rca), d.Seconds())
	}
	awaiting := func(d time.Duration) string {
		return sample("lessons_rca_awaiting_signoff_seconds", fmt.Sprintf(`incident="inc",lead=%q,namespace="",rca="r",siro=%q`, lead, fixtures.SIRO), d.Seconds())
	}
	for _, c := range []struct {
		name string
		now  time.Time
		rcas []v1alpha1.RootCauseAnalysis
		want []string
	}{
		{name: "a draft before its deadline", now: due.Add(-time.Second), rcas: rcas(fixtures.RCA("r", "inc"))},
		{name: "a draft two days late", now: due.Add(2 * statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc")),
			want: []string{overdue("r", lead, 2*statuskit.Day), incidentSample(1)}},
		{name: "none written, a day late", now: due.Add(statuskit.Day),
			want: []string{overdue("", inc.Spec.Owner, statuskit.Day), incidentSample(1)}},
		{name: "signed off after its deadline", now: due.Add(statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc", fixtures.SignedOff(v1alpha1.SignOffApproved, due)))},
		{name: "waiting eight days, on time", now: due.Add(-statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc", waiting(due.Add(-9*statuskit.Day)))),
			want: []string{awaiting(8 * statuskit.Day)}},
		{name: "waiting and late", now: due.Add(time.Hour), rcas: rcas(fixtures.RCA("r", "inc", waiting(due.Add(-time.Hour)))),
			want: []string{overdue("r", lead, time.Hour), awaiting(2 * time.Hour), incidentSample(1)}},
		{name: "submitted, not yet seen waiting", now: due.Add(-statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc", fixtures.Submitted()))},
		{name: "changes requested, the old wait still recorded", now: due.Add(-statuskit.Day),
			rcas: rcas(fixtures.RCA("r", "inc", waiting(fixtures.T0), fixtures.SignedOff(v1alpha1.SignOffChangesRequested, fixtures.T0)))},
	} {
		got := served(t, p, c.now, review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{inc}), RCAs: review.Refs(c.rcas)}, nil)
		expectServed(t, c.name, got, c.want...)
	}
}

func TestIncidentItems(t *testing.T) {
	p := review.DefaultPolicy()
	now := fixtures.T0.Add(13 * time.Hour) // an hour past the SIRO deadline
	untold := func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }
	exercise := func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }
	siroLate := sample("lessons_siro_notification_overdue_seconds", fmt.Sprintf(`incident="inc",namespace="",siro=%q`, fixtures.SIRO), time.Hour.Seconds())
	actionLate := func(name string, d time.Duration) string {
		return actionSample("lessons_action_overdue_seconds", "", name, d)
	}
	for _, c := range []struct {
		name    string
		inc     *v1alpha1.Incident
		actions []v1alpha1.ImprovementAction
		want    []string
	}{
		{name: "told in time, nothing late", inc: fixtures.Incident("inc")},
		{name: "not told, an hour late", inc: fixtures.Incident("inc", untold), want: []string{siroLate, incidentSample(1)}},
		{name: "an exercise needs no notification", inc: fixtures.Incident("inc", untold, exercise)},
		{name: "two actions late, one done", inc: fixtures.Incident("inc"), actions: []v1alpha1.ImprovementAction{
			*fixtures.Action("a", "inc", now.Add(-time.Hour)), *fixtures.Action("b", "inc", now.Add(-time.Minute)),
			*fixtures.Action("c", "inc", now.Add(-time.Hour), fixtures.Done(now))},
			want: []string{actionLate("a", time.Hour), actionLate("b", time.Minute), incidentSample(2)}},
	} {
		got := served(t, p, now, review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*c.inc}), Actions: review.Refs(c.actions)}, nil)
		expectServed(t, c.name, got, c.want...)
	}
}

// One series per overdue external report, for the incident's owner; none
// for a report on time, recorded, not required or not yet due.
func TestExternalReportItems(t *testing.T) {
	p := review.DefaultPolicy()
	due := fixtures.T0.Add(p.ExternalReportDeadline)
	required := fixtures.ExternalReportRequired()
	late := func(d time.Duration) string {
		return sample("lessons_external_report_overdue_seconds", `incident="inc",namespace="",owner="team:cyber-security"`, d.Seconds())
	}
	for _, c := range []struct {
		name string
		inc  *v1alpha1.Incident
		now  time.Time
		want []string
	}{
		{name: "not required", inc: fixtures.Incident("inc"), now: due.Add(time.Hour)},
		{name: "required, not yet due", inc: fixtures.Incident("inc", required), now: due.Add(-time.Nanosecond)},
		{name: "required, due exactly now", inc: fixtures.Incident("inc", required), now: due, want: []string{late(0), incidentSample(1)}},
		{name: "required, two hours late", inc: fixtures.Incident("inc", required), now: due.Add(2 * time.Hour), want: []string{late(2 * time.Hour), incidentSample(1)}},
		{name: "reported late", inc: fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, due.Add(time.Hour))), now: due.Add(2 * time.Hour)},
		{name: "an exercise is never reported", inc: fixtures.Incident("inc", required, func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }),
			now: due.Add(time.Hour)},
	} {
		rca := fixtures.RCA("r", "inc", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0))
		got := served(t, p, c.now, review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*c.inc}), RCAs: review.Refs(rcas(rca))}, nil)
		expectServed(t, c.name, got, c.want...)
	}
}

func opts(o ...fixtures.Option[v1alpha1.ImprovementAction]) []fixtures.Option[v1alpha1.ImprovementAction] {
	return o
}

func rcas(r ...*v1alpha1.RootCauseAnalysis) []v1alpha1.RootCauseAnalysis {
	out := make([]v1alpha1.RootCauseAnalysis, len(r))
	for i := range r {
		out[i] = *r[i]
	}
	return out
}
