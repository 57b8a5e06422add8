package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// The per-item series follow the duties (review.Duty): one series per
// duty that needs someone now, labelled with that person so alerts reach
// them. Work on track, finished or signed off has no series, so the series
// follow the late work, never the archive.

// IncidentItem is an incident with Overdue duties past their deadline (its
// actions, its analysis, the SIRO notification, an external report): a
// count over the duties, for the incident's owner.
type IncidentItem struct {
	Namespace, Incident string
	Owner               v1alpha1.Person
	Overdue             int
}

// overdueIncidents counts, per incident, its duties past their deadline;
// incidents with none have no item. The duties of analyses and actions
// whose incident is missing count for no incident.
func overdueIncidents(duties []review.Duty, incidents []*v1alpha1.Incident) []IncidentItem {
	type key struct{ namespace, name string }
	overdue := map[key]int{}
	for _, d := range duties {
		if d.CountsForIncident() && d.Overdue() {
			overdue[key{d.Namespace, d.Incident}]++
		}
	}
	var out []IncidentItem
	for _, inc := range incidents {
		if n := overdue[key{inc.Namespace, inc.Name}]; n > 0 {
			out = append(out, IncidentItem{Namespace: inc.Namespace, Incident: inc.Name, Owner: inc.Spec.Owner, Overdue: n})
		}
	}
	return out
}

// sendDuties sends one series per duty that needs someone at now, and the
// incidents' overdue counts.
func sendDuties(ch chan<- prometheus.Metric, duties []review.Duty, incidents []IncidentItem, now time.Time) {
	// Every label value is bounded: a link's URL, say, may be 2,048
	// characters, and would otherwise be served whole at every scrape.
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		bounded := make([]string, len(labels))
		for i, l := range labels {
			bounded[i] = boundLabel(l)
		}
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, bounded...)
	}
	late := func(d review.Duty) float64 { return now.Sub(d.Due).Seconds() }
	for _, d := range duties {
		switch d.Kind {
		case review.DutyAction:
			a := d.Action
			labels := []string{d.Namespace, d.Name, d.Incident, d.ProcessReview, string(d.Who), string(a.Spec.Priority), string(a.Spec.Area)}
			switch d.Health {
			case review.HealthOverdue:
				gauge(actionOverdueItem, late(d), labels...)
			case review.HealthDueSoon:
				gauge(actionDueSoonItem, d.Due.Sub(now).Seconds(), labels...)
			default:
				continue
			}
			// An action is overdue or due soon, never both: one link series.
			if len(a.Spec.Links) > 0 && a.Spec.Links[0].URL != "" {
				gauge(actionLinkItem, 1, d.Namespace, d.Name, a.Spec.Links[0].Name, a.Spec.Links[0].URL)
			}
		case review.DutyRCA:
			if d.Overdue() {
				gauge(rcaOverdueItem, late(d), d.Namespace, d.Name, d.Incident, string(d.Who))
			}
			// Until the operator has seen it wait, the wait has no start to time.
			if d.Standing == review.StandingAwaitingSignOff && !d.Since.IsZero() {
				gauge(rcaAwaitingItem, now.Sub(d.Since).Seconds(), d.Namespace, d.Name, d.Incident, string(d.Who), string(d.SIRO))
			}
		case review.DutySIRONotification:
			if d.Overdue() {
				gauge(siroOverdueItem, late(d), d.Namespace, d.Incident, string(d.SIRO))
			}
		case review.DutyExternalReport:
			if d.Overdue() {
				gauge(externalReportOverdueItem, late(d), d.Namespace, d.Incident, string(d.Who))
			}
		case review.DutyExternalReportDecision:
			if d.Overdue() {
				gauge(externalReportDecisionOverdueItem, late(d), d.Namespace, d.Incident, string(d.Who))
			}
		case review.DutyLearningSharing:
			if d.Overdue() {
				gauge(learningSharingOverdueItem, late(d), d.Namespace, d.Name, d.Incident, string(d.Who))
			}
		case review.DutyReportSignOff:
			if d.Overdue() {
				gauge(reportSignOffOverdueItem, late(d), d.Namespace, d.Name, string(d.SIRO))
			}
		case review.DutyProcessReview:
			if d.Overdue() {
				gauge(processReviewDueItem, late(d), d.Namespace, d.Name, string(d.SIRO))
			}
		case review.DutyExercise:
			if d.Overdue() {
				gauge(exerciseDueItem, late(d), d.Namespace, d.Name, string(d.SIRO))
			}
		}
	}
	for _, i := range incidents {
		gauge(incidentOverdueItem, float64(i.Overdue), i.Namespace, i.Incident, string(i.Owner))
	}
}

// sendWithheld sends, for a confidential namespace, how many of its duties
// need someone, by kind and health, in place of their per-item series:
// nothing it holds (a name, an owner, a link) leaves it.
func sendWithheld(ch chan<- prometheus.Metric, namespace string, duties []review.Duty) {
	type key struct {
		kind   review.DutyKind
		health string
	}
	counts := map[key]int{}
	for _, d := range duties {
		switch d.Health {
		case review.HealthOverdue:
			counts[key{d.Kind, "Overdue"}]++
		case review.HealthDueSoon:
			counts[key{d.Kind, "DueSoon"}]++
		}
	}
	for k, n := range counts {
		ch <- prometheus.MustNewConstMetric(confidentialDuties, prometheus.GaugeValue, float64(n), namespace, string(k.kind), k.health)
	}
}
