// Package metrics exposes the state of the reviews as Prometheus gauges,
// computed at scrape time from the cache with the same pure rules the
// controllers use, so the figures never drift from the status.
package metrics

import (
	"sort"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

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
	// Items are the pieces of work that need someone, one by one.
	Items Attention
}

// Compute takes the snapshot at now from every incident, RCA and action.
func Compute(p review.Policy, r review.Reviews, now time.Time) Snapshot {
	s := Snapshot{
		OverdueActions:  map[OverdueKey]int{},
		OldestOverdue:   map[string]time.Duration{},
		Incidents:       map[PhaseKey]int{},
		SIROOverdue:     map[string]int{},
		SIROLate:        map[string]int{},
		AwaitingSignOff: map[string]int{},
	}
	for i := range r.Actions {
		a := r.Actions[i]
		s.Items.action(p, a, now)
		if review.ActionPhase(a, now) != v1alpha1.ActionOverdue {
			continue
		}
		s.OverdueActions[OverdueKey{a.Namespace, a.Spec.Priority, a.Spec.Area}]++
		if age := now.Sub(review.ActionDueAt(a)); age > s.OldestOverdue[a.Namespace] {
			s.OldestOverdue[a.Namespace] = age
		}
	}
	for _, c := range r.Cases() {
		inc := c.Incident
		s.Incidents[PhaseKey{inc.Namespace, c.Phase(now)}]++
		s.Items.incident(p, &c, now)
		switch {
		case review.SIRONotificationOverdue(p, inc, now):
			s.SIROOverdue[inc.Namespace]++
		case inc.Spec.SIRONotifiedAt != nil && !review.SIRONotifiedOnTime(p, inc):
			s.SIROLate[inc.Namespace]++
		}
	}
	s.rcas(p, r, now)
	return s
}

// rcas counts, per namespace, the analyses awaiting the SIRO, and lists
// those that need someone.
func (s *Snapshot) rcas(p review.Policy, r review.Reviews, now time.Time) {
	incidents := map[types.NamespacedName]*v1alpha1.Incident{}
	for i := range r.Incidents {
		incidents[client.ObjectKeyFromObject(r.Incidents[i])] = r.Incidents[i]
	}
	for i := range r.RCAs {
		rca := r.RCAs[i]
		inc := incidents[types.NamespacedName{Namespace: rca.Namespace, Name: rca.Spec.IncidentRef.Name}]
		if review.AwaitingSignOff(rca, inc) {
			s.AwaitingSignOff[rca.Namespace]++
		}
		s.Items.rca(p, rca, inc, now)
	}
}

// namespaces lists the namespaces with any review, sorted, so every gauge
// reports zero rather than vanishing when a count drops to nothing.
func namespaces(r review.Reviews) []string {
	seen := map[string]bool{}
	for _, i := range r.Incidents {
		seen[i.Namespace] = true
	}
	for _, rca := range r.RCAs {
		seen[rca.Namespace] = true
	}
	for _, a := range r.Actions {
		seen[a.Namespace] = true
	}
	out := make([]string, 0, len(seen))
	for ns := range seen {
		out = append(out, ns)
	}
	sort.Strings(out)
	return out
}
