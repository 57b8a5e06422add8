package report

import (
	"slices"
	"strings"
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
			a := &m.Actions[i]
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

// causeTypes are the cause types recurrence looks for.
var causeTypes = []v1alpha1.CauseType{v1alpha1.CauseTechnical, v1alpha1.CauseNonTechnical}

// findRecurrence lists the areas with actions in more than one incident and
// the cause types found in more than one incident's RCA, each with the
// number of incidents, most frequent first, then by name.
func findRecurrence(in []*review.Case) v1alpha1.Recurrence {
	areas := make([]int32, len(v1alpha1.ImprovementAreas))
	causes := make([]int32, len(causeTypes))
	for _, m := range in {
		var seen uint32
		for i := range m.Actions {
			if j := slices.Index(v1alpha1.ImprovementAreas, m.Actions[i].Spec.Area); j >= 0 {
				seen |= 1 << j
			}
		}
		for j := range areas {
			if seen&(1<<j) != 0 {
				areas[j]++
			}
		}
		if m.RCA == nil {
			continue
		}
		seen = 0
		for _, cause := range m.RCA.Spec.Causes {
			if j := slices.Index(causeTypes, cause.Type); j >= 0 {
				seen |= 1 << j
			}
		}
		for j := range causes {
			if seen&(1<<j) != 0 {
				causes[j]++
			}
		}
	}
	var r v1alpha1.Recurrence
	for j, n := range areas {
		if n > 1 {
			r.Areas = append(r.Areas, v1alpha1.Recurring{Name: string(v1alpha1.ImprovementAreas[j]), Incidents: n})
		}
	}
	for j, n := range causes {
		if n > 1 {
			r.CauseTypes = append(r.CauseTypes, v1alpha1.Recurring{Name: string(causeTypes[j]), Incidents: n})
		}
	}
	byCountThenName := func(a, b v1alpha1.Recurring) int {
		if a.Incidents != b.Incidents {
			return int(b.Incidents - a.Incidents)
		}
		return strings.Compare(a.Name, b.Name)
	}
	slices.SortFunc(r.Areas, byCountThenName)
	slices.SortFunc(r.CauseTypes, byCountThenName)
	return r
}
