package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ParticipantGroup is who took part in a process review, as Data Security
// Standard 5 asks: staff and user representatives among them.
// +kubebuilder:validation:Enum=Staff;UserRepresentative;InformationGovernance;CyberSecurity;Clinical;Management;Board;Supplier
type ParticipantGroup string

// The groups that take part in process reviews.
const (
	// GroupStaff: staff who use the processes day to day.
	GroupStaff ParticipantGroup = "Staff"
	// GroupUserRepresentative: representatives of the processes' users,
	// whom Standard 5 asks to take part in the workshops.
	GroupUserRepresentative ParticipantGroup = "UserRepresentative"
	// GroupInformationGovernance: the information governance team.
	GroupInformationGovernance ParticipantGroup = "InformationGovernance"
	// GroupCyberSecurity: the cyber security team.
	GroupCyberSecurity ParticipantGroup = "CyberSecurity"
	// GroupClinical: clinicians, the Caldicott Guardian among them.
	GroupClinical ParticipantGroup = "Clinical"
	// GroupManagement: managers who own the processes.
	GroupManagement ParticipantGroup = "Management"
	// GroupBoard: board members, the SIRO among them.
	GroupBoard ParticipantGroup = "Board"
	// GroupSupplier: suppliers whose systems or services the processes use.
	GroupSupplier ParticipantGroup = "Supplier"
)

// ParticipantGroups lists the groups in the order documents show them.
var ParticipantGroups = []ParticipantGroup{
	GroupStaff, GroupUserRepresentative, GroupInformationGovernance, GroupCyberSecurity,
	GroupClinical, GroupManagement, GroupBoard, GroupSupplier,
}

// Participants is who took part from one group. People are counted, not
// named: a workshop's minutes, linked from links, name them if needed.
type Participants struct {
	// group is Staff, UserRepresentative, InformationGovernance,
	// CyberSecurity, Clinical, Management, Board or Supplier.
	// +required
	Group ParticipantGroup `json:"group"`

	// role says who they were, e.g. "Ward clerks from the admissions unit".
	// +optional
	// +kubebuilder:validation:MaxLength=200
	Role Line `json:"role,omitempty"`

	// count is how many took part from the group, 1 to 10000.
	// +required
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=10000
	Count int32 `json:"count"`
}

// Workaround is a way staff get round a process that does not work for
// them: what Standard 5 asks reviews to find, since a workaround is where
// the next breach comes from.
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:MaxLength=2048
type Workaround Text

// ProcessReviewSpec is a review of processes, or a workshop, held to find
// the processes that caused breaches or near misses or that force staff to
// use workarounds, and to improve them (Data Security Standard 5: at least
// once a year, with user representation).
type ProcessReviewSpec struct {
	// heldAt is when the review was, or will be, held (RFC 3339, in the
	// years 1900 to 2999 UTC). A review whose heldAt is still to come is
	// Planned and counts for nothing yet.
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	HeldAt metav1.Time `json:"heldAt"`

	// title names the review, e.g. "Annual data security process workshop
	// 2025/26".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=200
	Title Line `json:"title"`

	// processes says which processes were reviewed, e.g. "Patient record
	// access requests; starters, movers and leavers; remote access".
	// +optional
	// +kubebuilder:validation:MaxLength=4096
	Processes Text `json:"processes,omitempty" lessons:"document"`

	// chair is who chaired the review: an e-mail address or team:<name>.
	// +optional
	Chair Person `json:"chair,omitempty"`

	// participants counts who took part, by group: 1 to 50 entries. Standard 5 asks for user representation: with
	// no UserRepresentative, the UserRepresentation condition is False.
	// +required
	// +listType=atomic
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	Participants []Participants `json:"participants"`

	// workarounds are the ways round a process the review found staff
	// using, each in a sentence. At most 50.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	Workarounds []Workaround `json:"workarounds,omitempty" lessons:"document"`

	// findings is what the review concluded: which processes caused
	// breaches or near misses, and what should change. Improvement actions
	// it raises name this review in spec.processReviewRef.
	// +optional
	// +kubebuilder:validation:MaxLength=16384
	Findings Text `json:"findings,omitempty" lessons:"document"`

	// incidentsReviewed names the Incidents (same namespace) the review
	// looked at. At most 100.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=100
	IncidentsReviewed []IncidentName `json:"incidentsReviewed,omitempty"`

	// links point at the minutes, terms of reference or slides. At most 10.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=10
	Links []Link `json:"links,omitempty"`
}

