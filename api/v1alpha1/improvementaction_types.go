package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ImprovementArea is one of the nine areas DSPT D2.b asks lessons to improve.
// +kubebuilder:validation:Enum=PoliciesProcessesProcedures;RolesResponsibilitiesTraining;SystemConfiguration;SecurityMonitoringReporting;InvestigationProcedures;ContainmentRecovery;GovernanceCommunication;SystemInterdependence;MeasureReliability
type ImprovementArea string

const (
	// AreaPoliciesProcessesProcedures: policies, processes and procedures.
	AreaPoliciesProcessesProcedures ImprovementArea = "PoliciesProcessesProcedures"
	// AreaRolesResponsibilitiesTraining: roles, responsibilities and training.
	AreaRolesResponsibilitiesTraining ImprovementArea = "RolesResponsibilitiesTraining"
	// AreaSystemConfiguration: system configuration.
	AreaSystemConfiguration ImprovementArea = "SystemConfiguration"
	// AreaSecurityMonitoringReporting: security monitoring and reporting.
	AreaSecurityMonitoringReporting ImprovementArea = "SecurityMonitoringReporting"
	// AreaInvestigationProcedures: investigation procedures.
	AreaInvestigationProcedures ImprovementArea = "InvestigationProcedures"
	// AreaContainmentRecovery: containment and recovery.
	AreaContainmentRecovery ImprovementArea = "ContainmentRecovery"
	// AreaGovernanceCommunication: governance and communication.
	AreaGovernanceCommunication ImprovementArea = "GovernanceCommunication"
	// AreaSystemInterdependence: interdependence between systems.
	AreaSystemInterdependence ImprovementArea = "SystemInterdependence"
	// AreaMeasureReliability: reliability of measures when demanded, backups included.
	AreaMeasureReliability ImprovementArea = "MeasureReliability"
)

// ImprovementAreas lists the nine areas in the order DSPT D2.b gives them.
var ImprovementAreas = []ImprovementArea{
	AreaPoliciesProcessesProcedures, AreaRolesResponsibilitiesTraining, AreaSystemConfiguration,
	AreaSecurityMonitoringReporting, AreaInvestigationProcedures, AreaContainmentRecovery,
	AreaGovernanceCommunication, AreaSystemInterdependence, AreaMeasureReliability,
}

// Priority orders improvement actions.
// +kubebuilder:validation:Enum=Critical;High;Medium;Low
// +kubebuilder:validation:MaxLength=32
type Priority string

// The priorities, most urgent first.
const (
	PriorityCritical Priority = "Critical"
	PriorityHigh     Priority = "High"
	PriorityMedium   Priority = "Medium"
	PriorityLow      Priority = "Low"
)

// Priorities lists the priorities, most urgent first.
var Priorities = []Priority{PriorityCritical, PriorityHigh, PriorityMedium, PriorityLow}

// ActionState is the owner's word on the action.
// +kubebuilder:validation:Enum=Open;InProgress;Done;Cancelled
type ActionState string

const (
	// ActionStateOpen: not started.
	ActionStateOpen ActionState = "Open"
	// ActionStateInProgress: under way.
	ActionStateInProgress ActionState = "InProgress"
	// ActionStateDone: finished, with completedAt and evidence.
	ActionStateDone ActionState = "Done"
	// ActionStateCancelled: will not be done, with a cancellationReason.
	ActionStateCancelled ActionState = "Cancelled"
)

// ActionPhase is where the action stands, computed by the operator.
// +kubebuilder:validation:Enum=Open;InProgress;Overdue;Done;Cancelled
type ActionPhase string

// The phases of an action; Overdue is computed from the due date.
const (
	// ActionOpen: not started, and not yet due.
	ActionOpen ActionPhase = "Open"
	// ActionInProgress: under way, and not yet due.
	ActionInProgress ActionPhase = "InProgress"
	// ActionOverdue: past its due date and neither Done nor Cancelled.
	ActionOverdue ActionPhase = "Overdue"
	// ActionDone: finished.
	ActionDone ActionPhase = "Done"
	// ActionCancelled: will not be done.
	ActionCancelled ActionPhase = "Cancelled"
)

