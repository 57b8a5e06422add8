package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// IncidentType says whether harm happened, or whether the response plan was
// being tested.
// +kubebuilder:validation:Enum=Incident;NearMiss;Exercise
// +kubebuilder:validation:MaxLength=32
type IncidentType string

const (
	// IncidentTypeIncident is an event with an actual adverse effect.
	IncidentTypeIncident IncidentType = "Incident"
	// IncidentTypeNearMiss exposed a breakdown in controls, but fortunate
	// circumstances prevented harm. Near misses are learned from too.
	IncidentTypeNearMiss IncidentType = "NearMiss"
	// IncidentTypeExercise is a test of the response plan (Data Security
	// Standard 7: at least once a year). It is reviewed like the others,
	// with an RCA and improvement actions, but counted apart: it is never
	// in the incident KPIs, and the SIRO notification deadline does not
	// apply.
	IncidentTypeExercise IncidentType = "Exercise"
)

// IncidentCategory is the DSPT scope the incident falls in.
// +kubebuilder:validation:Enum=PersonalDataBreach;ConfidentialityBreach;NetworkAndInformationSystems
// +kubebuilder:validation:MaxLength=32
type IncidentCategory string

const (
	// CategoryPersonalDataBreach is a breach of personal data (UK GDPR).
	CategoryPersonalDataBreach IncidentCategory = "PersonalDataBreach"
	// CategoryConfidentialityBreach is a breach of confidence in other
	// confidential health information.
	CategoryConfidentialityBreach IncidentCategory = "ConfidentialityBreach"
	// CategoryNetworkAndInformationSystems is an adverse effect on the
	// security of network and information systems.
	CategoryNetworkAndInformationSystems IncidentCategory = "NetworkAndInformationSystems"
)

// Severity grades an incident's impact; it sets the RCA review window.
// +kubebuilder:validation:Enum=Low;Medium;High;Critical
// +kubebuilder:validation:MaxLength=32
type Severity string

// The severities, least to most severe.
const (
	SeverityLow      Severity = "Low"
	SeverityMedium   Severity = "Medium"
	SeverityHigh     Severity = "High"
	SeverityCritical Severity = "Critical"
)

// Severities lists the severities, most severe first: the order of every
// table and flag that names them.
var Severities = []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow}

// IncidentPhase is where the review of an incident stands. It is computed by
// the operator from the RCA and actions, never written by users.
// +kubebuilder:validation:Enum=Open;Investigating;AwaitingSignOff;Remediating;Closed
type IncidentPhase string

const (
	// IncidentOpen: no root cause analysis exists yet.
	IncidentOpen IncidentPhase = "Open"
	// IncidentInvestigating: the RCA is a draft, or changes were requested.
	IncidentInvestigating IncidentPhase = "Investigating"
	// IncidentAwaitingSignOff: the RCA is submitted and waits for the SIRO.
	IncidentAwaitingSignOff IncidentPhase = "AwaitingSignOff"
	// IncidentRemediating: the RCA is signed off; actions remain to be done.
	IncidentRemediating IncidentPhase = "Remediating"
	// IncidentClosed: the RCA is signed off, every action is Done or
	// Cancelled, and there is at least one action or the RCA's
	// noActionsReason says why none is needed.
	IncidentClosed IncidentPhase = "Closed"
)

