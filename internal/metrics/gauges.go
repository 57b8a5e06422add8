// Package metrics exposes the state of the reviews as Prometheus gauges,
// computed at scrape time from the cache: one series per duty that needs
// someone (review.Duty, the list the incidents' status and `kubectl lessons
// status` read too), and counts that are group-bys over the duties, so
// the figures never drift from the status.
package metrics

import (
	"sort"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
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
	// Duties are every duty owed (the reviews' and the reports' sign-offs),
	// each a series while it needs someone; OverdueIncidents count them
	// per incident.
	Duties           []review.Duty
	OverdueIncidents []IncidentItem
}

// Compute takes the snapshot at now from every incident, RCA, action and
// report: the counts are group-bys over the duties.
func Compute(p review.Policy, r review.Reviews, reports []*v1alpha1.LessonsReport, now time.Time) Snapshot {
	s := Snapshot{
		OverdueActions:  map[OverdueKey]int{},
		OldestOverdue:   map[string]time.Duration{},
		Incidents:       map[PhaseKey]int{},
		SIROOverdue:     map[string]int{},
		SIROLate:        map[string]int{},
		AwaitingSignOff: map[string]int{},
		Duties:          append(r.Duties(p, now), report.Duties(p, reports, now)...),
	}
	for _, d := range s.Duties {
		switch {
		case d.Kind == review.DutyAction && d.Overdue():
			s.OverdueActions[OverdueKey{d.Namespace, d.Action.Spec.Priority, d.Action.Spec.Area}]++
			s.OldestOverdue[d.Namespace] = max(s.OldestOverdue[d.Namespace], now.Sub(d.Due))
		case d.Kind == review.DutySIRONotification && d.Overdue():
			s.SIROOverdue[d.Namespace]++
		case d.Kind == review.DutyRCA && d.Standing == review.StandingAwaitingSignOff:
			s.AwaitingSignOff[d.Namespace]++
		}
	}
	s.OverdueIncidents = overdueIncidents(s.Duties, r.Incidents)
	for _, c := range r.Cases() {
		inc := c.Incident
		s.Incidents[PhaseKey{inc.Namespace, c.Phase(now)}]++
		if inc.Spec.SIRONotifiedAt != nil && !review.SIRONotifiedOnTime(p, inc) {
			s.SIROLate[inc.Namespace]++
		}
	}
	return s
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
