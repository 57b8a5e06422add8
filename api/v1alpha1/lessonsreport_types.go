package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ReportPhase is where the report stands.
// +kubebuilder:validation:Enum=Current;SignedOff
type ReportPhase string

const (
	// ReportCurrent: the figures are live and not (or no longer validly) signed off.
	ReportCurrent ReportPhase = "Current"
	// ReportSignedOff: the SIRO approved the figures as they stand.
	ReportSignedOff ReportPhase = "SignedOff"
)

// ReportPeriod is the span of detection times a report covers. Its bounds
// (the years 1900 to 2999, at least a day) are checked on spec.period, not
// here: status.period reuses the type, and an open-ended period that starts
// on 2999-12-31 ends at midnight of 3000-01-01.
// +kubebuilder:validation:XValidation:rule="!has(self.to) || self.to > self.from",message="spec.period.to must be after spec.period.from"
type ReportPeriod struct {
	// from is the start of the period (inclusive, RFC 3339), e.g.
	// 2026-04-01T00:00:00Z for the financial year 2026/27.
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	From metav1.Time `json:"from"`

	// to is the end of the period (exclusive, RFC 3339). Omitted means
	// open-ended: the period runs to the end of the current UTC day and rolls
	// forward with time.
	// +optional
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	To *metav1.Time `json:"to,omitempty"`
}

// LessonsReportSpec chooses the incidents a report rolls up.
// An approved report's spec (all but signOff, which the sign-off policy
// governs) stays as approved: a later SIRO named beside "Approved by" would
// misstate who approved it.
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.signOff) || oldSelf.signOff.decision != 'Approved' || !has(self.signOff) || (self.period == oldSelf.period && (has(self.selector) == has(oldSelf.selector)) && (!has(self.selector) || self.selector == oldSelf.selector) && (has(self.namespaceSelector) == has(oldSelf.namespaceSelector)) && (!has(self.namespaceSelector) || self.namespaceSelector == oldSelf.namespaceSelector) && (has(self.siro) == has(oldSelf.siro)) && (!has(self.siro) || self.siro == oldSelf.siro))",message="an approved report's spec is immutable (spec.period, spec.selector, spec.namespaceSelector and spec.siro): withdraw spec.signOff before changing it, then sign off again"
type LessonsReportSpec struct {
	// period covers the incidents whose detectedAt falls in [from, to).
	// from and to lie in the years 1900 to 2999 (UTC), and to is at least 24
	// hours after from: a report covers at least a day.
	// +required
	// +kubebuilder:validation:XValidation:rule="self.from >= timestamp('1900-01-01T00:00:00Z') && self.from < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z",fieldPath=.from
	// +kubebuilder:validation:XValidation:rule="!has(self.to) || (self.to >= timestamp('1900-01-01T00:00:00Z') && self.to < timestamp('3000-01-01T00:00:00Z'))",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z",fieldPath=.to
	// +kubebuilder:validation:XValidation:rule="!has(self.to) || self.to <= self.from || self.to >= self.from + duration('24h')",message="spec.period.to must be at least 24 hours after spec.period.from: a report covers at least a day",fieldPath=.to
	Period ReportPeriod `json:"period"`

	// selector chooses Incidents in this namespace by label; empty or
	// omitted means all. At most 32 labels and 16 expressions, whose
	// operators are In, NotIn, Exists or DoesNotExist.
	// +optional
	// +kubebuilder:validation:XValidation:rule="!has(self.matchLabels) || size(self.matchLabels) <= 32",message="spec.selector.matchLabels may hold at most 32 labels"
	// +kubebuilder:validation:XValidation:rule="!has(self.matchExpressions) || size(self.matchExpressions) <= 16",message="spec.selector.matchExpressions may hold at most 16 expressions"
	// +kubebuilder:validation:XValidation:rule="!has(self.matchExpressions) || self.matchExpressions.all(e, e.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist'])",message="spec.selector.matchExpressions[].operator must be In, NotIn, Exists or DoesNotExist"
	Selector *metav1.LabelSelector `json:"selector,omitempty"`

	// namespaceSelector makes an organisation-wide report: it rolls up the
	// incidents of every namespace whose labels match (the selector above
	// still chooses incidents within them). Omitted means this report's own
	// namespace only; empty ({}) means every namespace. A namespace
	// labelled lessons.dspt.io/confidential: "true" contributes its counts
	// and KPIs but no incident names, titles or lesson text. The operator
	// reads Namespaces to evaluate it. At most 32 labels and 16
	// expressions, whose operators are In, NotIn, Exists or DoesNotExist.
	// +optional
	// +kubebuilder:validation:XValidation:rule="!has(self.matchLabels) || size(self.matchLabels) <= 32",message="spec.namespaceSelector.matchLabels may hold at most 32 labels"
	// +kubebuilder:validation:XValidation:rule="!has(self.matchExpressions) || size(self.matchExpressions) <= 16",message="spec.namespaceSelector.matchExpressions may hold at most 16 expressions"
	// +kubebuilder:validation:XValidation:rule="!has(self.matchExpressions) || self.matchExpressions.all(e, e.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist'])",message="spec.namespaceSelector.matchExpressions[].operator must be In, NotIn, Exists or DoesNotExist"
	NamespaceSelector *metav1.LabelSelector `json:"namespaceSelector,omitempty"`

	// siro is the Senior Information Risk Owner the report is for.
	// +optional
	SIRO Person `json:"siro,omitempty"`

	// signOff is the SIRO's decision on the report. If the figures change
	// after sign-off, the sign-off is flagged stale (SignedOff condition
	// False, reason FiguresChanged) rather than silently kept.
	// +optional
	SignOff *SignOff `json:"signOff,omitempty"`
}

