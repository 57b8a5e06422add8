package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// RCAState is the author's word on the analysis.
// +kubebuilder:validation:Enum=Draft;Submitted
type RCAState string

const (
	// RCAStateDraft is work in progress.
	RCAStateDraft RCAState = "Draft"
	// RCAStateSubmitted asks the SIRO for sign-off.
	RCAStateSubmitted RCAState = "Submitted"
)

// RCAPhase is where the analysis stands, computed by the operator.
// +kubebuilder:validation:Enum=Draft;AwaitingSignOff;ChangesRequested;SignedOff
type RCAPhase string

const (
	// RCADraft: being written, or submitted with required sections missing.
	RCADraft RCAPhase = "Draft"
	// RCAAwaitingSignOff: submitted and complete; waits for the SIRO.
	RCAAwaitingSignOff RCAPhase = "AwaitingSignOff"
	// RCAChangesRequested: the SIRO sent it back.
	RCAChangesRequested RCAPhase = "ChangesRequested"
	// RCASignedOff: the SIRO approved it.
	RCASignedOff RCAPhase = "SignedOff"
)

// CauseType separates technical from non-technical causes (D2.b).
// +kubebuilder:validation:Enum=Technical;NonTechnical
type CauseType string

const (
	// CauseTechnical is a cause in systems, configuration or tooling.
	CauseTechnical CauseType = "Technical"
	// CauseNonTechnical is a cause in people, process, training or governance.
	CauseNonTechnical CauseType = "NonTechnical"
)

// CauseCategory groups causes of the same kind, so that a cause seen in
// several incidents is found across them.
// +kubebuilder:validation:Enum=Process;Training;Workload;Communication;Technology;Configuration;Supplier;Workaround;Detection;Other
type CauseCategory string

const (
	// CauseProcess: a process or procedure was missing, unclear or not followed.
	CauseProcess CauseCategory = "Process"
	// CauseTraining: people lacked the training or awareness they needed.
	CauseTraining CauseCategory = "Training"
	// CauseWorkload: pressure of work or staffing left no time to act safely.
	CauseWorkload CauseCategory = "Workload"
	// CauseCommunication: information did not reach who needed it.
	CauseCommunication CauseCategory = "Communication"
	// CauseTechnology: a system or tool failed or lacked a control.
	CauseTechnology CauseCategory = "Technology"
	// CauseConfiguration: a system was set up wrongly.
	CauseConfiguration CauseCategory = "Configuration"
	// CauseSupplier: a supplier's product or service was behind it.
	CauseSupplier CauseCategory = "Supplier"
	// CauseWorkaround: a workaround around a control became the practice.
	CauseWorkaround CauseCategory = "Workaround"
	// CauseDetection: monitoring did not detect it, or not in time.
	CauseDetection CauseCategory = "Detection"
	// CauseOther: none of the above.
	CauseOther CauseCategory = "Other"
)

// RCAOverview is the overall view of the incident or near miss (D2.a).
type RCAOverview struct {
	// whatHappened: what led to the incident or near miss.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	WhatHappened Text `json:"whatHappened,omitempty" lessons:"document"`

	// containment: how it was contained.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	Containment Text `json:"containment,omitempty" lessons:"document"`

	// lessonsLearned: what the organisation learned. It is quoted in the
	// LessonsReport, so name processes and systems, not people.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	LessonsLearned Text `json:"lessonsLearned,omitempty" lessons:"document,quoted"`
}

// Cause is one root cause.
type Cause struct {
	// type is Technical or NonTechnical.
	// +required
	Type CauseType `json:"type"`

	// description of the cause, e.g. "Legacy VPN accepted password-only logins".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	Description Text `json:"description" lessons:"document"`

	// category is the kind of cause (Process, Training, Workload,
	// Communication, Technology, Configuration, Supplier, Workaround,
	// Detection or Other), so that causes recurring across incidents can be
	// found. Optional.
	// +optional
	Category CauseCategory `json:"category,omitempty"`
}