// ImprovementActionSpec is a specific improvement with an owner, a priority
// and a deadline (DSPT D2.b).
// +kubebuilder:validation:XValidation:rule="has(self.incidentRef) != has(self.processReviewRef)",message="exactly one of spec.incidentRef and spec.processReviewRef is required: an action carries out the lessons of one Incident, or an improvement raised by one ProcessReview"
// +kubebuilder:validation:XValidation:rule="has(self.incidentRef) == has(oldSelf.incidentRef) && has(self.processReviewRef) == has(oldSelf.processReviewRef)",message="spec.incidentRef and spec.processReviewRef are immutable: an action belongs to the same Incident or ProcessReview for life"
// +kubebuilder:validation:XValidation:rule="!has(self.state) || self.state != 'Done' || has(self.completedAt)",message="spec.completedAt is required when spec.state is Done",fieldPath=.completedAt
// +kubebuilder:validation:XValidation:rule="!has(self.state) || self.state != 'Done' || (has(self.evidence) && size(self.evidence) > 0)",message="at least one spec.evidence item is required when spec.state is Done",fieldPath=.evidence
// +kubebuilder:validation:XValidation:rule="!has(self.state) || self.state != 'Cancelled' || has(self.cancellationReason)",message="spec.cancellationReason is required when spec.state is Cancelled",fieldPath=.cancellationReason
// +kubebuilder:validation:XValidation:rule="!has(self.extensions) || self.extensions.all(i, e, e.dueDate > (i == 0 ? self.dueDate : self.extensions[i - 1].dueDate))",message="each spec.extensions[].dueDate must be later than the deadline it replaces (spec.dueDate, then the previous extension's)",fieldPath=.extensions
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.extensions) || (has(self.extensions) && self.extensions.size() >= oldSelf.extensions.size() && self.extensions.slice(0, oldSelf.extensions.size()) == oldSelf.extensions)",message="spec.extensions is append-only: agreed extensions cannot be changed or removed; append a new entry to agree another deadline",fieldPath=.extensions
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.priority) || (has(self.priority) && self.priority == oldSelf.priority) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'priority') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'priority' && e.from == oldSelf.priority && (has(self.priority) ? has(e.to) && e.to == self.priority : !has(e.to))))",messageExpression="'spec.priority was ' + oldSelf.priority + (has(self.priority) ? ' and becomes ' + self.priority : ' and is removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: priority, from: ' + oldSelf.priority + (has(self.priority) ? ', to: ' + self.priority + ', ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.completedAt) || (has(self.completedAt) && self.completedAt == oldSelf.completedAt) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'completedAt') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'completedAt' && e.from.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.from) == oldSelf.completedAt && (has(self.completedAt) ? has(e.to) && e.to.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.to) == self.completedAt : !has(e.to))))",messageExpression="'spec.completedAt ' + (has(self.completedAt) ? 'changed' : 'was removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: completedAt, from: <the time it had>' + (has(self.completedAt) ? ', to: <the time it has now>, ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(self.corrections) || self.corrections.all(i, e, i < (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) || (e.field == 'priority' ? has(oldSelf.priority) && !(has(self.priority) && self.priority == oldSelf.priority) : e.field == 'completedAt' ? has(oldSelf.completedAt) && !(has(self.completedAt) && self.completedAt == oldSelf.completedAt) : false))",message="spec.corrections: every entry added corrects a fact that this write changes; a fact set for the first time needs none",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.corrections) || (has(self.corrections) && self.corrections.size() >= oldSelf.corrections.size() && self.corrections.slice(0, oldSelf.corrections.size()) == oldSelf.corrections)",message="spec.corrections is append-only: a correction on record cannot be changed or removed; append a new entry to correct a fact again",fieldPath=.corrections
type ImprovementActionSpec struct {
	// incidentRef names the Incident (same namespace) whose lessons this
	// action carries out. Exactly one of incidentRef and processReviewRef
	// is set. Immutable.
	// +optional
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="spec.incidentRef is immutable"
	IncidentRef IncidentReference `json:"incidentRef,omitzero"`

	// processReviewRef names the ProcessReview (same namespace) that
	// raised this action: an improvement found by an annual process review
	// or workshop rather than by one incident. Exactly one of incidentRef
	// and processReviewRef is set. Immutable.
	// +optional
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="spec.processReviewRef is immutable"
	ProcessReviewRef ProcessReviewReference `json:"processReviewRef,omitzero"`

	// title says what will be done, e.g. "Enforce MFA on the remote-access VPN".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=200
	Title Line `json:"title"`

	// description gives the detail: scope, approach, what done looks like.
	// +optional
	// +kubebuilder:validation:MaxLength=8192
	Description Text `json:"description,omitempty" lessons:"document"`

	// area is the D2.b improvement area: PoliciesProcessesProcedures,
	// RolesResponsibilitiesTraining, SystemConfiguration,
	// SecurityMonitoringReporting, InvestigationProcedures,
	// ContainmentRecovery, GovernanceCommunication, SystemInterdependence or
	// MeasureReliability (reliability of measures when demanded, backups
	// included).
	// +required
	Area ImprovementArea `json:"area"`

	// priority is Critical, High, Medium or Low.
	// +required
	Priority Priority `json:"priority"`

	// owner is who is responsible: an e-mail address or team:<name>.
	// +required
	Owner Person `json:"owner"`

	// dueDate is the deadline first agreed (RFC 3339, in the years 1900 to
	// 2999 UTC). It never changes once set: a later deadline is agreed by
	// appending to extensions, so the original promise stays on record.
	// Past the deadline in force (status.dueAt), an unfinished action is
	// Overdue and a Warning event is raised, then once per reminder interval.
	// +required
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="spec.dueDate is the deadline first agreed and cannot change: agree a later deadline by appending an entry to spec.extensions (dueDate, reason, agreedBy, at)"
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	DueDate metav1.Time `json:"dueDate"`

	// state is the owner's word: Open (omitted means Open), InProgress, Done
	// (needs completedAt and evidence) or Cancelled (needs
	// cancellationReason).
	// +optional
	State ActionState `json:"state,omitempty"`

	// completedAt is when the action was done (RFC 3339, in the years 1900
	// to 2999 UTC); required when state is Done.
	// +optional
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	CompletedAt *metav1.Time `json:"completedAt,omitempty"`

	// evidence that the action was done; at least one item when Done.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	Evidence []EvidenceItem `json:"evidence,omitempty"`

	// cancellationReason says why the action will not be done; required when
	// state is Cancelled.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	CancellationReason Line `json:"cancellationReason,omitempty"`

	// extensions are later deadlines agreed since dueDate, oldest first; the
	// last is the deadline in force. Append-only: an entry never changes
	// once recorded. At most 10.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=10
	Extensions []DeadlineExtension `json:"extensions,omitempty"`

	// links point at the tickets where the work is done, in the
	// organisation's tracker. At most 10.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=10
	Links []Link `json:"links,omitempty"`

	// corrections record every change of priority or completedAt once set,
	// oldest first. A write that changes or removes either must append, in
	// the same write, exactly one entry for it whose from and to are the
	// old and new values; setting it for the first time needs none.
	// Append-only: an entry never changes once recorded. At most 20.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=20
	Corrections []ActionCorrection `json:"corrections,omitempty"`
}

// ImprovementActionStatus is computed by the operator.
type ImprovementActionStatus struct {
	// observedGeneration is the spec generation the status reflects.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// phase is Open, InProgress, Overdue, Done or Cancelled.
	// +optional
	Phase ActionPhase `json:"phase,omitempty"`

	// dueAt is the deadline in force: the last agreed extension's dueDate,
	// else spec.dueDate.
	// +optional
	DueAt *metav1.Time `json:"dueAt,omitempty"`

	// extensions counts the agreed extensions of the deadline.
	// +optional
	Extensions int32 `json:"extensions,omitempty"`

	// overdueSince is the deadline in force an unfinished action passed.
	// +optional
	OverdueSince *metav1.Time `json:"overdueSince,omitempty"`

	// completedLate is true when the action was done after the deadline in
	// force (dueAt), or was announced overdue before it was done. Once true
	// it stays true, whatever completedAt is corrected to, whatever
	// extension is agreed and if the action is reopened: a late completion
	// stays on record.
	// +optional
	CompletedLate bool `json:"completedLate,omitempty"`

	// completedAfterOriginalDueDate is true when the action was done after
	// spec.dueDate, the deadline first agreed, whatever was agreed since.
	// Once true it stays true, like completedLate.
	// +optional
	CompletedAfterOriginalDueDate bool `json:"completedAfterOriginalDueDate,omitempty"`

	// keptAsEvidence lists what makes the action evidence the operator
	// keeps: it was announced overdue, or completed late. Never cleared,
	// whatever the action becomes; while it is not empty the action cannot
	// be deleted until released with the annotation
	// lessons.dspt.io/release-for-deletion: "true", which needs the verb
	// sign-off in its namespace.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=8
	KeptAsEvidence []EvidenceReason `json:"keptAsEvidence,omitempty"`

	// dueSoonAnnouncedAt is when the ActionDueSoon event was raised, so it
	// is raised once only, across restarts.
	// +optional
	DueSoonAnnouncedAt *metav1.Time `json:"dueSoonAnnouncedAt,omitempty"`

	// overdueAnnouncedAt is when the last ActionOverdue event was raised; the
	// next reminder is due one reminder interval later.
	// +optional
	OverdueAnnouncedAt *metav1.Time `json:"overdueAnnouncedAt,omitempty"`

	// announcements are the newest events the operator recorded about this
	// object (at most 8), so that each is recorded exactly once across
	// restarts and leader changes. Events expire after an hour; these
	// records stay until newer ones replace them.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=8
	Announcements []Announcement `json:"announcements,omitempty"`

	// conditions: Ready (the incident or process review exists and the
	// generation is processed), Overdue, Completed, WithinTimescale.
	// +optional
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=16
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// ImprovementAction is one improvement that a lesson turned into, with an
// owner, a priority and a deadline (DSPT D2.b).
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=ia;action,categories=lessons
// +kubebuilder:printcolumn:name="Incident",type=string,JSONPath=`.spec.incidentRef.name`
// +kubebuilder:printcolumn:name="Area",type=string,JSONPath=`.spec.area`
// +kubebuilder:printcolumn:name="Priority",type=string,JSONPath=`.spec.priority`
// +kubebuilder:printcolumn:name="Owner",type=string,JSONPath=`.spec.owner`
// +kubebuilder:printcolumn:name="Due",type=string,JSONPath=`.status.dueAt`
// +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=`.status.phase`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Extensions",type=integer,JSONPath=`.status.extensions`,priority=1
// +kubebuilder:printcolumn:name="Link",type=string,JSONPath=`.spec.links[0].url`,priority=1
// +kubebuilder:printcolumn:name="Process-Review",type=string,JSONPath=`.spec.processReviewRef.name`,priority=1
type ImprovementAction struct {
	metav1.TypeMeta `json:",inline"`
	// metadata is the standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the action.
	// +required
	Spec ImprovementActionSpec `json:"spec"`

	// status is computed by the operator.
	// Until the operator's first visit, observedGeneration reads 0, so
	// kstatus-based tools (Flux, Argo CD, kubectl wait) see an unvisited
	// object as in progress rather than reconciled.
	// +optional
	// +kubebuilder:default={observedGeneration: 0}
	Status ImprovementActionStatus `json:"status,omitempty"`

	// ReadError is why the stored object could not be read, empty when it
	// was read whole. It is never stored: see Unreadable.
	ReadError string `json:"-"`
}

// ImprovementActionList is a list of ImprovementActions.
// +kubebuilder:object:root=true
type ImprovementActionList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ImprovementAction `json:"items"`
}

func init() {
	SchemeBuilder.Register(&ImprovementAction{}, &ImprovementActionList{})
}
