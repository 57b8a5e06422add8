package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DeadlineExtension is a later deadline agreed for an improvement action.
// The original dueDate never changes; an extension records who agreed more
// time, when and why, so an auditor sees what was first promised and what
// was agreed since (DSPT D2.b: "appropriate timescales").
type DeadlineExtension struct {
	// dueDate is the agreed deadline (RFC 3339, in the years 1900 to 2999
	// UTC); later than the deadline it replaces (the action's dueDate, or
	// the previous extension's).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	DueDate metav1.Time `json:"dueDate"`

	// reason says why more time was agreed, e.g. "supplier patch delayed
	// to release 4.2".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=2048
	Reason Line `json:"reason"`

	// agreedBy is who agreed the new deadline: an e-mail address or
	// team:<name> (the incident lead, the SIRO, a governance board).
	// +required
	AgreedBy Person `json:"agreedBy"`

	// at is when the extension was agreed (RFC 3339, in the years 1900 to
	// 2999 UTC).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	At metav1.Time `json:"at"`
}

// Link points at the ticket where an action's work is done, in the
// organisation's own tracker (Jira, GitLab, ServiceNow).
type Link struct {
	// name of the link, e.g. "JIRA SEC-1234".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	Name Line `json:"name"`

	// url of the ticket.
	// +required
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.matches('^https?://[^ ]+$')",message="must be an http(s) URL"
	URL Line `json:"url"`
}
