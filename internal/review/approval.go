package review

import (
	"fmt"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// An approval stands for what was approved: the analysis's status records
// the facts of its incident when the operator first sees the approval, and
// the approval stands only while the incident still has them.

// Approved tells whether the SIRO's decision on the analysis is Approved.
func Approved(r *v1alpha1.RootCauseAnalysis) bool {
	return r.Spec.SignOff != nil && r.Spec.SignOff.Decision == v1alpha1.SignOffApproved
}

// approvalRecord is the record of the facts the analysis's current approval
// stands on, as status.approvedIncident keeps it: nil without an approval,
// or when the approval has not yet been seen with its incident.
func approvalRecord(r *v1alpha1.RootCauseAnalysis) *v1alpha1.ApprovedIncident {
	rec := r.Status.ApprovedIncident
	if !Approved(r) || rec == nil || !rec.SignOffAt.Time.Equal(r.Spec.SignOff.At.Truncate(time.Second)) {
		// A record of an earlier approval is not this one's: withdrawing
		// and approving again records the facts anew.
		return nil
	}
	return rec
}

// recordApproval is the record status.approvedIncident is to hold: the
// current approval's, kept as first made, or made now from the incident.
func recordApproval(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, now time.Time) *v1alpha1.ApprovedIncident {
	if rec := approvalRecord(r); rec != nil {
		return rec.DeepCopy()
	}
	// An approval dated after now is not seen yet: it records the
	// incident as it is when its date comes.
	if !Approved(r) || incident == nil || SignOffInFuture(r.Spec.SignOff, now) {
		return nil
	}
	return &v1alpha1.ApprovedIncident{
		UID:         string(incident.UID),
		Type:        incident.Spec.Type,
		Severity:    incident.Spec.Severity,
		Category:    incident.Spec.Category,
		CyberAttack: incident.Spec.CyberAttack,
		SignOffAt:   *statuskit.Stamp(r.Spec.SignOff.At.Time),
	}
}

// IncidentChanges lists, in words, how the incident differs from what the
// analysis's approval stands on; none when there is no record to compare
// with or the incident is unknown.
func IncidentChanges(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident) []string {
	rec := approvalRecord(r)
	if rec == nil || incident == nil {
		return nil
	}
	var changes []string
	if string(incident.UID) != rec.UID {
		changes = append(changes, "the incident was deleted and created again")
	}
	differs := func(field string, was, is any) {
		if was != is {
			changes = append(changes, fmt.Sprintf("%s %v → %v", field, was, is))
		}
	}
	differs("type", rec.Type, incident.Spec.Type)
	differs("severity", rec.Severity, incident.Spec.Severity)
	differs("category", rec.Category, incident.Spec.Category)
	differs("cyberAttack", rec.CyberAttack, incident.Spec.CyberAttack)
	return changes
}

// lapsedApproval explains why an approval in the spec does not stand at
// now: it is dated after now, the incident changed since, or required
// sections are missing.
func lapsedApproval(r *v1alpha1.RootCauseAnalysis, changes, missing []string, now time.Time) string {
	if SignOffInFuture(r.Spec.SignOff, now) {
		return SignOffInFutureMessage(r.Spec.SignOff)
	}
	if len(changes) > 0 {
		return "the incident changed since the approval: " + strings.Join(changes, "; ") +
			"; the SIRO withdraws spec.signOff and approves again if the analysis still holds"
	}
	return "required sections are missing: " + strings.Join(missing, "; ")
}