// IncidentSpec records what happened and who leads the response.
// +kubebuilder:validation:XValidation:rule="self.type != 'Incident' || has(self.siro)",message="spec.siro is required when spec.type is Incident: incidents are reported to the Senior Information Risk Owner",fieldPath=.siro
// +kubebuilder:validation:XValidation:rule="!has(self.containedAt) || self.containedAt >= self.detectedAt",message="spec.containedAt must not be before spec.detectedAt",fieldPath=.containedAt
// +kubebuilder:validation:XValidation:rule="!has(self.resolvedAt) || self.resolvedAt >= self.detectedAt",message="spec.resolvedAt must not be before spec.detectedAt",fieldPath=.resolvedAt
// +kubebuilder:validation:XValidation:rule="!has(self.siroNotifiedAt) || self.siroNotifiedAt >= self.detectedAt",message="spec.siroNotifiedAt must not be before spec.detectedAt",fieldPath=.siroNotifiedAt
// +kubebuilder:validation:XValidation:rule="!has(self.occurredAt) || self.occurredAt <= self.detectedAt",message="spec.occurredAt must not be after spec.detectedAt: it is when the incident began, detection came later",fieldPath=.occurredAt
// +kubebuilder:validation:XValidation:rule="!has(self.externalReports) || self.externalReports.all(r, r.reportedAt >= self.detectedAt)",message="spec.externalReports[].reportedAt must not be before spec.detectedAt",fieldPath=.externalReports
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.type) || (has(self.type) && self.type == oldSelf.type) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'type') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'type' && e.from == oldSelf.type && (has(self.type) ? has(e.to) && e.to == self.type : !has(e.to))))",messageExpression="'spec.type was ' + oldSelf.type + (has(self.type) ? ' and becomes ' + self.type : ' and is removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: type, from: ' + oldSelf.type + (has(self.type) ? ', to: ' + self.type + ', ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.severity) || (has(self.severity) && self.severity == oldSelf.severity) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'severity') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'severity' && e.from == oldSelf.severity && (has(self.severity) ? has(e.to) && e.to == self.severity : !has(e.to))))",messageExpression="'spec.severity was ' + oldSelf.severity + (has(self.severity) ? ' and becomes ' + self.severity : ' and is removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: severity, from: ' + oldSelf.severity + (has(self.severity) ? ', to: ' + self.severity + ', ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.category) || (has(self.category) && self.category == oldSelf.category) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'category') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'category' && e.from == oldSelf.category && (has(self.category) ? has(e.to) && e.to == self.category : !has(e.to))))",messageExpression="'spec.category was ' + oldSelf.category + (has(self.category) ? ' and becomes ' + self.category : ' and is removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: category, from: ' + oldSelf.category + (has(self.category) ? ', to: ' + self.category + ', ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.cyberAttack) || (has(self.cyberAttack) && self.cyberAttack == oldSelf.cyberAttack) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'cyberAttack') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'cyberAttack' && e.from in ['true', 'false'] && (e.from == 'true') == oldSelf.cyberAttack && (has(self.cyberAttack) ? has(e.to) && e.to in ['true', 'false'] && (e.to == 'true') == self.cyberAttack : !has(e.to))))",messageExpression="'spec.cyberAttack was ' + (oldSelf.cyberAttack ? 'true' : 'false') + (has(self.cyberAttack) ? ' and becomes ' + (self.cyberAttack ? 'true' : 'false') : ' and is removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: cyberAttack, from: ' + (oldSelf.cyberAttack ? 'true' : 'false') + (has(self.cyberAttack) ? ', to: ' + (self.cyberAttack ? 'true' : 'false') + ', ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.externalReportRequired) || (has(self.externalReportRequired) && self.externalReportRequired == oldSelf.externalReportRequired) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'externalReportRequired') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'externalReportRequired' && e.from in ['true', 'false'] && (e.from == 'true') == oldSelf.externalReportRequired && (has(self.externalReportRequired) ? has(e.to) && e.to in ['true', 'false'] && (e.to == 'true') == self.externalReportRequired : !has(e.to))))",messageExpression="'spec.externalReportRequired was ' + (oldSelf.externalReportRequired ? 'true' : 'false') + (has(self.externalReportRequired) ? ' and becomes ' + (self.externalReportRequired ? 'true' : 'false') : ' and is removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: externalReportRequired, from: ' + (oldSelf.externalReportRequired ? 'true' : 'false') + (has(self.externalReportRequired) ? ', to: ' + (self.externalReportRequired ? 'true' : 'false') + ', ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.occurredAt) || (has(self.occurredAt) && self.occurredAt == oldSelf.occurredAt) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'occurredAt') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'occurredAt' && e.from.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.from) == oldSelf.occurredAt && (has(self.occurredAt) ? has(e.to) && e.to.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.to) == self.occurredAt : !has(e.to))))",messageExpression="'spec.occurredAt ' + (has(self.occurredAt) ? 'changed' : 'was removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: occurredAt, from: <the time it had>' + (has(self.occurredAt) ? ', to: <the time it has now>, ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.detectedAt) || (has(self.detectedAt) && self.detectedAt == oldSelf.detectedAt) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'detectedAt') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'detectedAt' && e.from.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.from) == oldSelf.detectedAt && (has(self.detectedAt) ? has(e.to) && e.to.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.to) == self.detectedAt : !has(e.to))))",messageExpression="'spec.detectedAt ' + (has(self.detectedAt) ? 'changed' : 'was removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: detectedAt, from: <the time it had>' + (has(self.detectedAt) ? ', to: <the time it has now>, ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.containedAt) || (has(self.containedAt) && self.containedAt == oldSelf.containedAt) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'containedAt') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'containedAt' && e.from.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.from) == oldSelf.containedAt && (has(self.containedAt) ? has(e.to) && e.to.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.to) == self.containedAt : !has(e.to))))",messageExpression="'spec.containedAt ' + (has(self.containedAt) ? 'changed' : 'was removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: containedAt, from: <the time it had>' + (has(self.containedAt) ? ', to: <the time it has now>, ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.resolvedAt) || (has(self.resolvedAt) && self.resolvedAt == oldSelf.resolvedAt) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'resolvedAt') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'resolvedAt' && e.from.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.from) == oldSelf.resolvedAt && (has(self.resolvedAt) ? has(e.to) && e.to.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.to) == self.resolvedAt : !has(e.to))))",messageExpression="'spec.resolvedAt ' + (has(self.resolvedAt) ? 'changed' : 'was removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: resolvedAt, from: <the time it had>' + (has(self.resolvedAt) ? ', to: <the time it has now>, ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.siroNotifiedAt) || (has(self.siroNotifiedAt) && self.siroNotifiedAt == oldSelf.siroNotifiedAt) || (has(self.corrections) && self.corrections.existsOne(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'siroNotifiedAt') && self.corrections.exists(i, e, i >= (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) && e.field == 'siroNotifiedAt' && e.from.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.from) == oldSelf.siroNotifiedAt && (has(self.siroNotifiedAt) ? has(e.to) && e.to.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$') && timestamp(e.to) == self.siroNotifiedAt : !has(e.to))))",messageExpression="'spec.siroNotifiedAt ' + (has(self.siroNotifiedAt) ? 'changed' : 'was removed') + ': a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry {field: siroNotifiedAt, from: <the time it had>' + (has(self.siroNotifiedAt) ? ', to: <the time it has now>, ' : ', ') + 'reason: why, by: who agreed, at: when}'",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(self.corrections) || self.corrections.all(i, e, i < (has(oldSelf.corrections) ? oldSelf.corrections.size() : 0) || (e.field == 'type' ? has(oldSelf.type) && !(has(self.type) && self.type == oldSelf.type) : e.field == 'severity' ? has(oldSelf.severity) && !(has(self.severity) && self.severity == oldSelf.severity) : e.field == 'category' ? has(oldSelf.category) && !(has(self.category) && self.category == oldSelf.category) : e.field == 'cyberAttack' ? has(oldSelf.cyberAttack) && !(has(self.cyberAttack) && self.cyberAttack == oldSelf.cyberAttack) : e.field == 'externalReportRequired' ? has(oldSelf.externalReportRequired) && !(has(self.externalReportRequired) && self.externalReportRequired == oldSelf.externalReportRequired) : e.field == 'occurredAt' ? has(oldSelf.occurredAt) && !(has(self.occurredAt) && self.occurredAt == oldSelf.occurredAt) : e.field == 'detectedAt' ? has(oldSelf.detectedAt) && !(has(self.detectedAt) && self.detectedAt == oldSelf.detectedAt) : e.field == 'containedAt' ? has(oldSelf.containedAt) && !(has(self.containedAt) && self.containedAt == oldSelf.containedAt) : e.field == 'resolvedAt' ? has(oldSelf.resolvedAt) && !(has(self.resolvedAt) && self.resolvedAt == oldSelf.resolvedAt) : e.field == 'siroNotifiedAt' ? has(oldSelf.siroNotifiedAt) && !(has(self.siroNotifiedAt) && self.siroNotifiedAt == oldSelf.siroNotifiedAt) : false))",message="spec.corrections: every entry added corrects a fact that this write changes; a fact set for the first time needs none",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.corrections) || (has(self.corrections) && self.corrections.size() >= oldSelf.corrections.size() && self.corrections.slice(0, oldSelf.corrections.size()) == oldSelf.corrections)",message="spec.corrections is append-only: a correction on record cannot be changed or removed; append a new entry to correct a fact again",fieldPath=.corrections
// +kubebuilder:validation:XValidation:rule="!has(self.externalReportDecision) || self.externalReportDecision.reportable || has(self.externalReportDecision.reason)",message="spec.externalReportDecision.reason is required when the incident is not reportable: record why it is not reported outside the organisation (UK GDPR Art. 33(5))",fieldPath=.externalReportDecision.reason
// +kubebuilder:validation:XValidation:rule="!has(self.externalReportDecision) || !has(self.externalReportRequired) || !self.externalReportRequired || self.externalReportDecision.reportable",message="spec.externalReportRequired is true but spec.externalReportDecision.reportable is false: both record the decision and must agree",fieldPath=.externalReportDecision
type IncidentSpec struct {
	// title is a short, blame-free description, e.g. "Credential compromise after phishing e-mail".
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=200
	Title Line `json:"title"`

	// summary tells what happened in a few sentences. Focus on systems and
	// processes, not on named staff.
	// +optional
	// +kubebuilder:validation:MaxLength=8192
	Summary Text `json:"summary,omitempty" lessons:"document"`

	// type is Incident (harm happened), NearMiss (harm was prevented by
	// fortunate circumstances) or Exercise (a test of the response plan).
	// Each gets a root cause analysis; an exercise is counted apart and has
	// no SIRO notification deadline.
	// +required
	Type IncidentType `json:"type"`

	// category is PersonalDataBreach, ConfidentialityBreach or
	// NetworkAndInformationSystems.
	// +required
	Category IncidentCategory `json:"category"`

	// cyberAttack marks a deliberate attack. When true, the RCA must cover the
	// cyber-attack section (weaknesses exploited, dwell time, detection
	// efficacy, resilience enhancements). Omitted means false.
	// +optional
	CyberAttack bool `json:"cyberAttack,omitempty"`

	// severity is Low, Medium, High or Critical. It sets the RCA's default
	// review window (15 days for Critical and High, 30 for Medium and Low).
	// +required
	Severity Severity `json:"severity"`

	// detectedAt is when the incident was detected (RFC 3339). Like every
	// time in a spec it must lie in the years 1900 to 2999 (UTC), so that
	// every deadline computed from it can be written too. Deadlines run from
	// here: the SIRO is to be told within 12 hours (Data Security Standard 6).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	DetectedAt metav1.Time `json:"detectedAt"`

	// containedAt is when the incident was contained (RFC 3339, in the years
	// 1900 to 2999 UTC); not before detectedAt.
	// +optional
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	ContainedAt *metav1.Time `json:"containedAt,omitempty"`

	// resolvedAt is when normal service was restored (RFC 3339, in the years
	// 1900 to 2999 UTC); not before detectedAt.
	// +optional
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	ResolvedAt *metav1.Time `json:"resolvedAt,omitempty"`

	// owner is the incident lead: an e-mail address or team:<name>.
	// +required
	Owner Person `json:"owner"`

	// siro is the Senior Information Risk Owner the incident is reported to.
	// Required when type is Incident.
	// +optional
	SIRO Person `json:"siro,omitempty"`

	// siroNotifiedAt is when senior management was told (RFC 3339, in the
	// years 1900 to 2999 UTC; not before detectedAt). It is due within
	// 12 hours of detectedAt (the manager's --siro-notification-deadline);
	// status.siroNotificationDueAt shows the deadline.
	// +optional
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	SIRONotifiedAt *metav1.Time `json:"siroNotifiedAt,omitempty"`

	// themes name what the incident was about, in lower-case words such as
	// phishing, ransomware or misdirected-email, so that recurring themes
	// are seen across incidents. At most 10.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=10
	// +kubebuilder:validation:items:MinLength=2
	// +kubebuilder:validation:items:MaxLength=40
	// +kubebuilder:validation:items:Pattern=`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`
	Themes []string `json:"themes,omitempty"`

	// occurredAt is when the incident began, as far as the investigation
	// can tell (RFC 3339, in the years 1900 to 2999 UTC; not after
	// detectedAt). The time from here to detection is the time to detect,
	// and for a cyber attack the attacker's dwell time.
	// +optional
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	OccurredAt *metav1.Time `json:"occurredAt,omitempty"`

	// relatedIncidents names other Incidents in this namespace that share a
	// cause or a theme with this one, e.g. an earlier phishing incident.
	// The per-incident document lists them. At most 20.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=20
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=253
	// +kubebuilder:validation:items:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	RelatedIncidents []string `json:"relatedIncidents,omitempty"`

	// externalReportRequired marks an incident that must be reported
	// outside the organisation: a personal data breach reportable to the
	// ICO through the DSPT incident reporting tool, within 72 hours of
	// becoming aware (the manager's --external-report-deadline, from
	// detectedAt). Until a report is recorded in externalReports it is
	// tracked like the SIRO notification: condition ExternallyReported and,
	// once the deadline passes, a Warning event ExternalReportOverdue.
	// Omitted means false.
	// +optional
	ExternalReportRequired bool `json:"externalReportRequired,omitempty"`

	// externalReportDecision records the decision whether the incident is
	// to be reported outside the organisation (to the ICO through the DSPT
	// incident reporting tool, say), either way, with who decided and
	// when, and why when it is not: UK GDPR Art. 33(5) asks for the
	// reasoning to be documented. Every Incident of type Incident needs one
	// within --external-report-deadline (72 hours) of detection; until
	// then ExternallyReported is Unknown, after it False (DecisionOverdue).
	// externalReportRequired: true counts as a decision that it is
	// reportable; when both are set they must agree.
	// +optional
	ExternalReportDecision *ExternalReportDecision `json:"externalReportDecision,omitempty"`

	// externalReports records each report made outside the organisation,
	// oldest first. The first one meets externalReportRequired. At most 10.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=10
	ExternalReports []ExternalReport `json:"externalReports,omitempty"`

	// corrections record every change of a fact once set (type, severity,
	// category, cyberAttack, externalReportRequired, occurredAt,
	// detectedAt, containedAt, resolvedAt, siroNotifiedAt), oldest first.
	// A write that changes or removes a fact must append, in the same
	// write, exactly one entry for it whose from and to are the old and new
	// values; setting a fact for the first time needs none. Append-only:
	// an entry never changes once recorded. At most 20.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=20
	Corrections []IncidentCorrection `json:"corrections,omitempty"`
}

