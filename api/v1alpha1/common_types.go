package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Person names someone accountable: an e-mail address (jo.bloggs@example.nhs.uk)
// or a team written as team:<name> (team:information-governance). Just culture:
// people are named for accountability, never for blame. Like every Line, it
// holds no control character.
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:MaxLength=254
// +kubebuilder:validation:XValidation:rule="self.matches('^(team:[A-Za-z0-9]([-A-Za-z0-9._]*[A-Za-z0-9])?|[^@ ]+@[^@ ]+[.][^@ ]+)$')",message="must be an e-mail address (name@example.nhs.uk) or a team written as team:<name>"
type Person Line

// IncidentReference points at an Incident in the same namespace.
type IncidentReference struct {
	// name of the Incident in this namespace. It cannot be changed once set:
	// a review belongs to one incident for life.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",message="must be the name of an Incident: lower-case letters, digits, '-' and '.'"
	Name string `json:"name"`
}

// ProcessReviewReference points at a ProcessReview in the same namespace.
type ProcessReviewReference struct {
	// name of the ProcessReview in this namespace. It cannot be changed
	// once set: an action belongs to one review for life.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",message="must be the name of a ProcessReview: lower-case letters, digits, '-' and '.'"
	Name string `json:"name"`
}

// EvidenceItem records where the proof of something lives: a ticket, a
// change record, a document. Evidence is what an auditor asks for.
type EvidenceItem struct {
	// description of the evidence, e.g. "Change CHG0042: MFA enforced for all remote access".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	Description Text `json:"description" lessons:"document"`

	// url where the evidence can be read, if it has one.
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.matches('^https?://[^ ]+$')",message="must be an http(s) URL"
	URL Line `json:"url,omitempty"`
}

// SignOffDecision is the SIRO's verdict.
// +kubebuilder:validation:Enum=Approved;ChangesRequested
type SignOffDecision string

const (
	// SignOffApproved accepts the review or report as complete.
	SignOffApproved SignOffDecision = "Approved"
	// SignOffChangesRequested sends the review back to its author.
	SignOffChangesRequested SignOffDecision = "ChangesRequested"
)

// SignOff is the Senior Information Risk Owner's decision on a review or a
// report. Who may write it is enforced by an admission policy: a member of the
// SIRO group, signing as themselves (or, where configured, the GitOps
// applier, when the Git review is the approval).
type SignOff struct {
	// decision is Approved or ChangesRequested.
	// +required
	Decision SignOffDecision `json:"decision"`

	// by is the person who signed: an e-mail address or team:<name>.
	// +required
	By Person `json:"by"`

	// at is when the decision was made (RFC 3339, in the years 1900 to 2999
	// UTC, like every time in a spec).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	At metav1.Time `json:"at"`

	// comment explains the decision; expected when changes are requested.
	// +optional
	// +kubebuilder:validation:MaxLength=4096
	Comment Text `json:"comment,omitempty"`

	// assessment is the SIRO's written overall assessment of a
	// LessonsReport (DSPT D2.b): the type, frequency and nature of the
	// period's incidents, the response KPIs and what should change. The
	// report documents show it first. Only a LessonsReport takes it.
	// +optional
	// +kubebuilder:validation:MaxLength=16384
	Assessment Text `json:"assessment,omitempty" lessons:"document"`
}

// TimelineEntry is one durable line of an object's history. Events expire
// after an hour; the timeline is what an auditor reads a year later.
type TimelineEntry struct {
	// type of the entry: a phase (Open, Investigating, ...) or an event
	// reason (ActionOverdue, SIRONotificationOverdue, ...).
	// +required
	// +kubebuilder:validation:MaxLength=64
	Type string `json:"type"`

	// time the entry happened.
	// +required
	Time metav1.Time `json:"time"`

	// message says what happened, in words.
	// +optional
	// +kubebuilder:validation:MaxLength=1024
	Message string `json:"message,omitempty"`

	// kind, name and uid name the record the entry is about when it is
	// not the incident itself: an ImprovementAction that went overdue,
	// was released for deletion or was deleted; an analysis released for
	// deletion. The uid tells a record deleted and created again under
	// its name from the one recorded.
	// +optional
	// +kubebuilder:validation:Enum=ImprovementAction;RootCauseAnalysis
	Kind string `json:"kind,omitempty"`

	// name of the record the entry is about (see kind).
	// +optional
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name,omitempty"`

	// uid of the record the entry is about (see kind).
	// +optional
	// +kubebuilder:validation:MaxLength=64
	UID string `json:"uid,omitempty"`
}

// Announcement records an event the operator recorded. The event's name is
// derived from this record, so an event found missing after a crash is
// recorded again under the same name, and one already recorded is never
// recorded twice: every announcement is an event exactly once.
type Announcement struct {
	// reason is the event's reason, e.g. ActionOverdue.
	// +required
	// +kubebuilder:validation:MaxLength=64
	Reason EventReason `json:"reason"`

	// at is when the announcement was made.
	// +required
	At metav1.Time `json:"at"`

	// message is the event's note.
	// +optional
	// +kubebuilder:validation:MaxLength=1024
	Message string `json:"message,omitempty"`

	// incident names the Incident the event was also recorded on, for an
	// analysis's or an action's announcement that concerns its incident.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	Incident string `json:"incident,omitempty"`
}
