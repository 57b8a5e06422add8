package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Records are evidence: once a fact of an incident or an action is set, a
// write that changes or removes it is refused unless the same write
// appends one correction per changed fact, saying from what, to what, why,
// who agreed and when. The corrections are append-only, so what the record
// said before stays readable beside what it says now.

// IncidentFact names a fact of an Incident that changes only with a
// correction on record.
// +kubebuilder:validation:Enum=type;severity;category;cyberAttack;externalReportRequired;occurredAt;detectedAt;containedAt;resolvedAt;siroNotifiedAt
type IncidentFact string

// The facts of an Incident.
const (
	FactType                   IncidentFact = "type"
	FactSeverity               IncidentFact = "severity"
	FactCategory               IncidentFact = "category"
	FactCyberAttack            IncidentFact = "cyberAttack"
	FactExternalReportRequired IncidentFact = "externalReportRequired"
	FactOccurredAt             IncidentFact = "occurredAt"
	FactDetectedAt             IncidentFact = "detectedAt"
	FactContainedAt            IncidentFact = "containedAt"
	FactResolvedAt             IncidentFact = "resolvedAt"
	FactSIRONotifiedAt         IncidentFact = "siroNotifiedAt"
)

// ActionFact names a fact of an ImprovementAction that changes only with a
// correction on record.
// +kubebuilder:validation:Enum=priority;completedAt
type ActionFact string

// The facts of an ImprovementAction.
const (
	FactPriority    ActionFact = "priority"
	FactCompletedAt ActionFact = "completedAt"
)

// IncidentCorrection records one change of an Incident's fact.
type IncidentCorrection struct {
	// field is the fact corrected: type, severity, category, cyberAttack,
	// externalReportRequired, occurredAt, detectedAt, containedAt,
	// resolvedAt or siroNotifiedAt.
	// +required
	Field IncidentFact `json:"field"`

	CorrectionRecord `json:",inline"`
}

// ActionCorrection records one change of an ImprovementAction's fact.
type ActionCorrection struct {
	// field is the fact corrected: priority or completedAt.
	// +required
	Field ActionFact `json:"field"`

	CorrectionRecord `json:",inline"`
}

// CorrectionRecord is what a correction says beyond the fact it names.
type CorrectionRecord struct {
	// from is the fact's value before this correction, as written (a time
	// in RFC 3339 in any offset, "true" or "false" for a flag).
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=64
	From Line `json:"from"`

	// to is the fact's value after it, as written; omitted when the fact is
	// removed.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=64
	To Line `json:"to,omitempty"`

	// reason says why the fact was wrong, e.g. "the SIEM alert shows the
	// first login at 06:12, not 09:30".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=2048
	Reason Line `json:"reason"`

	// by is who agreed the correction: an e-mail address or team:<name>.
	// +required
	By Person `json:"by"`

	// at is when it was agreed (RFC 3339, in the years 1900 to 2999 UTC).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	At metav1.Time `json:"at"`
}
