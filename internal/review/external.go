package review

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// ExternalReportRequired tells whether the incident must be reported
// outside the organisation: marked so, and not an exercise (a test of the
// response plan is never reported).
func ExternalReportRequired(inc *v1alpha1.Incident) bool {
	return inc.Spec.ExternalReportRequired && inc.Spec.Type != v1alpha1.IncidentTypeExercise
}

// ExternalReportDueAt is when a required external report is due: the
// deadline recorded when it was missed, whatever detectedAt became since,
// else detectedAt plus the external report deadline.
func ExternalReportDueAt(p Policy, inc *v1alpha1.Incident) time.Time {
	if b := inc.Status.ExternalReportBreach; b != nil {
		return b.DueAt.Time
	}
	return inc.Spec.DetectedAt.Add(p.ExternalReportDeadline)
}

// FirstExternalReport is when the incident was first reported outside the
// organisation, or nil.
func FirstExternalReport(inc *v1alpha1.Incident) *time.Time {
	var first *time.Time
	for _, r := range inc.Spec.ExternalReports {
		if t := r.ReportedAt.Time; first == nil || t.Before(*first) {
			first = &t
		}
	}
	return first
}

// ExternallyReportedOnTime tells whether a required report was made by its
// deadline, and never recorded as missed.
func ExternallyReportedOnTime(p Policy, inc *v1alpha1.Incident) bool {
	first := FirstExternalReport(inc)
	return inc.Status.ExternalReportBreach == nil && first != nil && !first.After(ExternalReportDueAt(p, inc))
}

// ExternalReportOverdue tells whether a required report's deadline has
// passed with no report recorded.
func ExternalReportOverdue(p Policy, inc *v1alpha1.Incident, now time.Time) bool {
	return ExternalReportRequired(inc) && FirstExternalReport(inc) == nil && statuskit.Reached(now, ExternalReportDueAt(p, inc))
}