// ExternalReportDecision is the recorded decision whether an incident is
// reported outside the organisation.
type ExternalReportDecision struct {
	// reportable is the decision: true when the incident is to be reported
	// outside the organisation, false when it is not (reason says why).
	// +required
	Reportable bool `json:"reportable"`

	// reason says why the incident is not reportable, e.g. "the lost laptop
	// was encrypted: no personal data was put at risk"; required when
	// reportable is false.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	Reason Line `json:"reason,omitempty"`

	// decidedBy is who decided: an e-mail address or team:<name> (the data
	// protection officer, the SIRO).
	// +required
	DecidedBy Person `json:"decidedBy"`

	// at is when the decision was made (RFC 3339, in the years 1900 to 2999
	// UTC).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	At metav1.Time `json:"at"`
}

// ReportingAuthority is who an incident was reported to outside the
// organisation.
// +kubebuilder:validation:Enum=ICO;NHSEngland;DHSC;NCSC;Police;Other
type ReportingAuthority string

// The authorities an incident may be reported to.
const (
	AuthorityICO        ReportingAuthority = "ICO"
	AuthorityNHSEngland ReportingAuthority = "NHSEngland"
	AuthorityDHSC       ReportingAuthority = "DHSC"
	AuthorityNCSC       ReportingAuthority = "NCSC"
	AuthorityPolice     ReportingAuthority = "Police"
	AuthorityOther      ReportingAuthority = "Other"
)

