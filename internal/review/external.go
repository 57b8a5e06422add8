package review

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// ExternalReportRequired tells whether the incident must be reported
// outside the organisation: marked so, or decided reportable, and not an
// exercise (a test of the response plan is never reported).
func ExternalReportRequired(inc *v1alpha1.Incident) bool {
	decided := inc.Spec.ExternalReportDecision != nil && inc.Spec.ExternalReportDecision.Reportable
	return (inc.Spec.ExternalReportRequired || decided) && inc.Spec.Type != v1alpha1.IncidentTypeExercise
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
	if r := firstExternalReport(inc); r != nil {
		t := r.ReportedAt.Time
		return &t
	}
	return nil
}

// firstExternalReport is the earliest report, which meets the duty; the
// list's order when two were made at once.
func firstExternalReport(inc *v1alpha1.Incident) *v1alpha1.ExternalReport {
	var first *v1alpha1.ExternalReport
	for i := range inc.Spec.ExternalReports {
		if r := &inc.Spec.ExternalReports[i]; first == nil || r.ReportedAt.Before(&first.ReportedAt) {
			first = r
		}
	}
	return first
}
