package metrics

import (
	"reflect"
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
	s := Compute(review.DefaultPolicy(), review.Reviews{Incidents: review.Refs(incidents), RCAs: review.Refs(rcas), Actions: review.Refs(actions)}, now)
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
		s := Compute(review.DefaultPolicy(), review.Reviews{Actions: review.Refs([]v1alpha1.ImprovementAction{*a})}, c.now)
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

func TestActionItems(t *testing.T) {
	now := fixtures.T0.Add(20 * statuskit.Day)
	window := review.DefaultPolicy().DueSoonWindow
	item := func(name string, d time.Duration) ActionItem {
		return ActionItem{Namespace: "trust", Action: name, Incident: "inc", Owner: "team:infrastructure",
			Priority: v1alpha1.PriorityHigh, Area: v1alpha1.AreaSystemConfiguration, For: d}
	}
	withLink := func(i ActionItem, l v1alpha1.Link) ActionItem { i.Link = l; return i }
	ticket := v1alpha1.Link{Name: "JIRA SEC-12", URL: "https://jira.trust.example/browse/SEC-12"}
	other := v1alpha1.Link{Name: "Runbook", URL: "https://wiki.trust.example/mfa"}
	for _, c := range []struct {
		name             string
		due              time.Time
		opts             []fixtures.Option[v1alpha1.ImprovementAction]
		overdue, dueSoon []ActionItem
	}{
		{name: "three days overdue", due: now.Add(-3 * statuskit.Day), overdue: []ActionItem{item("a", 3*statuskit.Day)}},
		{name: "at its deadline", due: now, overdue: []ActionItem{item("a", 0)}},
		{name: "in progress and overdue", due: now.Add(-time.Hour), opts: opts(fixtures.InProgress()), overdue: []ActionItem{item("a", time.Hour)}},
		{name: "an hour before its deadline", due: now.Add(time.Hour), dueSoon: []ActionItem{item("a", time.Hour)}},
		{name: "as the due-soon window opens", due: now.Add(window), dueSoon: []ActionItem{item("a", window)}},
		{name: "just before the window", due: now.Add(window + time.Nanosecond)},
		{name: "done late", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Done(now))},
		{name: "cancelled past its deadline", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Cancelled())},
		{name: "done while due soon", due: now.Add(time.Hour), opts: opts(fixtures.Done(now))},
		{name: "extended past now", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Extended(now.Add(statuskit.Day), now.Add(-6*statuskit.Day))),
			dueSoon: []ActionItem{item("a", statuskit.Day)}},
		{name: "extended, and late again", due: now.Add(-5 * statuskit.Day), opts: opts(fixtures.Extended(now.Add(-statuskit.Day), now.Add(-6*statuskit.Day))),
			overdue: []ActionItem{item("a", statuskit.Day)}},
		{name: "overdue with tickets: the first is its link", due: now.Add(-time.Hour), opts: opts(fixtures.Linked(ticket, other)),
			overdue: []ActionItem{withLink(item("a", time.Hour), ticket)}},
		{name: "due soon with a ticket", due: now.Add(time.Hour), opts: opts(fixtures.Linked(ticket)),
			dueSoon: []ActionItem{withLink(item("a", time.Hour), ticket)}},
		{name: "on track with a ticket", due: now.Add(window + time.Hour), opts: opts(fixtures.Linked(ticket))},
	} {
		a := fixtures.Action("a", "inc", c.due, c.opts...)
		a.Namespace = "trust"
		got := Compute(review.DefaultPolicy(), review.Reviews{Actions: review.Refs([]v1alpha1.ImprovementAction{*a})}, now).Items
		if !reflect.DeepEqual(got.OverdueActions, c.overdue) || !reflect.DeepEqual(got.DueSoonActions, c.dueSoon) {
			t.Errorf("%s: overdue %+v, due soon %+v; want %+v, %+v", c.name, got.OverdueActions, got.DueSoonActions, c.overdue, c.dueSoon)
		}
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
	for _, c := range []struct {
		name              string
		now               time.Time
		rcas              []v1alpha1.RootCauseAnalysis
		overdue, awaiting []RCAItem
	}{
		{name: "a draft before its deadline", now: due.Add(-time.Second), rcas: rcas(fixtures.RCA("r", "inc"))},
		{name: "a draft two days late", now: due.Add(2 * statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc")),
			overdue: []RCAItem{{RCA: "r", Incident: "inc", Lead: lead, SIRO: fixtures.SIRO, For: 2 * statuskit.Day}}},
		{name: "none written, a day late", now: due.Add(statuskit.Day),
			overdue: []RCAItem{{Incident: "inc", Lead: inc.Spec.Owner, SIRO: fixtures.SIRO, For: statuskit.Day}}},
		{name: "signed off after its deadline", now: due.Add(statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc", fixtures.SignedOff(v1alpha1.SignOffApproved, due)))},
		{name: "waiting eight days, on time", now: due.Add(-statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc", waiting(due.Add(-9*statuskit.Day)))),
			awaiting: []RCAItem{{RCA: "r", Incident: "inc", Lead: lead, SIRO: fixtures.SIRO, For: 8 * statuskit.Day}}},
		{name: "waiting and late", now: due.Add(time.Hour), rcas: rcas(fixtures.RCA("r", "inc", waiting(due.Add(-time.Hour)))),
			overdue:  []RCAItem{{RCA: "r", Incident: "inc", Lead: lead, SIRO: fixtures.SIRO, For: time.Hour}},
			awaiting: []RCAItem{{RCA: "r", Incident: "inc", Lead: lead, SIRO: fixtures.SIRO, For: 2 * time.Hour}}},
		{name: "submitted, not yet seen waiting", now: due.Add(-statuskit.Day), rcas: rcas(fixtures.RCA("r", "inc", fixtures.Submitted()))},
		{name: "changes requested, the old wait still recorded", now: due.Add(-statuskit.Day),
			rcas: rcas(fixtures.RCA("r", "inc", waiting(fixtures.T0), fixtures.SignedOff(v1alpha1.SignOffChangesRequested, fixtures.T0)))},
	} {
		got := Compute(p, review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{inc}), RCAs: review.Refs(c.rcas)}, c.now).Items
		if !reflect.DeepEqual(got.OverdueRCAs, c.overdue) || !reflect.DeepEqual(got.AwaitingSignOff, c.awaiting) {
			t.Errorf("%s: overdue %+v, awaiting %+v; want %+v, %+v", c.name, got.OverdueRCAs, got.AwaitingSignOff, c.overdue, c.awaiting)
		}
	}
}

func TestIncidentItems(t *testing.T) {
	p := review.DefaultPolicy()
	now := fixtures.T0.Add(13 * time.Hour) // an hour past the SIRO deadline
	untold := func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }
	exercise := func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }
	for _, c := range []struct {
		name      string
		inc       *v1alpha1.Incident
		actions   []v1alpha1.ImprovementAction
		siro      []SIROItem
		incidents []IncidentItem
	}{
		{name: "told in time, nothing late", inc: fixtures.Incident("inc")},
		{name: "not told, an hour late", inc: fixtures.Incident("inc", untold),
			siro:      []SIROItem{{Incident: "inc", SIRO: fixtures.SIRO, For: time.Hour}},
			incidents: []IncidentItem{{Incident: "inc", Owner: "team:cyber-security", Overdue: 1}}},
		{name: "an exercise needs no notification", inc: fixtures.Incident("inc", untold, exercise)},
		{name: "two actions late, one done", inc: fixtures.Incident("inc"), actions: []v1alpha1.ImprovementAction{
			*fixtures.Action("a", "inc", now.Add(-time.Hour)), *fixtures.Action("b", "inc", now.Add(-time.Minute)),
			*fixtures.Action("c", "inc", now.Add(-time.Hour), fixtures.Done(now))},
			incidents: []IncidentItem{{Incident: "inc", Owner: "team:cyber-security", Overdue: 2}}},
	} {
		got := Compute(p, review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*c.inc}), Actions: review.Refs(c.actions)}, now).Items
		if !reflect.DeepEqual(got.SIROOverdue, c.siro) || !reflect.DeepEqual(got.Incidents, c.incidents) {
			t.Errorf("%s: SIRO %+v, incidents %+v; want %+v, %+v", c.name, got.SIROOverdue, got.Incidents, c.siro, c.incidents)
		}
	}
}