// ExternalReport is one report of the incident outside the organisation.
type ExternalReport struct {
	// authority the incident was reported to: ICO, NHSEngland, DHSC, NCSC,
	// Police or Other.
	// +required
	Authority ReportingAuthority `json:"authority"`

	// reference is the authority's reference for the report, e.g. the DSPT
	// incident reporting tool's incident number.
	// +optional
	// +kubebuilder:validation:MaxLength=128
	Reference Line `json:"reference,omitempty"`

	// reportedAt is when the report was made (RFC 3339, in the years 1900
	// to 2999 UTC; not before the incident's detectedAt).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	ReportedAt metav1.Time `json:"reportedAt"`
}

// ActionCounts summarises an incident's improvement actions.
type ActionCounts struct {
	// total is the number of improvement actions for the incident.
	Total int32 `json:"total"`
	// done is the number of actions Done or Cancelled.
	Done int32 `json:"done"`
	// overdue is the number of actions past their due date and not finished.
	Overdue int32 `json:"overdue"`
	// progress is done/total, e.g. "2/5", for the ACTIONS column.
	// +optional
	Progress string `json:"progress,omitempty"`
}

// IncidentStatus is computed by the operator.
type IncidentStatus struct {
	// observedGeneration is the spec generation the status reflects.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// phase is Open, Investigating, AwaitingSignOff, Remediating or Closed.
	// +optional
	Phase IncidentPhase `json:"phase,omitempty"`

	// announcements are the newest events the operator recorded about this
	// object (at most 8), so that each is recorded exactly once across
	// restarts and leader changes. Events expire after an hour; these
	// records stay until newer ones replace them.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=8
	Announcements []Announcement `json:"announcements,omitempty"`

	// conditions: Ready (references resolve and the generation is
	// processed), Overdue (an action, the RCA, the SIRO notification or a
	// required external report is late), SIRONotified, ExternallyReported
	// (NotRequired unless spec.externalReportRequired), Complete (closure
	// proven: NoImprovementActions while signed off with no action and no
	// reason why none is needed).
	// +optional
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=16
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// actions counts the incident's improvement actions.
	// +optional
	Actions ActionCounts `json:"actions,omitempty"`

	// rootCauseAnalysis is the name of the RootCauseAnalysis found for the
	// incident.
	// +optional
	RootCauseAnalysis string `json:"rootCauseAnalysis,omitempty"`

	// rcaPhase is the phase of that RootCauseAnalysis; empty while none
	// exists.
	// +optional
	RCAPhase RCAPhase `json:"rcaPhase,omitempty"`

	// siroNotification says where telling the SIRO stands, as the reason of
	// the SIRONotified condition: Notified, NotifiedLate, NotYetDue or
	// DeadlineMissed.
	// +optional
	SIRONotification ConditionReason `json:"siroNotification,omitempty"`

	// overdue counts every duty of the incident that is past its deadline:
	// its overdue actions, its root cause analysis, the SIRO notification,
	// a required external report.
	// Always written, so the OVERDUE column shows 0 rather than nothing.
	// +optional
	Overdue int32 `json:"overdue"`

	// nextDueAt is the earliest deadline of the incident still ahead: an
	// unfinished action's, the root cause analysis's until it is signed
	// off, the SIRO notification's until the SIRO is told, a required
	// external report's until one is recorded.
	// +optional
	NextDueAt *metav1.Time `json:"nextDueAt,omitempty"`

	// siroNotificationDueAt is when the SIRO must have been told by.
	// +optional
	SIRONotificationDueAt *metav1.Time `json:"siroNotificationDueAt,omitempty"`

	// siroNotificationBreach records that the SIRO notification deadline
	// was missed, with the deadline that applied then. It stays whatever
	// spec.detectedAt becomes afterwards: a later correction never turns a
	// late notification into an on-time one.
	// +optional
	SIRONotificationBreach *SIRONotificationBreach `json:"siroNotificationBreach,omitempty"`

	// externalReportDueAt is when a required external report is due by:
	// detectedAt plus the manager's --external-report-deadline (72 hours).
	// +optional
	ExternalReportDueAt *metav1.Time `json:"externalReportDueAt,omitempty"`

	// externalReportBreach records that the external report deadline was
	// missed, with the deadline that applied then. Like
	// siroNotificationBreach it stays whatever the spec becomes afterwards.
	// +optional
	ExternalReportBreach *ExternalReportBreach `json:"externalReportBreach,omitempty"`

	// externalReportDecisionBreach records that the decision whether to
	// report the incident outside the organisation was not made by its
	// deadline (the external report deadline), with the deadline that
	// applied then. Like siroNotificationBreach it stays whatever the spec
	// becomes afterwards, and the decision counts as late in the reports.
	// +optional
	ExternalReportDecisionBreach *ExternalReportDecisionBreach `json:"externalReportDecisionBreach,omitempty"`

	// keptAsEvidence lists what makes the incident evidence the operator
	// keeps: its RCA was approved, a deadline was missed or recorded
	// overdue. Never cleared, whatever the incident becomes; while it is
	// not empty the incident cannot be deleted until released with the
	// annotation lessons.dspt.io/release-for-deletion: "true", which needs
	// the verb sign-off in its namespace.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=8
	KeptAsEvidence []EvidenceReason `json:"keptAsEvidence,omitempty"`

	// timeline lists what happened to the incident, oldest first. Unlike
	// events it does not expire. Evidence is kept: every deadline missed
	// (each overdue action by name), every release for deletion, every
	// action kept as evidence that was deleted or created again. Routine
	// entries (phase changes) are bounded to the latest 50.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=200
	Timeline []TimelineEntry `json:"timeline,omitempty"`
}

