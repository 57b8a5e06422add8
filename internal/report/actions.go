package report

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// countActions counts the actions of the period's incidents by phase at
// now, overall, by area and by priority. open counts every action neither
// Done nor Cancelled, overdue ones included.
func countActions(in []*review.Case, now time.Time) v1alpha1.ActionFigures {
	var f v1alpha1.ActionFigures
	for _, m := range in {
		for i := range m.Actions {
			a := m.Actions[i]
			phase := review.ActionPhase(a, now)
			f.Total++
			if len(a.Spec.Extensions) > 0 {
				f.Extended++
			}
			switch phase {
			case v1alpha1.ActionDone:
				f.Done++
			case v1alpha1.ActionCancelled:
				f.Cancelled++
			default:
				f.Open++
				if phase == v1alpha1.ActionOverdue {
					f.Overdue++
				}
			}
			tally(f.ByArea.Of(a.Spec.Area), phase)
			tally(f.ByPriority.Of(a.Spec.Priority), phase)
		}
	}
	return f
}

func tally(t *v1alpha1.ActionTally, phase v1alpha1.ActionPhase) {
	if t == nil {
		return
	}
	t.Total++
	switch phase {
	case v1alpha1.ActionDone:
		t.Done++
	case v1alpha1.ActionCancelled:
	case v1alpha1.ActionOverdue:
		t.Open++
		t.Overdue++
	default:
		t.Open++
	}
}

// countCauses counts the root causes of the chosen RCAs by type.
func countCauses(in []*review.Case) v1alpha1.CauseCounts {
	var c v1alpha1.CauseCounts
	for _, m := range in {
		if m.RCA == nil {
			continue
		}
		for _, cause := range m.RCA.Spec.Causes {
			switch cause.Type {
			case v1alpha1.CauseTechnical:
				c.Technical++
			case v1alpha1.CauseNonTechnical:
				c.NonTechnical++
			}
		}
	}
	return c
}