// One series per overdue external report, for the incident's owner; none
// for a report on time, recorded, not required or not yet due.
func TestExternalReportItems(t *testing.T) {
	p := review.DefaultPolicy()
	due := fixtures.T0.Add(p.ExternalReportDeadline)
	required := fixtures.ExternalReportRequired()
	owner := v1alpha1.Person("team:cyber-security")
	for _, c := range []struct {
		name      string
		inc       *v1alpha1.Incident
		now       time.Time
		items     []ExternalReportItem
		incidents []IncidentItem
	}{
		{name: "not required", inc: fixtures.Incident("inc"), now: due.Add(time.Hour)},
		{name: "required, not yet due", inc: fixtures.Incident("inc", required), now: due.Add(-time.Nanosecond)},
		{name: "required, due exactly now", inc: fixtures.Incident("inc", required), now: due,
			items:     []ExternalReportItem{{Incident: "inc", Owner: owner}},
			incidents: []IncidentItem{{Incident: "inc", Owner: owner, Overdue: 1}}},
		{name: "required, two hours late", inc: fixtures.Incident("inc", required), now: due.Add(2 * time.Hour),
			items:     []ExternalReportItem{{Incident: "inc", Owner: owner, For: 2 * time.Hour}},
			incidents: []IncidentItem{{Incident: "inc", Owner: owner, Overdue: 1}}},
		{name: "reported late", inc: fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, due.Add(time.Hour))), now: due.Add(2 * time.Hour)},
		{name: "an exercise is never reported", inc: fixtures.Incident("inc", required, func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }),
			now: due.Add(time.Hour)},
	} {
		rca := fixtures.RCA("r", "inc", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0))
		got := Compute(p, review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*c.inc}), RCAs: review.Refs(rcas(rca))}, c.now).Items
		if !reflect.DeepEqual(got.ExternalReportsOverdue, c.items) || !reflect.DeepEqual(got.Incidents, c.incidents) {
			t.Errorf("%s: external reports %+v, incidents %+v; want %+v, %+v", c.name, got.ExternalReportsOverdue, got.Incidents, c.items, c.incidents)
		}
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