// CategoryCounts counts incidents by DSPT category.
type CategoryCounts struct {
	// PersonalDataBreach incidents.
	PersonalDataBreach int32 `json:"PersonalDataBreach"`
	// ConfidentialityBreach incidents.
	ConfidentialityBreach int32 `json:"ConfidentialityBreach"`
	// NetworkAndInformationSystems incidents.
	NetworkAndInformationSystems int32 `json:"NetworkAndInformationSystems"`
}

// SeverityCounts counts incidents by severity.
type SeverityCounts struct {
	// Low severity.
	Low int32 `json:"Low"`
	// Medium severity.
	Medium int32 `json:"Medium"`
	// High severity.
	High int32 `json:"High"`
	// Critical severity.
	Critical int32 `json:"Critical"`
}

// MonthCount counts one calendar month's incidents and near misses.
type MonthCount struct {
	// month as YYYY-MM (UTC).
	Month string `json:"month"`
	// incidents detected in the month.
	Incidents int32 `json:"incidents"`
	// nearMisses detected in the month.
	NearMisses int32 `json:"nearMisses"`
}

// IncidentFigures counts the incidents and near misses of a period.
type IncidentFigures struct {
	// total is incidents plus near misses (exercises are counted apart).
	Total int32 `json:"total"`
	// incidents of type Incident.
	Incidents int32 `json:"incidents"`
	// nearMisses of type NearMiss.
	NearMisses int32 `json:"nearMisses"`
	// exercises of type Exercise: tests of the response plan, counted
	// apart from total and never in the KPIs.
	// +optional
	Exercises int32 `json:"exercises,omitempty"`
	// cyberAttacks counts the incidents and near misses marked
	// cyberAttack (exercises left out).
	// +optional
	CyberAttacks int32 `json:"cyberAttacks,omitempty"`
	// byCategory counts incidents and near misses by category.
	ByCategory CategoryCounts `json:"byCategory"`
	// bySeverity counts incidents and near misses by severity.
	BySeverity SeverityCounts `json:"bySeverity"`
	// byMonth counts by calendar month, oldest first.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=120
	ByMonth []MonthCount `json:"byMonth,omitempty"`
}

