package v1alpha1_test

import (
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// TestTalliesOf checks that every area and priority has a tally of its own.
func TestTalliesOf(t *testing.T) {
	var areas v1alpha1.AreaTallies
	seen := map[*v1alpha1.ActionTally]v1alpha1.ImprovementArea{}
	for _, a := range v1alpha1.ImprovementAreas {
		tally := areas.Of(a)
		if tally == nil {
			t.Errorf("area %s has no tally", a)
			continue
		}
		if other, ok := seen[tally]; ok {
			t.Errorf("areas %s and %s share a tally", a, other)
		}
		seen[tally] = a
	}
	if areas.Of("Astrology") != nil {
		t.Error("an unknown area has a tally")
	}
	var priorities v1alpha1.PriorityTallies
	seenP := map[*v1alpha1.ActionTally]v1alpha1.Priority{}
	for _, p := range []v1alpha1.Priority{v1alpha1.PriorityCritical, v1alpha1.PriorityHigh, v1alpha1.PriorityMedium, v1alpha1.PriorityLow} {
		tally := priorities.Of(p)
		if tally == nil {
			t.Errorf("priority %s has no tally", p)
			continue
		}
		if other, ok := seenP[tally]; ok {
			t.Errorf("priorities %s and %s share a tally", p, other)
		}
		seenP[tally] = p
	}
	if priorities.Of("Urgent") != nil {
		t.Error("an unknown priority has a tally")
	}
}
