package review

import (
	"slices"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// evidenceOrder is the order status.keptAsEvidence lists its reasons in.
var evidenceOrder = []v1alpha1.EvidenceReason{
	v1alpha1.EvidenceRCAApproved, v1alpha1.EvidenceSIRONotificationMissed, v1alpha1.EvidenceExternalReportMissed,
	v1alpha1.EvidenceExternalReportDecisionMissed, v1alpha1.EvidenceRCAOverdue, v1alpha1.EvidenceActionsOverdue,
	v1alpha1.EvidenceOverdue, v1alpha1.EvidenceCompletedLate, v1alpha1.EvidenceActionsRaised,
}

// evidence is what a status keeps as evidence: every reason kept before,
// and each reason whose fact holds now. A reason is never dropped.
type evidence map[v1alpha1.EvidenceReason]bool

func keptBefore(kept []v1alpha1.EvidenceReason) evidence {
	e := evidence{}
	for _, r := range kept {
		e[r] = true
	}
	return e
}

// add records reason when holds.
func (e evidence) add(reason v1alpha1.EvidenceReason, holds bool) {
	if holds {
		e[reason] = true
	}
}

// list is the reasons in their fixed order; nil when there are none. A
// reason an older or newer operator wrote, unknown here, is kept last.
func (e evidence) list() []v1alpha1.EvidenceReason {
	var out []v1alpha1.EvidenceReason
	for _, r := range evidenceOrder {
		if e[r] {
			out = append(out, r)
		}
	}
	var unknown []v1alpha1.EvidenceReason
	for r := range e {
		if !slices.Contains(evidenceOrder, r) {
			unknown = append(unknown, r)
		}
	}
	slices.Sort(unknown)
	return append(out, unknown...)
}