// ReportKPIs are the headline performance figures. A figure with no data to
// compute it from is omitted, never shown as a misleading zero. Near misses
// are excluded from the incident-response figures (containment, SIRO
// notification), as DSPT D2.b asks.
type ReportKPIs struct {
	// meanTimeToDetect from occurredAt to detection, over incidents and
	// near misses that record when they began (exercises left out).
	// +optional
	MeanTimeToDetect *metav1.Duration `json:"meanTimeToDetect,omitempty"`
	// meanTimeToContain from detection to containment, over contained incidents.
	// +optional
	MeanTimeToContain *metav1.Duration `json:"meanTimeToContain,omitempty"`
	// medianTimeToContain from detection to containment.
	// +optional
	MedianTimeToContain *metav1.Duration `json:"medianTimeToContain,omitempty"`
	// meanTimeToResolve from detection to resolution (resolvedAt), over
	// resolved incidents (near misses and exercises left out).
	// +optional
	MeanTimeToResolve *metav1.Duration `json:"meanTimeToResolve,omitempty"`
	// meanAttackerDwellTime is how long an attacker had, over the cyber
	// attacks (incidents marked cyberAttack) that record it: the RCA's
	// spec.cyberAttack.attackerDwellTime where the analysis gives it (the
	// investigation's finding, which may reach back before the first sign
	// the incident records), else occurredAt to containedAt where the
	// incident records both.
	// +optional
	MeanAttackerDwellTime *metav1.Duration `json:"meanAttackerDwellTime,omitempty"`
	// meanTimeToRCASignOff from detection to the RCA's approval.
	// +optional
	MeanTimeToRCASignOff *metav1.Duration `json:"meanTimeToRCASignOff,omitempty"`
	// siroNotifiedOnTimePercent is the share (0-100) of incidents whose SIRO
	// was told within the deadline.
	// +optional
	SIRONotifiedOnTimePercent *int32 `json:"siroNotifiedOnTimePercent,omitempty"`
	// externalReportsOnTimePercent is the share (0-100) of incidents
	// needing an external report whose first report was made within the
	// deadline (--external-report-deadline after detection), over those
	// reported or past their deadline.
	// +optional
	ExternalReportsOnTimePercent *int32 `json:"externalReportsOnTimePercent,omitempty"`
	// externalReportDecisionsOnTimePercent is the share (0-100) of
	// incidents whose decision whether to report them outside the
	// organisation (spec.externalReportDecision) was recorded within the
	// external report deadline, over those decided or past it.
	// +optional
	ExternalReportDecisionsOnTimePercent *int32 `json:"externalReportDecisionsOnTimePercent,omitempty"`
	// rcaSignedOffPercent is the share (0-100) of incidents and near misses
	// whose RCA is signed off.
	// +optional
	RCASignedOffPercent *int32 `json:"rcaSignedOffPercent,omitempty"`
	// actionsCompletedOnTimePercent is the share (0-100) of Done actions
	// completed by their original due date (spec.dueDate), whatever was
	// agreed since.
	// +optional
	ActionsCompletedOnTimePercent *int32 `json:"actionsCompletedOnTimePercent,omitempty"`
	// actionsCompletedByAgreedDatePercent is the share (0-100) of Done
	// actions completed by the deadline in force: the last agreed
	// extension's, else the original due date.
	// +optional
	ActionsCompletedByAgreedDatePercent *int32 `json:"actionsCompletedByAgreedDatePercent,omitempty"`
	// learningSharedOnTimePercent is the share (0-100) of signed-off
	// analyses of incidents and near misses whose learning was shared with
	// staff or the team and with the reporter within the sharing window
	// (--share-within after sign-off), over those shared or past it.
	// +optional
	LearningSharedOnTimePercent *int32 `json:"learningSharedOnTimePercent,omitempty"`
	// nearMissRatio is near misses per incident as a decimal, e.g. "2.50".
	// +optional
	NearMissRatio string `json:"nearMissRatio,omitempty"`
}

// ActionTally counts actions in one group.
type ActionTally struct {
	// total actions.
	Total int32 `json:"total"`
	// open actions: neither Done nor Cancelled (overdue ones included).
	Open int32 `json:"open"`
	// overdue actions.
	Overdue int32 `json:"overdue"`
	// done actions.
	Done int32 `json:"done"`
}

