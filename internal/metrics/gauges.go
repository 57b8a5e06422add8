// Package metrics exposes the state of the reviews as Prometheus gauges,
// computed at scrape time from the cache with the same pure rules the
// controllers use, so the figures never drift from the status.
package metrics

import (
	"sort"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// OverdueKey groups overdue actions.
type OverdueKey struct {
	Namespace string
	Priority  v1alpha1.Priority
	Area      v1alpha1.ImprovementArea
}

// PhaseKey groups incidents by phase.
type PhaseKey struct {
	Namespace string
	Phase     v1alpha1.IncidentPhase
}

// Snapshot is the gauges' values at one instant.
type Snapshot struct {
	OverdueActions map[OverdueKey]int
	// OldestOverdue is, per namespace, how long the longest-overdue action
	// has been overdue.
	OldestOverdue map[string]time.Duration
	Incidents     map[PhaseKey]int
	// SIROOverdue counts incidents past the notification deadline whose SIRO
	// has still not been told; SIROLate those told after the deadline.
	SIROOverdue map[string]int
	SIROLate    map[string]int
	// AwaitingSignOff counts RCAs submitted and waiting for the SIRO.
	AwaitingSignOff map[string]int
}

// Compute takes the snapshot at now from every incident, RCA and action.
func Compute(p review.Policy, incidents []v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction, now time.Time) Snapshot {
	s := Snapshot{
		OverdueActions:  map[OverdueKey]int{},
		OldestOverdue:   map[string]time.Duration{},
		Incidents:       map[PhaseKey]int{},
		SIROOverdue:     map[string]int{},
		SIROLate:        map[string]int{},
		AwaitingSignOff: map[string]int{},
	}
	byName := map[types.NamespacedName]*v1alpha1.Incident{}
	for i := range incidents {
		byName[review.IncidentKey(&incidents[i])] = &incidents[i]
	}
	for _, r := range rcas {
		if review.RCAPhase(&r, byName[types.NamespacedName{Namespace: r.Namespace, Name: r.Spec.IncidentRef.Name}]) == v1alpha1.RCAAwaitingSignOff {
			s.AwaitingSignOff[r.Namespace]++
		}
	}
	for _, a := range actions {
		if review.ActionPhase(&a, now) != v1alpha1.ActionPhaseOverdue {
			continue
		}
		s.OverdueActions[OverdueKey{a.Namespace, a.Spec.Priority, a.Spec.Area}]++
		if age := now.Sub(a.Spec.DueDate.Time); age > s.OldestOverdue[a.Namespace] {
			s.OldestOverdue[a.Namespace] = age
		}
	}
	families := review.Families(rcas, actions)
	for i := range incidents {
		inc := &incidents[i]
		f := families[review.IncidentKey(inc)]
		phase := review.IncidentPhase(review.ChooseRCA(f.RCAs, inc), inc, f.Actions)
		s.Incidents[PhaseKey{inc.Namespace, phase}]++
		switch {
		case inc.Spec.SIRONotifiedAt == nil && !now.Before(review.SIRONotificationDueAt(p, inc)):
			s.SIROOverdue[inc.Namespace]++
		case inc.Spec.SIRONotifiedAt != nil && !review.SIRONotifiedOnTime(p, inc):
			s.SIROLate[inc.Namespace]++
		}
	}
	return s
}

// namespaces lists the namespaces with any review, sorted, so every gauge
// reports zero rather than vanishing when a count drops to nothing.
func namespaces(incidents []v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction) []string {
	seen := map[string]bool{}
	for _, i := range incidents {
		seen[i.Namespace] = true
	}
	for _, r := range rcas {
		seen[r.Namespace] = true
	}
	for _, a := range actions {
		seen[a.Namespace] = true
	}
	out := make([]string, 0, len(seen))
	for ns := range seen {
		out = append(out, ns)
	}
	sort.Strings(out)
	return out
}
