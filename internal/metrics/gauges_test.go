package metrics

import (
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
	s := Compute(review.DefaultPolicy(), review.Reviews{Incidents: incidents, RCAs: rcas, Actions: actions}, now)
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
	if got := namespaces(review.Reviews{Incidents: []v1alpha1.Incident{*incA, *incUntold}}); len(got) != 2 || got[0] != "care-home" {
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
		s := Compute(review.DefaultPolicy(), review.Reviews{Actions: []v1alpha1.ImprovementAction{*a}}, c.now)
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