// AreaTallies counts actions in each of the nine D2.b areas.
type AreaTallies struct {
	// PoliciesProcessesProcedures: actions on policies, processes and procedures.
	PoliciesProcessesProcedures ActionTally `json:"PoliciesProcessesProcedures"`
	// RolesResponsibilitiesTraining: actions on roles, responsibilities and training.
	RolesResponsibilitiesTraining ActionTally `json:"RolesResponsibilitiesTraining"`
	// SystemConfiguration: actions on system configuration.
	SystemConfiguration ActionTally `json:"SystemConfiguration"`
	// SecurityMonitoringReporting: actions on security monitoring and reporting.
	SecurityMonitoringReporting ActionTally `json:"SecurityMonitoringReporting"`
	// InvestigationProcedures: actions on investigation procedures.
	InvestigationProcedures ActionTally `json:"InvestigationProcedures"`
	// ContainmentRecovery: actions on containment and recovery.
	ContainmentRecovery ActionTally `json:"ContainmentRecovery"`
	// GovernanceCommunication: actions on governance and communication.
	GovernanceCommunication ActionTally `json:"GovernanceCommunication"`
	// SystemInterdependence: actions on system interdependence.
	SystemInterdependence ActionTally `json:"SystemInterdependence"`
	// MeasureReliability: actions on reliability of measures when demanded, backups included.
	MeasureReliability ActionTally `json:"MeasureReliability"`
}

// PriorityTallies counts actions by priority.
type PriorityTallies struct {
	// Critical priority actions.
	Critical ActionTally `json:"Critical"`
	// High priority actions.
	High ActionTally `json:"High"`
	// Medium priority actions.
	Medium ActionTally `json:"Medium"`
	// Low priority actions.
	Low ActionTally `json:"Low"`
}

// ActionFigures counts the improvement actions of a period's incidents.
type ActionFigures struct {
	// total actions.
	Total int32 `json:"total"`
	// open counts every action not Done or Cancelled, overdue ones included.
	Open int32 `json:"open"`
	// overdue actions.
	Overdue int32 `json:"overdue"`
	// done actions.
	Done int32 `json:"done"`
	// cancelled actions.
	Cancelled int32 `json:"cancelled"`
	// extended counts actions whose deadline was extended at least once.
	// +optional
	Extended int32 `json:"extended,omitempty"`
	// byArea counts actions by D2.b area.
	ByArea AreaTallies `json:"byArea"`
	// byPriority counts actions by priority.
	ByPriority PriorityTallies `json:"byPriority"`
}

// CauseCounts counts root causes by type.
type CauseCounts struct {
	// Technical causes.
	Technical int32 `json:"Technical"`
	// NonTechnical causes.
	NonTechnical int32 `json:"NonTechnical"`
}

// Recurring is something seen in more than one incident.
type Recurring struct {
	// name of the area, cause type or cause category.
	Name string `json:"name"`
	// incidents it was seen in.
	Incidents int32 `json:"incidents"`
	// previousPeriod counts the incidents it was seen in during the
	// previous period, for trend; omitted when none.
	// +optional
	PreviousPeriod int32 `json:"previousPeriod,omitempty"`
}

// RecurringTheme is a theme (an incident's spec.themes) seen in more than
// one incident of the period.
type RecurringTheme struct {
	// theme as written in the incidents' spec.themes, e.g. phishing.
	Theme string `json:"theme"`
	// incidents of the period with the theme.
	Incidents int32 `json:"incidents"`
	// previousPeriod counts the incidents with the theme in the previous
	// period, for trend ("phishing: 4 incidents this period, 2 last
	// period"); omitted when none.
	// +optional
	PreviousPeriod int32 `json:"previousPeriod,omitempty"`
}

// Recurrence lists what keeps coming back.
type Recurrence struct {
	// areas with actions in more than one incident.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=9
	Areas []Recurring `json:"areas,omitempty"`
	// causeTypes seen in more than one incident.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=2
	CauseTypes []Recurring `json:"causeTypes,omitempty"`
	// causeCategories (causes[].category) seen in more than one incident
	// or near miss (exercises left out), most frequent first.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=10
	CauseCategories []Recurring `json:"causeCategories,omitempty"`
	// themes seen in more than one incident or near miss (exercises left
	// out: a phishing exercise is no phishing incident), most frequent
	// first, then by name, at most 50.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=50
	Themes []RecurringTheme `json:"themes,omitempty"`
}