// Incident is an information security incident or near miss under review
// (DSPT D2 "Lessons learned").
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=inc,categories=lessons
// +kubebuilder:printcolumn:name="Type",type=string,JSONPath=`.spec.type`
// +kubebuilder:printcolumn:name="Category",type=string,JSONPath=`.spec.category`
// +kubebuilder:printcolumn:name="Severity",type=string,JSONPath=`.spec.severity`
// +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=`.status.phase`
// +kubebuilder:printcolumn:name="Owner",type=string,JSONPath=`.spec.owner`
// +kubebuilder:printcolumn:name="Actions",type=string,JSONPath=`.status.actions.progress`
// +kubebuilder:printcolumn:name="Overdue",type=integer,JSONPath=`.status.overdue`
// +kubebuilder:printcolumn:name="Next-Due",type=string,JSONPath=`.status.nextDueAt`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="RCA",type=string,JSONPath=`.status.rcaPhase`,priority=1
// +kubebuilder:printcolumn:name="SIRO-Notified",type=string,JSONPath=`.status.siroNotification`,priority=1
// +kubebuilder:printcolumn:name="Themes",type=string,JSONPath=`.spec.themes`,priority=1
type Incident struct {
	metav1.TypeMeta `json:",inline"`
	// metadata is the standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec records the incident.
	// +required
	Spec IncidentSpec `json:"spec"`

	// status is computed by the operator.
	// Until the operator's first visit, observedGeneration reads 0, so
	// kstatus-based tools (Flux, Argo CD, kubectl wait) see an unvisited
	// object as in progress rather than reconciled.
	// +optional
	// +kubebuilder:default={observedGeneration: 0}
	Status IncidentStatus `json:"status,omitempty"`

	// ReadError is why the stored object could not be read, empty when it
	// was read whole. It is never stored: see Unreadable.
	ReadError string `json:"-"`
}