// IncidentName is the name of an Incident in the same namespace.
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:MaxLength=253
// +kubebuilder:validation:XValidation:rule="self.matches('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",message="must be the name of an Incident: lower-case letters, digits, '-' and '.'"
type IncidentName string

// ProcessReviewPhase is where a process review stands.
// +kubebuilder:validation:Enum=Planned;Held;Actioned
type ProcessReviewPhase string

// The phases of a process review.
const (
	// ProcessReviewPlanned: heldAt is still to come.
	ProcessReviewPlanned ProcessReviewPhase = "Planned"
	// ProcessReviewHeld: held, with actions still open (or none raised).
	ProcessReviewHeld ProcessReviewPhase = "Held"
	// ProcessReviewActioned: held, and every action it raised is finished.
	ProcessReviewActioned ProcessReviewPhase = "Actioned"
)

// ProcessReviewStatus is computed by the operator.
type ProcessReviewStatus struct {
	// observedGeneration is the spec generation the status reflects.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// phase is Planned (heldAt still to come), Held, or Actioned (held,
	// at least one action raised and every one finished).
	// +optional
	Phase ProcessReviewPhase `json:"phase,omitempty"`

	// participants is how many took part, all groups together.
	// +optional
	Participants int32 `json:"participants,omitempty"`

	// userRepresentatives is how many of them were user representatives.
	// +optional
	UserRepresentatives int32 `json:"userRepresentatives,omitempty"`

	// workarounds counts the workarounds found.
	// +optional
	Workarounds int32 `json:"workarounds,omitempty"`

	// actions counts the improvement actions the review raised.
	// +optional
	Actions ActionCounts `json:"actions,omitempty"`

	// keptAsEvidence lists what makes the review evidence the operator
	// keeps: it was held and raised actions. Never cleared; while it is
	// not empty the review cannot be deleted until released with the
	// annotation lessons.dspt.io/release-for-deletion: "true", which needs
	// the verb sign-off in its namespace.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=8
	KeptAsEvidence []EvidenceReason `json:"keptAsEvidence,omitempty"`

	// releasedForDeletionAt is when the operator saw the review, kept as
	// evidence, released for deletion (the ReleasedForDeletion event);
	// cleared if the release is withdrawn.
	// +optional
	ReleasedForDeletionAt *metav1.Time `json:"releasedForDeletionAt,omitempty"`

	// announcements are the newest events the operator recorded about this
	// object (at most 8), so that each is recorded exactly once across
	// restarts and leader changes.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=8
	Announcements []Announcement `json:"announcements,omitempty"`

	// conditions: Ready (the generation is processed), UserRepresentation
	// (False when no user representative took part).
	// +optional
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=16
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// ProcessReview is an annual review of processes, or a workshop, that looks
// for the processes that caused breaches or near misses or force staff to
// use workarounds (Data Security Standard 5). Improvement actions it raises
// name it in spec.processReviewRef.
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=prv,categories=lessons
// +kubebuilder:printcolumn:name="Held",type=string,JSONPath=`.spec.heldAt`
// +kubebuilder:printcolumn:name="Participants",type=integer,JSONPath=`.status.participants`
// +kubebuilder:printcolumn:name="User-Reps",type=integer,JSONPath=`.status.userRepresentatives`
// +kubebuilder:printcolumn:name="Actions",type=string,JSONPath=`.status.actions.progress`
// +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=`.status.phase`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Title",type=string,JSONPath=`.spec.title`,priority=1
type ProcessReview struct {
	metav1.TypeMeta `json:",inline"`
	// metadata is the standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the review.
	// +required
	Spec ProcessReviewSpec `json:"spec"`

	// status is computed by the operator.
	// Until the operator's first visit, observedGeneration reads 0, so
	// kstatus-based tools (Flux, Argo CD, kubectl wait) see an unvisited
	// object as in progress rather than reconciled.
	// +optional
	// +kubebuilder:default={observedGeneration: 0}
	Status ProcessReviewStatus `json:"status,omitempty"`

	// ReadError is why the stored object could not be read, empty when it
	// was read whole. It is never stored: see Unreadable.
	ReadError string `json:"-"`
}

// ProcessReviewList is a list of ProcessReviews.
// +kubebuilder:object:root=true
type ProcessReviewList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ProcessReview `json:"items"`
}

func init() {
	SchemeBuilder.Register(&ProcessReview{}, &ProcessReviewList{})
}
