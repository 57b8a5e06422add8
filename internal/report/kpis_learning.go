package report

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// learningKPIs adds the figures that compare response across incidents:
// the times to detect and to resolve, the attacker's dwell time, the
// share of external reports made on time and the share of learning shared
// on time. Each is left out when nothing
// records what it needs; exercises never count.
func learningKPIs(k *v1alpha1.ReportKPIs, p review.Policy, in []*review.Case, now time.Time) {
	var detect, resolve, dwell mean
	var reportsDue, reportsOnTime, decisionsDue, decisionsOnTime, sharingDue, sharedOnTime int
	for _, m := range in {
		inc := m.Incident
		if s := review.LearningSharing(p, m.RCA, inc, m.RCAPhase(now), now); s.Decided(now) {
			sharingDue++
			if s.OnTime() {
				sharedOnTime++
			}
		}
		if decision := review.ExternalReportDecisionRecord(p, inc, now); decision.Counted {
			decisionsDue++
			if decision.OnTime {
				decisionsOnTime++
			}
		}
		// A breach on record counts as late whatever the incident became.
		if report := review.ExternalReportRecord(p, inc, now); report.Counted {
			reportsDue++
			if report.OnTime {
				reportsOnTime++
			}
		}
		if inc.Spec.Type == v1alpha1.IncidentTypeExercise {
			continue
		}
		detected := inc.Spec.DetectedAt.Time
		if o := inc.Spec.OccurredAt; o != nil {
			detect.add(detected.Sub(o.Time))
		}
		if inc.Spec.Type != v1alpha1.IncidentTypeIncident {
			continue // near misses stay out of the response figures
		}
		if r := inc.Spec.ResolvedAt; r != nil {
			resolve.add(r.Sub(detected))
		}
		if inc.Spec.CyberAttack {
			if d, ok := dwellTime(m); ok {
				dwell.add(d)
			}
		}
	}
	k.MeanTimeToDetect = detect.value()
	k.MeanTimeToResolve = resolve.value()
	k.MeanAttackerDwellTime = dwell.value()
	k.ExternalReportsOnTimePercent = percent(reportsOnTime, reportsDue)
	k.ExternalReportDecisionsOnTimePercent = percent(decisionsOnTime, decisionsDue)
	k.LearningSharedOnTimePercent = percent(sharedOnTime, sharingDue)
}

// dwellTime is how long the attacker of a cyber attack had: the RCA's
// attackerDwellTime when the analysis records it (the investigation's
// finding, which may reach back before the first sign the incident
// records), else from occurredAt to containedAt when both are recorded.
func dwellTime(m *review.Case) (time.Duration, bool) {
	if m.RCA != nil && m.RCA.Spec.CyberAttack != nil && m.RCA.Spec.CyberAttack.AttackerDwellTime != nil {
		return m.RCA.Spec.CyberAttack.AttackerDwellTime.Duration, true
	}
	s := &m.Incident.Spec
	if s.OccurredAt == nil || s.ContainedAt == nil {
		return 0, false
	}
	return s.ContainedAt.Sub(s.OccurredAt.Time), true
}

// mean averages durations in whole seconds.
type mean struct {
	sum, n int64
}

func (m *mean) add(d time.Duration) {
	m.sum += wholeSeconds(d)
	m.n++
}

// value is the mean truncated to the second; nil when nothing was added.
func (m mean) value() *metav1.Duration {
	if m.n == 0 {
		return nil
	}
	return seconds(m.sum / m.n)
}