// PeriodFigures are the headline figures of a period.
type PeriodFigures struct {
	// from is the start of the period.
	From metav1.Time `json:"from"`
	// to is the end of the period.
	To metav1.Time `json:"to"`
	// incidents counts the period's incidents and near misses.
	Incidents IncidentFigures `json:"incidents"`
	// kpis are the period's headline KPIs.
	KPIs ReportKPIs `json:"kpis"`
}

// Lesson is one incident's lessons learned, naming no person.
type Lesson struct {
	// namespace of the Incident, in an organisation-wide report; omitted
	// for the report's own namespace.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// incident is the Incident's name.
	Incident string `json:"incident"`
	// lesson is the RCA's lessonsLearned.
	// +kubebuilder:validation:MaxLength=1024
	Lesson string `json:"lesson"`
	// sharedWith lists the audiences the lesson was shared with, as the
	// RCA's spec.sharedWith records, each once, in the order first shared.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=9
	SharedWith []Audience `json:"sharedWith,omitempty"`
}

// LessonsReportStatus is the roll-up, computed by the operator.
type LessonsReportStatus struct {
	// observedGeneration is the spec generation the status reflects.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// phase is Current or SignedOff.
	// +optional
	Phase ReportPhase `json:"phase,omitempty"`

	// announcements are the newest events the operator recorded about this
	// object (at most 8), so that each is recorded exactly once across
	// restarts and leader changes. Events expire after an hour; these
	// records stay until newer ones replace them.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=8
	Announcements []Announcement `json:"announcements,omitempty"`

	// conditions: Ready, SignedOff, Overdue, ProcessReviewHeld,
	// ExerciseHeld.
	// +optional
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=16
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// overdue counts what the report's scope owes past its deadline:
	// overdue improvement actions, one for the report's own sign-off
	// overdue and, while the period runs, one for a process review due and
	// one for an exercise due (once it has ended, the conditions keep the
	// year's record). The OVERDUE column.
	// +optional
	Overdue int32 `json:"overdue,omitempty"`

	// governance is the annual cycle of the report's scope: process
	// reviews held (Data Security Standard 5) and exercises of the
	// response plan (Standard 7).
	// +optional
	Governance *Governance `json:"governance,omitempty"`

	// lastUpdated is when the figures last changed.
	// +optional
	LastUpdated *metav1.Time `json:"lastUpdated,omitempty"`

	// period is the effective period: an open-ended one ends at the end of
	// the current UTC day, or of the day it starts if that is later.
	// +optional
	Period *ReportPeriod `json:"period,omitempty"`

	// incidents counts the period's incidents and near misses.
	// +optional
	Incidents *IncidentFigures `json:"incidents,omitempty"`

	// kpis are the headline performance figures.
	// +optional
	KPIs *ReportKPIs `json:"kpis,omitempty"`

	// actions counts the improvement actions of the period's incidents.
	// +optional
	Actions *ActionFigures `json:"actions,omitempty"`

	// causes counts root causes by type.
	// +optional
	Causes *CauseCounts `json:"causes,omitempty"`

	// recurrence lists the areas, cause types, cause categories and themes
	// seen in more than one incident, with the previous period's count.
	// +optional
	Recurrence *Recurrence `json:"recurrence,omitempty"`

	// previousPeriod holds the headline figures of the period of equal
	// length just before this one, for trend.
	// +optional
	PreviousPeriod *PeriodFigures `json:"previousPeriod,omitempty"`

	// lessons quotes each incident's lessons learned, newest first, with no
	// person named (e-mail addresses are withheld), from submitted or
	// signed-off analyses only: a draft's incident is counted, its lessons
	// never quoted. At most 500 are listed, each shortened to 1,000
	// characters, so the report stays small.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=500
	Lessons []Lesson `json:"lessons,omitempty"`

	// lessonsOmitted counts the lessons left out of lessons because of its
	// bound.
	// +optional
	LessonsOmitted int32 `json:"lessonsOmitted,omitempty"`

	// namespaces counts the namespaces an organisation-wide report
	// (spec.namespaceSelector) rolled up; omitted for a one-namespace
	// report.
	// +optional
	Namespaces int32 `json:"namespaces,omitempty"`

	// confidentialNamespaces counts the namespaces among them labelled
	// lessons.dspt.io/confidential: "true", whose figures are counted but
	// whose incidents and lessons are not named.
	// +optional
	ConfidentialNamespaces int32 `json:"confidentialNamespaces,omitempty"`

	// signOffDueAt is when the report must be signed off by: the end of
	// its period plus the manager's --report-sign-off-window (30 days).
	// Omitted for an open-ended report.
	// +optional
	SignOffDueAt *metav1.Time `json:"signOffDueAt,omitempty"`

	// signedOffFigures fingerprints the figures the SIRO approved, so a
	// later change is detected and the sign-off flagged stale.
	// +optional
	SignedOffFigures *SignedOffFigures `json:"signedOffFigures,omitempty"`
}

