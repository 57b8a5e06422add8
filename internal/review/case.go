package review

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Reviews are the incidents, analyses and actions of a namespace, or of
// several: what the metrics, the report and `kubectl lessons status` read.
type Reviews struct {
	Incidents []v1alpha1.Incident
	RCAs      []v1alpha1.RootCauseAnalysis
	Actions   []v1alpha1.ImprovementAction
}

// Case is one incident's review: the incident, the analysis that speaks for
// it and its improvement actions.
type Case struct {
	Incident *v1alpha1.Incident
	// RCA is the analysis chosen among those naming the incident
	// (ChooseRCA); nil when none exists.
	RCA     *v1alpha1.RootCauseAnalysis
	Actions []v1alpha1.ImprovementAction
}

// NewCase joins an incident with the analyses and actions that name it.
func NewCase(inc *v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction) Case {
	return Case{Incident: inc, RCA: ChooseRCA(rcas, inc), Actions: actions}
}

// Phase is the incident's phase, following its analysis and actions.
func (c *Case) Phase(now time.Time) v1alpha1.IncidentPhase {
	return phaseFrom(c.RCAPhase(), c, now)
}

// RCAPhase is the phase of the analysis that speaks for the incident, ""
// when there is none.
func (c *Case) RCAPhase() v1alpha1.RCAPhase {
	if c.RCA == nil {
		return ""
	}
	return RCAPhase(c.RCA, c.Incident)
}

// Cases joins every incident with the analyses and actions whose
// spec.incidentRef names it in its namespace, in the order of the
// incidents. A case's incident points into r.Incidents, and its analyses
// and actions are runs of r.RCAs and r.Actions: Cases reorders those two
// slices, grouping each incident's together (in their order), rather than
// copying every review, which for an organisation-wide report would be a
// second copy of the whole cache at every recompute.
func (r Reviews) Cases() []Case {
	rcas := groupByIncident(r.RCAs, func(rca *v1alpha1.RootCauseAnalysis) types.NamespacedName {
		return types.NamespacedName{Namespace: rca.Namespace, Name: rca.Spec.IncidentRef.Name}
	})
	actions := groupByIncident(r.Actions, func(a *v1alpha1.ImprovementAction) types.NamespacedName {
		return types.NamespacedName{Namespace: a.Namespace, Name: a.Spec.IncidentRef.Name}
	})
	cases := make([]Case, 0, len(r.Incidents))
	for i := range r.Incidents {
		inc := &r.Incidents[i]
		k := types.NamespacedName{Namespace: inc.Namespace, Name: inc.Name}
		cases = append(cases, NewCase(inc, rcas[k], actions[k]))
	}
	return cases
}

// groupByIncident reorders items so that those naming the same incident
// are adjacent, each group in its original order, and returns each group
// as a sub-slice of items, capped so that appending to one cannot overwrite
// the next. Only indexes are sorted; each item is then moved once.
func groupByIncident[T any](items []T, incidentOf func(*T) types.NamespacedName) map[types.NamespacedName][]T {
	keys := make([]types.NamespacedName, len(items))
	order := make([]int, len(items))
	for i := range items {
		keys[i] = incidentOf(&items[i])
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(keys[a].Namespace, keys[b].Namespace), strings.Compare(keys[a].Name, keys[b].Name))
	})
	permute(items, order)
	groups := map[types.NamespacedName][]T{}
	for start := 0; start < len(items); {
		k := keys[order[start]]
		end := start + 1
		for end < len(items) && keys[order[end]] == k {
			end++
		}
		groups[k] = items[start:end:end]
		start = end
	}
	return groups
}

// permute moves items[order[i]] to position i for every i, in place, by
// following each cycle of the permutation; order is left as it was.
func permute[T any](items []T, order []int) {
	done := make([]bool, len(items))
	for i := range items {
		if done[i] || order[i] == i {
			continue
		}
		held := items[i]
		j := i
		for {
			done[j] = true
			next := order[j]
			if next == i {
				items[j] = held
				break
			}
			items[j] = items[next]
			j = next
		}
	}
}

// incidentIndex finds incidents by namespace and name, for the analyses and
// actions that name them.
func (r Reviews) incidentIndex() map[types.NamespacedName]*v1alpha1.Incident {
	out := make(map[types.NamespacedName]*v1alpha1.Incident, len(r.Incidents))
	for i := range r.Incidents {
		out[types.NamespacedName{Namespace: r.Incidents[i].Namespace, Name: r.Incidents[i].Name}] = &r.Incidents[i]
	}
	return out
}

// Unreadable is an object the API server holds that could not be read (see
// v1alpha1's Unreadable): it is left out of every rule and reported.
type Unreadable struct {
	Kind, Namespace, Name string
	// Why is the reason it could not be read.
	Why string
}

// Readable splits the reviews into those that could be read and those that
// could not, so one bad object never stands in for a real one: an action
// read without its due date would count as overdue.
func (r Reviews) Readable() (Reviews, []Unreadable) {
	var out Reviews
	var bad []Unreadable
	out.Incidents = keepReadable(r.Incidents, "Incident", &bad)
	out.RCAs = keepReadable(r.RCAs, "RootCauseAnalysis", &bad)
	out.Actions = keepReadable(r.Actions, "ImprovementAction", &bad)
	return out, bad
}

// keepReadable returns the readable items (the same slice, uncopied, when
// all are), adding the others to bad.
func keepReadable[T any, PT interface {
	*T
	Unreadable() string
	GetNamespace() string
	GetName() string
}](items []T, kind string, bad *[]Unreadable) []T {
	var out []T
	for i := range items {
		p := PT(&items[i])
		if why := p.Unreadable(); why != "" {
			if out == nil {
				out = append(make([]T, 0, len(items)), items[:i]...)
			}
			*bad = append(*bad, Unreadable{Kind: kind, Namespace: p.GetNamespace(), Name: p.GetName(), Why: why})
			continue
		}
		if out != nil {
			out = append(out, items[i])
		}
	}
	if out == nil {
		return items
	}
	return out
}