// ResponseEvaluation evaluates the response (D2.b).
type ResponseEvaluation struct {
	// responsePlanAdequacy: how well the incident response plan served.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	ResponsePlanAdequacy Text `json:"responsePlanAdequacy,omitempty" lessons:"document"`

	// remedialActivities: how effective the remedial activities were.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	RemedialActivities Text `json:"remedialActivities,omitempty" lessons:"document"`

	// personnelCompetency: whether responders had the skills and training
	// they needed. Assess the organisation's provision, not individuals.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	PersonnelCompetency Text `json:"personnelCompetency,omitempty" lessons:"document"`
}

// CyberAttackAnalysis is the extra analysis a cyber attack needs (D2.a).
type CyberAttackAnalysis struct {
	// exploitedWeaknesses: the technical and non-technical weaknesses
	// exploited before and during the incident.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=2048
	ExploitedWeaknesses []Text `json:"exploitedWeaknesses,omitempty" lessons:"document"`

	// attackerDwellTime: how long the attacker was present in the
	// environment, as a duration such as 72h or 36h30m (at most four
	// number-unit parts of up to five digits each, so it always fits).
	// +optional
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^([0-9]{1,5}(\.[0-9]{1,9})?(ns|us|ms|s|m|h)){1,4}$`
	AttackerDwellTime *metav1.Duration `json:"attackerDwellTime,omitempty"`

	// detectionEfficacy: how well existing tools and processes detected and
	// prevented the attack.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	DetectionEfficacy Text `json:"detectionEfficacy,omitempty" lessons:"document"`

	// resilienceEnhancements: enhancements to networks and systems that
	// would increase resilience.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=2048
	ResilienceEnhancements []Text `json:"resilienceEnhancements,omitempty" lessons:"document"`
}

// ChainOfCustody records whether evidence was handled so it stays admissible.
type ChainOfCustody struct {
	// maintained is true when a chain of custody was kept for the evidence.
	// +optional
	Maintained bool `json:"maintained,omitempty"`

	// notes on how evidence was preserved, or why custody was not kept.
	// +optional
	// +kubebuilder:validation:MaxLength=4096
	Notes Text `json:"notes,omitempty" lessons:"document"`
}

// Investigation records who took part in the investigation (D2.a).
type Investigation struct {
	// externalSpecialists is true when outside specialists were involved.
	// +optional
	ExternalSpecialists bool `json:"externalSpecialists,omitempty"`

	// manufacturersInvolved is true when equipment manufacturers were involved.
	// +optional
	ManufacturersInvolved bool `json:"manufacturersInvolved,omitempty"`

	// independentTeam is true when an independent team carried out the analysis.
	// +optional
	IndependentTeam bool `json:"independentTeam,omitempty"`

	// chainOfCustody of the evidence.
	// +optional
	ChainOfCustody *ChainOfCustody `json:"chainOfCustody,omitempty"`
}

// RootCauseAnalysisSpec is the analysis of one incident or near miss.
// +kubebuilder:validation:XValidation:rule="!has(self.signOff) || (has(self.state) && self.state == 'Submitted')",message="spec.signOff may only be given to a submitted RCA: set spec.state to Submitted first",fieldPath=.signOff
// +kubebuilder:validation:XValidation:rule="!has(self.state) || self.state != 'Submitted' || (has(self.overview) && has(self.overview.whatHappened) && has(self.overview.containment) && has(self.overview.lessonsLearned))",message="a submitted RCA needs spec.overview complete: whatHappened, containment and lessonsLearned",fieldPath=.overview
// +kubebuilder:validation:XValidation:rule="!has(self.state) || self.state != 'Submitted' || (has(self.causes) && size(self.causes) > 0)",message="a submitted RCA needs at least one entry in spec.causes",fieldPath=.causes
// +kubebuilder:validation:XValidation:rule="!has(self.state) || self.state != 'Submitted' || (has(self.responseEvaluation) && has(self.responseEvaluation.responsePlanAdequacy) && has(self.responseEvaluation.remedialActivities) && has(self.responseEvaluation.personnelCompetency))",message="a submitted RCA needs spec.responseEvaluation complete: responsePlanAdequacy, remedialActivities and personnelCompetency",fieldPath=.responseEvaluation
// +kubebuilder:validation:XValidation:rule="!has(self.state) || self.state != 'Submitted' || has(self.organisationalFactors) || (oldSelf.hasValue() && has(oldSelf.value().state) && oldSelf.value().state == 'Submitted' && !has(oldSelf.value().organisationalFactors))",message="a submitted RCA needs spec.organisationalFactors: describe the organisational processes and vulnerabilities behind the incident, or set spec.state to Draft",fieldPath=.organisationalFactors,optionalOldSelf=true
// +kubebuilder:validation:XValidation:rule="!has(self.signOff) || self.signOff.decision != 'Approved' || has(self.organisationalFactors) || (has(oldSelf.signOff) && oldSelf.signOff.decision == 'Approved')",message="spec.signOff cannot approve an RCA without spec.organisationalFactors: the author adds the section first, then the SIRO approves",fieldPath=.signOff
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.signOff) || oldSelf.signOff.decision != 'Approved' || !has(self.signOff) || self.signOff.decision != 'Approved' || (self.incidentRef == oldSelf.incidentRef && self.lead == oldSelf.lead && has(self.dueDate) == has(oldSelf.dueDate) && (!has(self.dueDate) || self.dueDate == oldSelf.dueDate) && has(self.extensions) == has(oldSelf.extensions) && (!has(self.extensions) || self.extensions == oldSelf.extensions) && has(self.state) == has(oldSelf.state) && (!has(self.state) || self.state == oldSelf.state) && has(self.overview) == has(oldSelf.overview) && (!has(self.overview) || self.overview == oldSelf.overview) && has(self.causes) == has(oldSelf.causes) && (!has(self.causes) || self.causes == oldSelf.causes) && has(self.organisationalFactors) == has(oldSelf.organisationalFactors) && (!has(self.organisationalFactors) || self.organisationalFactors == oldSelf.organisationalFactors) && has(self.noActionsReason) == has(oldSelf.noActionsReason) && (!has(self.noActionsReason) || self.noActionsReason == oldSelf.noActionsReason) && has(self.responseEvaluation) == has(oldSelf.responseEvaluation) && (!has(self.responseEvaluation) || self.responseEvaluation == oldSelf.responseEvaluation) && has(self.cyberAttack) == has(oldSelf.cyberAttack) && (!has(self.cyberAttack) || self.cyberAttack == oldSelf.cyberAttack) && has(self.investigation) == has(oldSelf.investigation) && (!has(self.investigation) || self.investigation == oldSelf.investigation) && has(self.evidence) == has(oldSelf.evidence) && (!has(self.evidence) || self.evidence == oldSelf.evidence) && has(self.signOff) == has(oldSelf.signOff) && (!has(self.signOff) || self.signOff == oldSelf.signOff))",message="an approved RCA is immutable: withdraw spec.signOff (or change its decision) before changing it; only spec.sharedWith may still grow"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.dueDate) || has(self.dueDate)",message="spec.dueDate is the deadline first agreed and cannot be removed: agree a later deadline by appending an entry to spec.extensions (dueDate, reason, agreedBy, at)",fieldPath=.dueDate
// +kubebuilder:validation:XValidation:rule="!has(self.extensions) || self.extensions.all(i, e, i == 0 ? (!has(self.dueDate) || e.dueDate > self.dueDate) : e.dueDate > self.extensions[i - 1].dueDate)",message="each spec.extensions[].dueDate must be later than the deadline it replaces (spec.dueDate, then the previous extension's)",fieldPath=.extensions
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.extensions) || (has(self.extensions) && self.extensions.size() >= oldSelf.extensions.size() && self.extensions.slice(0, oldSelf.extensions.size()) == oldSelf.extensions)",message="spec.extensions is append-only: agreed extensions cannot be changed or removed; append a new entry to agree another deadline",fieldPath=.extensions
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.sharedWith) || (has(self.sharedWith) && self.sharedWith.size() >= oldSelf.sharedWith.size() && self.sharedWith.slice(0, oldSelf.sharedWith.size()) == oldSelf.sharedWith)",message="spec.sharedWith is append-only: a record of sharing cannot be changed or removed; append a new entry to record another",fieldPath=.sharedWith
type RootCauseAnalysisSpec struct {
	// incidentRef names the Incident (same namespace) this analysis is for.
	// Immutable.
	// +required
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="spec.incidentRef is immutable"
	IncidentRef IncidentReference `json:"incidentRef"`

	// lead is who leads the analysis: an e-mail address or team:<name>.
	// +required
	Lead Person `json:"lead"`

	// dueDate is the deadline first agreed for the analysis (RFC 3339, in
	// the years 1900 to 2999 UTC). Omitted means detectedAt plus the review
	// window for the incident's severity (15 days for Critical and High, 30
	// for Medium and Low). Once set it never changes: a later deadline is
	// agreed in extensions, so every move leaves a record. status.dueAt
	// shows the deadline in force.
	// +optional
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="spec.dueDate is the deadline first agreed and cannot change: agree a later deadline by appending an entry to spec.extensions (dueDate, reason, agreedBy, at)"
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	DueDate *metav1.Time `json:"dueDate,omitempty"`

	// extensions are later deadlines agreed since the first (dueDate, or
	// the review window's end), oldest first; the last is the deadline in
	// force. Append-only: an entry never changes once recorded. At most 10.
	// A deadline in force beyond the severity's review window sets
	// WithinTimescale=False (BeyondReviewWindow).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=10
	Extensions []DeadlineExtension `json:"extensions,omitempty"`

	// state is the author's word: Draft (omitted means Draft) or Submitted
	// for SIRO sign-off. A submitted RCA must have overview, causes,
	// organisationalFactors and responseEvaluation complete, and cyberAttack
	// when its incident is a cyber attack.
	// +optional
	State RCAState `json:"state,omitempty"`

	// overview: what happened, how it was contained, lessons learned.
	// +optional
	Overview *RCAOverview `json:"overview,omitempty"`

	// causes are the root causes, technical and non-technical.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	Causes []Cause `json:"causes,omitempty"`

	// organisationalFactors: the organisational processes and
	// vulnerabilities behind the incident (DSPT D2.a). Required before
	// submission. An RCA submitted before it was required stays editable
	// without it, and an approval given then stands, but a new approval
	// needs it.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=8192
	OrganisationalFactors Text `json:"organisationalFactors,omitempty" lessons:"document"`

	// noActionsReason says why the incident needs no improvement action. An
	// incident is Closed only when it has at least one improvement action,
	// or its signed-off analysis gives this reason; otherwise it stays
	// Remediating.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	NoActionsReason Line `json:"noActionsReason,omitempty"`

	// responseEvaluation evaluates the response plan, remedial activities
	// and personnel competency.
	// +optional
	ResponseEvaluation *ResponseEvaluation `json:"responseEvaluation,omitempty"`

	// cyberAttack is required before submission when the incident has
	// cyberAttack: true.
	// +optional
	CyberAttack *CyberAttackAnalysis `json:"cyberAttack,omitempty"`

	// investigation records external specialists, manufacturers, an
	// independent team and the chain of custody.
	// +optional
	Investigation *Investigation `json:"investigation,omitempty"`

	// evidence supporting the analysis.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	Evidence []EvidenceItem `json:"evidence,omitempty"`

	// signOff is the SIRO's decision. Only a submitted RCA can be signed off;
	// once Approved the RCA is immutable until the sign-off is withdrawn.
	// An RCA's sign-off takes no assessment (that is a report's).
	// +optional
	// +kubebuilder:validation:XValidation:rule="!has(self.assessment)",message="spec.signOff.assessment belongs to a LessonsReport's sign-off: put the reasoning for an RCA's decision in spec.signOff.comment"
	SignOff *SignOff `json:"signOff,omitempty"`

	// sharedWith records who the learning was shared with, oldest first:
	// audience, at, by, how and links. Append-only: an entry never changes
	// once recorded, and entries may be appended after approval. At most
	// 50. A signed-off analysis of an Incident or NearMiss is due to be
	// shared with Staff or Team, and with the Reporter, within the sharing
	// window after its sign-off (condition LearningShared).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	SharedWith []LearningShare `json:"sharedWith,omitempty"`
}

// ApprovedIncident is what an approval of an analysis stood on: the facts
// of its incident when the operator first saw the approval.
type ApprovedIncident struct {
	// uid of the Incident object; another one means the incident was
	// deleted and created again.
	// +required
	// +kubebuilder:validation:MaxLength=64
	UID string `json:"uid"`

	// type of the incident: Incident, NearMiss or Exercise.
	// +required
	Type IncidentType `json:"type"`

	// severity of the incident.
	// +required
	Severity Severity `json:"severity"`

	// category of the incident.
	// +required
	Category IncidentCategory `json:"category"`

	// cyberAttack of the incident.
	// +required
	CyberAttack bool `json:"cyberAttack"`

	// signOffAt is the spec.signOff.at of the approval these facts are for:
	// another approval records them anew.
	// +required
	SignOffAt metav1.Time `json:"signOffAt"`
}

// RootCauseAnalysisStatus is computed by the operator.
type RootCauseAnalysisStatus struct {
	// observedGeneration is the spec generation the status reflects.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// phase is Draft, AwaitingSignOff, ChangesRequested or SignedOff.
	// +optional
	Phase RCAPhase `json:"phase,omitempty"`

	// missing lists, in words, the sections still required before the RCA
	// can be signed off.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=32
	Missing []string `json:"missing,omitempty"`

	// missingSections counts the sections in missing, for the MISSING column.
	// +optional
	MissingSections int32 `json:"missingSections,omitempty"`

	// dueAt is the deadline in force: the last agreed extension's, else
	// spec.dueDate, else detectedAt plus the severity's review window.
	// +optional
	DueAt *metav1.Time `json:"dueAt,omitempty"`

	// approvedIncident is the incident as it stood when the operator first
	// saw the approval. While the incident differs from it (deleted and
	// created again included), the approval does not stand.
	// +optional
	ApprovedIncident *ApprovedIncident `json:"approvedIncident,omitempty"`

	// awaitingSignOffSince is when the operator first saw the analysis
	// awaiting the SIRO's sign-off, kept while it waits: the spec does not
	// record when it was submitted. Unset in every other phase.
	// +optional
	AwaitingSignOffSince *metav1.Time `json:"awaitingSignOffSince,omitempty"`

	// announcements are the newest events the operator recorded about this
	// object (at most 8), so that each is recorded exactly once across
	// restarts and leader changes. Events expire after an hour; these
	// records stay until newer ones replace them.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=8
	Announcements []Announcement `json:"announcements,omitempty"`

	// conditions: Ready (False with DuplicateAnalysis when another analysis
	// speaks for the incident), Complete, SignedOff (False with
	// IncidentChanged when the incident changed after approval), Overdue,
	// LearningShared (once signed off, for an Incident or NearMiss).
	// +optional
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=16
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// RootCauseAnalysis is the root cause analysis of an incident or near miss
// (DSPT D2.a), signed off by the SIRO.
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=rca,categories=lessons
// +kubebuilder:printcolumn:name="Incident",type=string,JSONPath=`.spec.incidentRef.name`
// +kubebuilder:printcolumn:name="Lead",type=string,JSONPath=`.spec.lead`
// +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=`.status.phase`
// +kubebuilder:printcolumn:name="Due",type=string,JSONPath=`.status.dueAt`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Missing",type=integer,JSONPath=`.status.missingSections`,priority=1
type RootCauseAnalysis struct {
	metav1.TypeMeta `json:",inline"`
	// metadata is the standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the analysis.
	// +required
	Spec RootCauseAnalysisSpec `json:"spec"`

	// status is computed by the operator.
	// Until the operator's first visit, observedGeneration reads 0, so
	// kstatus-based tools (Flux, Argo CD, kubectl wait) see an unvisited
	// object as in progress rather than reconciled.
	// +optional
	// +kubebuilder:default={observedGeneration: 0}
	Status RootCauseAnalysisStatus `json:"status,omitempty"`

	// ReadError is why the stored object could not be read, empty when it
	// was read whole. It is never stored: see Unreadable.
	ReadError string `json:"-"`
}

// RootCauseAnalysisList is a list of RootCauseAnalyses.
// +kubebuilder:object:root=true
type RootCauseAnalysisList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []RootCauseAnalysis `json:"items"`
}

func init() {
	SchemeBuilder.Register(&RootCauseAnalysis{}, &RootCauseAnalysisList{})
}
