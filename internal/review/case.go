package review

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Reviews are the incidents, analyses and actions of a namespace, or of
// several: what the metrics, the report and `kubectl lessons status` read.
// They are pointers so that the manager can hand over the cache's own
// objects, which every rule only reads, without copying a whole namespace
// (or, for an organisation-wide report, the whole cluster) at each
// recompute.
type Reviews struct {
	Incidents []*v1alpha1.Incident
	RCAs      []*v1alpha1.RootCauseAnalysis
	Actions   []*v1alpha1.ImprovementAction
}

// Refs points at each of items: the Reviews of a typed list's Items.
func Refs[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// Case is one incident's review: the incident, the analysis that speaks for
// it and its improvement actions.
type Case struct {
	Incident *v1alpha1.Incident
	// RCA is the analysis chosen among those naming the incident
	// (ChooseRCA); nil when none exists.
	RCA     *v1alpha1.RootCauseAnalysis
	Actions []*v1alpha1.ImprovementAction
}

// NewCase joins an incident with the analyses and actions that name it.
func NewCase(inc *v1alpha1.Incident, rcas []*v1alpha1.RootCauseAnalysis, actions []*v1alpha1.ImprovementAction) Case {
	return Case{Incident: inc, RCA: ChooseRCA(rcas, inc), Actions: actions}
}

// Phase is the incident's phase, following its analysis and actions.
func (c *Case) Phase(now time.Time) v1alpha1.IncidentPhase {
	return phaseFrom(c.RCAPhase(now), c, now)
}

// RCAPhase is the phase at now of the analysis that speaks for the
// incident, "" when there is none.
func (c *Case) RCAPhase(now time.Time) v1alpha1.RCAPhase {
	if c.RCA == nil {
		return ""
	}
	return RCAPhase(c.RCA, c.Incident, now)
}

var rcaPhaseRank = map[v1alpha1.RCAPhase]int{
	v1alpha1.RCASignedOff: 3, v1alpha1.RCAAwaitingSignOff: 2, v1alpha1.RCAChangesRequested: 1, v1alpha1.RCADraft: 0,
}

// ChooseRCA picks the analysis that speaks for an incident when several
// reference it: the most advanced, then the oldest, then by name.
func ChooseRCA(rcas []*v1alpha1.RootCauseAnalysis, inc *v1alpha1.Incident) *v1alpha1.RootCauseAnalysis {
	if len(rcas) == 0 {
		return nil
	}
	sorted := slices.Clone(rcas)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if ra, rb := rcaPhaseRank[rcaStanding(a, inc, true)], rcaPhaseRank[rcaStanding(b, inc, true)]; ra != rb {
			return ra > rb
		}
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Before(&b.CreationTimestamp)
		}
		return a.Name < b.Name
	})
	return sorted[0]
}

// phaseFrom is the incident's phase from its analysis's phase ("" when it
// has none) and the case's actions or reason why none is needed.
func phaseFrom(rcaPhase v1alpha1.RCAPhase, c *Case, now time.Time) v1alpha1.IncidentPhase {
	switch rcaPhase {
	case "":
		return v1alpha1.IncidentOpen
	case v1alpha1.RCAAwaitingSignOff:
		return v1alpha1.IncidentAwaitingSignOff
	case v1alpha1.RCASignedOff:
		if !closes(c.closure(now)) {
			return v1alpha1.IncidentRemediating
		}
		return v1alpha1.IncidentClosed
	}
	return v1alpha1.IncidentInvestigating
}

// Cases joins every incident with the analyses and actions whose
// spec.incidentRef names it in its namespace, in the order of the
// incidents; each incident's analyses and actions keep their order.
func (r Reviews) Cases() []Case {
	rcas := groupByIncident(r.RCAs, func(rca *v1alpha1.RootCauseAnalysis) types.NamespacedName {
		return types.NamespacedName{Namespace: rca.Namespace, Name: rca.Spec.IncidentRef.Name}
	})
	actions := groupByIncident(r.Actions, func(a *v1alpha1.ImprovementAction) types.NamespacedName {
		return types.NamespacedName{Namespace: a.Namespace, Name: a.Spec.IncidentRef.Name}
	})
	cases := make([]Case, 0, len(r.Incidents))
	for _, inc := range r.Incidents {
		k := types.NamespacedName{Namespace: inc.Namespace, Name: inc.Name}
		cases = append(cases, NewCase(inc, rcas[k], actions[k]))
	}
	return cases
}

// groupByIncident groups items by the incident they name, each group in
// the items' order. The groups share one sorted copy of the pointers,
// capped so that appending to one cannot overwrite the next.
func groupByIncident[T any](items []*T, incidentOf func(*T) types.NamespacedName) map[types.NamespacedName][]*T {
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b *T) int {
		ka, kb := incidentOf(a), incidentOf(b)
		return cmp.Or(strings.Compare(ka.Namespace, kb.Namespace), strings.Compare(ka.Name, kb.Name))
	})
	groups := map[types.NamespacedName][]*T{}
	for start := 0; start < len(sorted); {
		k := incidentOf(sorted[start])
		end := start + 1
		for end < len(sorted) && incidentOf(sorted[end]) == k {
			end++
		}
		groups[k] = sorted[start:end:end]
		start = end
	}
	return groups
}

// incidentIndex finds incidents by namespace and name, for the analyses and
// actions that name them.
func (r Reviews) incidentIndex() map[types.NamespacedName]*v1alpha1.Incident {
	out := make(map[types.NamespacedName]*v1alpha1.Incident, len(r.Incidents))
	for _, inc := range r.Incidents {
		out[types.NamespacedName{Namespace: inc.Namespace, Name: inc.Name}] = inc
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

// keepReadable returns the readable items (the same slice when all are),
// adding the others to bad.
func keepReadable[T interface {
	Unreadable() string
	GetNamespace() string
	GetName() string
}](items []T, kind string, bad *[]Unreadable) []T {
	var out []T
	for i, item := range items {
		if why := item.Unreadable(); why != "" {
			if out == nil {
				out = append(make([]T, 0, len(items)), items[:i]...)
			}
			*bad = append(*bad, Unreadable{Kind: kind, Namespace: item.GetNamespace(), Name: item.GetName(), Why: why})
			continue
		}
		if out != nil {
			out = append(out, item)
		}
	}
	if out == nil {
		return items
	}
	return out
}