// Governance is the annual cycle of a report's scope: the process reviews
// held and the response plan's exercises.
type Governance struct {
	// processReviews counts the ProcessReviews held in the period.
	ProcessReviews int32 `json:"processReviews"`

	// userRepresentedReviews counts those in which user representatives
	// took part.
	UserRepresentedReviews int32 `json:"userRepresentedReviews"`

	// workarounds counts the workarounds those reviews found.
	// +optional
	Workarounds int32 `json:"workarounds,omitempty"`

	// lastProcessReviewAt is when the latest process review in scope was
	// held, in the period or before it; omitted when none was.
	// +optional
	LastProcessReviewAt *metav1.Time `json:"lastProcessReviewAt,omitempty"`

	// processReviewDueAt is when the next process review is due: the
	// latest one plus --process-review-interval, or the period's start
	// when none was ever held.
	// +optional
	ProcessReviewDueAt *metav1.Time `json:"processReviewDueAt,omitempty"`

	// exercises counts the Incidents of type Exercise detected in the
	// period.
	Exercises int32 `json:"exercises"`

	// lastExerciseAt is when the latest exercise in scope was detected, in
	// the period or before it; omitted when none was.
	// +optional
	LastExerciseAt *metav1.Time `json:"lastExerciseAt,omitempty"`

	// exerciseDueAt is when the next exercise is due: the latest one plus
	// --exercise-interval, or the period's start when none was ever held.
	// +optional
	ExerciseDueAt *metav1.Time `json:"exerciseDueAt,omitempty"`
}

// SignedOffFigures records what an approval was given to.
type SignedOffFigures struct {
	// signOffAt is spec.signOff.at of the approval the digest belongs to.
	SignOffAt metav1.Time `json:"signOffAt"`
	// digest fingerprints the figures as they stood when the approval was
	// first seen.
	Digest string `json:"digest"`
}

// LessonsReport rolls up the incidents, near misses, root cause analyses
// and improvement actions of a period for the SIRO (DSPT D2).
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=lr,categories=lessons
// +kubebuilder:printcolumn:name="From",type=string,JSONPath=`.spec.period.from`
// +kubebuilder:printcolumn:name="To",type=string,JSONPath=`.status.period.to`
// +kubebuilder:printcolumn:name="Incidents",type=integer,JSONPath=`.status.incidents.incidents`
// +kubebuilder:printcolumn:name="Near-Misses",type=integer,JSONPath=`.status.incidents.nearMisses`
// +kubebuilder:printcolumn:name="Overdue",type=integer,JSONPath=`.status.overdue`
// +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=`.status.phase`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Signed-Off-By",type=string,JSONPath=`.spec.signOff.by`,priority=1
type LessonsReport struct {
	metav1.TypeMeta `json:",inline"`
	// metadata is the standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec chooses what the report covers.
	// +required
	Spec LessonsReportSpec `json:"spec"`

	// status is the roll-up, computed by the operator.
	// Until the operator's first visit, observedGeneration reads 0, so
	// kstatus-based tools (Flux, Argo CD, kubectl wait) see an unvisited
	// object as in progress rather than reconciled.
	// +optional
	// +kubebuilder:default={observedGeneration: 0}
	Status LessonsReportStatus `json:"status,omitempty"`

	// ReadError is why the stored object could not be read, empty when it
	// was read whole. It is never stored: see Unreadable.
	ReadError string `json:"-"`
}

// LessonsReportList is a list of LessonsReports.
// +kubebuilder:object:root=true
type LessonsReportList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []LessonsReport `json:"items"`
}

func init() {
	SchemeBuilder.Register(&LessonsReport{}, &LessonsReportList{})
}