// IncidentList is a list of Incidents.
// +kubebuilder:object:root=true
type IncidentList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Incident `json:"items"`
}

func init() {
	SchemeBuilder.Register(&Incident{}, &IncidentList{})
}

// SIRONotificationBreach is the record of a missed SIRO notification
// deadline.
type SIRONotificationBreach struct {
	// dueAt is the deadline that applied when it was missed.
	// +required
	DueAt metav1.Time `json:"dueAt"`

	// notifiedAt is when the SIRO was told, after dueAt; absent while the
	// SIRO has not been told.
	// +optional
	NotifiedAt *metav1.Time `json:"notifiedAt,omitempty"`

	// type is the incident's type when the deadline was missed: a breach
	// of an Incident counts as late in the report's SIRO notification
	// figures whatever the incident is reclassified as afterwards. Absent
	// on records made before it was kept.
	// +optional
	Type IncidentType `json:"type,omitempty"`
}

// ExternalReportBreach is the record of a missed external report deadline.
type ExternalReportBreach struct {
	// dueAt is the deadline that applied when it was missed.
	// +required
	DueAt metav1.Time `json:"dueAt"`

	// reportedAt is when the first external report was made, after dueAt;
	// absent while none is recorded.
	// +optional
	ReportedAt *metav1.Time `json:"reportedAt,omitempty"`
}

// ExternalReportDecisionBreach is the record of a decision whether to
// report that was not made by its deadline.
type ExternalReportDecisionBreach struct {
	// dueAt is the deadline that applied when it was missed.
	// +required
	DueAt metav1.Time `json:"dueAt"`

	// decidedAt is when the decision was made, after dueAt; absent while
	// none is recorded.
	// +optional
	DecidedAt *metav1.Time `json:"decidedAt,omitempty"`
}
