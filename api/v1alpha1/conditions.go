package v1alpha1

// ConditionType names a condition in status.conditions. Ready is the only
// condition tools such as kstatus and Argo CD read as "reconciled"; business
// states have conditions of their own so that an open incident never stalls
// a GitOps sync.
type ConditionType string

const (
	// ConditionReady is True when the controller has processed the current
	// generation and every reference resolves; False with a reason otherwise;
	// Unknown until the first visit completes.
	ConditionReady ConditionType = "Ready"

	// ConditionOverdue is True while something is past its deadline: the
	// action itself, the RCA, (on an Incident) an action, the RCA, the SIRO
	// notification, an external report or sharing the learning of its
	// signed-off RCA, or (on a LessonsReport) the SIRO's sign-off after the
	// period ended.
	ConditionOverdue ConditionType = "Overdue"

	// ConditionSIRONotified (Incident) is True once the SIRO was told.
	ConditionSIRONotified ConditionType = "SIRONotified"

	// ConditionSignedOff (RCA, LessonsReport) is True while an approval by
	// the SIRO stands.
	ConditionSignedOff ConditionType = "SignedOff"

	// ConditionComplete (RCA) is True when every required section is
	// present. On an Incident it is True when closure is proven: the RCA is
	// signed off, every action is finished, and there is at least one action
	// or the RCA says why none is needed.
	ConditionComplete ConditionType = "Complete"

	// ConditionWithinTimescale (ImprovementAction, RootCauseAnalysis) is
	// True while the deadline in force lies within its limit after the
	// incident's detection: an action's priority's timescale (manager flag
	// --action-timescale), an analysis's severity's review window
	// (--rca-review-window).
	ConditionWithinTimescale ConditionType = "WithinTimescale"

	// ConditionFactsConsistent (Incident, RootCauseAnalysis) is False,
	// reason FactsDisagree, while recorded facts contradict each other
	// (the SIRO told, a report made or an action completed before the
	// incident was detected; an attacker present longer than from its
	// occurrence to its containment); the message names both facts.
	ConditionFactsConsistent ConditionType = "FactsConsistent"

	// ConditionExternallyReported (Incident) is True once a required
	// external report (spec.externalReportRequired) is recorded in
	// spec.externalReports.
	ConditionExternallyReported ConditionType = "ExternallyReported"

	// ConditionCompleted (ImprovementAction) is True once the action is
	// Done with a completedAt that has come. A completedAt still in the
	// future is not believed: the action stays open until that time, and
	// the condition is False with reason CompletedAtInFuture.
	ConditionCompleted ConditionType = "Completed"

	// ConditionUserRepresentation (ProcessReview) is True when user
	// representatives took part, as Data Security Standard 5 asks of the
	// workshops that review processes; False when none did.
	ConditionUserRepresentation ConditionType = "UserRepresentation"

	// ConditionProcessReviewHeld (LessonsReport) is True when a
	// ProcessReview in the report's scope was held within
	// --process-review-interval (a year) before now, or before the
	// period's end for a period that has ended (Data Security Standard 5).
	ConditionProcessReviewHeld ConditionType = "ProcessReviewHeld"

	// ConditionExerciseHeld (LessonsReport) is True when an Incident of
	// type Exercise in the report's scope was detected within
	// --exercise-interval (a year) before now, or before the period's end
	// for a period that has ended: the response plan was tested (Data
	// Security Standard 7).
	ConditionExerciseHeld ConditionType = "ExerciseHeld"

	// ConditionLearningShared (RootCauseAnalysis) is set once the analysis
	// of an Incident or NearMiss is signed off: True when its learning was
	// shared with Staff or Team and with the Reporter (spec.sharedWith),
	// False while either is still owed, before or after the deadline
	// (sign-off plus the manager flag --share-within). Absent while no
	// sharing is due.
	ConditionLearningShared ConditionType = "LearningShared"
)

// ConditionReason explains a condition's status in one CamelCase word.
type ConditionReason string

// Reasons of the Ready condition.
const (
	// ReasonReconciled: the current generation is processed.
	ReasonReconciled ConditionReason = "Reconciled"
	// ReasonIncidentNotFound: spec.incidentRef names no Incident (yet). The
	// object recovers by itself when the Incident appears.
	ReasonIncidentNotFound ConditionReason = "IncidentNotFound"
	// ReasonInvalidSelector: a report's selector cannot be parsed.
	ReasonInvalidSelector ConditionReason = "InvalidSelector"
	// ReasonDuplicateAnalysis: another RCA of the same incident speaks for
	// it; this one is left out of the incident's review.
	ReasonDuplicateAnalysis ConditionReason = "DuplicateAnalysis"
	// ReasonProcessReviewNotFound: (ImprovementAction) spec.processReviewRef
	// names no ProcessReview (yet). The action recovers by itself when the
	// review appears.
	ReasonProcessReviewNotFound ConditionReason = "ProcessReviewNotFound"
)

// Reasons of a ProcessReview's UserRepresentation condition.
const (
	// ReasonUserRepresentativesTookPart: at least one participant was a
	// user representative.
	ReasonUserRepresentativesTookPart ConditionReason = "UserRepresentativesTookPart"
	// ReasonNoUserRepresentative: no participant was a user representative;
	// Standard 5 asks for user representation in the workshops.
	ReasonNoUserRepresentative ConditionReason = "NoUserRepresentative"
)

// Reasons of a LessonsReport's ProcessReviewHeld and ExerciseHeld
// conditions.
const (
	// ReasonHeldWithinInterval: a process review (ProcessReviewHeld) or an
	// exercise (ExerciseHeld) was held within its interval.
	ReasonHeldWithinInterval ConditionReason = "HeldWithinInterval"
	// ReasonProcessReviewDue: (ProcessReviewHeld) no process
	// review in the report's scope was held within
	// --process-review-interval; counted in status.overdue while the
	// period runs (the report's Overdue condition is its sign-off's).
	ReasonProcessReviewDue ConditionReason = "ProcessReviewDue"
	// ReasonExerciseDue: (ExerciseHeld) no exercise in the
	// report's scope was held within --exercise-interval; counted like
	// ProcessReviewDue.
	ReasonExerciseDue ConditionReason = "ExerciseDue"
)

// Reasons of the Overdue condition.
const (
	// ReasonOnTrack: nothing is past its deadline.
	ReasonOnTrack ConditionReason = "OnTrack"
	// ReasonFinished: the action is done or cancelled: it owes nothing.
	ReasonFinished ConditionReason = "Finished"
	// ReasonPastDueDate: the action is past its deadline in force.
	ReasonPastDueDate ConditionReason = "PastDueDate"
	// ReasonActionsOverdue: (Incident) one or more of its improvement actions are overdue.
	ReasonActionsOverdue ConditionReason = "ActionsOverdue"
	// ReasonRCAOverdue: (Incident) its root cause analysis is past its deadline without a standing sign-off.
	ReasonRCAOverdue ConditionReason = "RCAOverdue"
	// ReasonSIRONotificationOverdue: (Incident) the SIRO was not told by the deadline and is still not told.
	ReasonSIRONotificationOverdue ConditionReason = "SIRONotificationOverdue"
	// ReasonSeveralOverdue: (Incident) more than one kind of duty is overdue; the message lists them.
	ReasonSeveralOverdue ConditionReason = "SeveralOverdue"
	// ReasonExternalReportOverdue: (Incident) a required external report is past its deadline with none recorded.
	ReasonExternalReportOverdue ConditionReason = "ExternalReportOverdue"
	// ReasonExternalReportDecisionOverdue (Overdue): no decision whether
	// to report the incident outside the organisation was recorded in
	// time.
	ReasonExternalReportDecisionOverdue ConditionReason = "ExternalReportDecisionOverdue"
	// ReasonLearningSharingOverdue: (Incident) the learning of its signed-off analysis was not shared with staff and the reporter in time.
	ReasonLearningSharingOverdue ConditionReason = "LearningSharingOverdue"
	// ReasonSignOffOverdue (LessonsReport): the period ended more than the
	// report sign-off window ago and the report is not signed off.
	ReasonSignOffOverdue ConditionReason = "SignOffOverdue"
)

// Reasons of the SIRONotified condition.
const (
	// ReasonNotified: the SIRO was told by the deadline.
	ReasonNotified ConditionReason = "Notified"
	// ReasonNotifiedLate: the SIRO was told, after the deadline.
	ReasonNotifiedLate ConditionReason = "NotifiedLate"
	// ReasonNotYetDue: the duty is still owed, before its deadline.
	ReasonNotYetDue ConditionReason = "NotYetDue"
	// ReasonDeadlineMissed: the deadline passed with the duty still owed.
	ReasonDeadlineMissed ConditionReason = "DeadlineMissed"
	// ReasonNotRequired: an exercise, which has no SIRO notification
	// deadline.
	ReasonNotRequired ConditionReason = "NotRequired"
)

// Reasons of the ExternallyReported condition (NotYetDue, DeadlineMissed
// and NotRequired are shared with SIRONotified).
const (
	// ReasonDecisionPending (Unknown): no decision yet whether to report the
	// incident outside the organisation, and its deadline is still ahead.
	ReasonDecisionPending ConditionReason = "DecisionPending"
	// ReasonDecisionOverdue (False): no decision whether to report the
	// incident was recorded by the deadline.
	ReasonDecisionOverdue ConditionReason = "DecisionOverdue"
	// ReasonReported: the external report was recorded by the deadline.
	ReasonReported ConditionReason = "Reported"
	// ReasonReportedLate: the external report was recorded, after the deadline.
	ReasonReportedLate ConditionReason = "ReportedLate"
)

// Reasons of a RootCauseAnalysis's LearningShared condition.
const (
	// ReasonShared (True): the learning was shared with Staff or Team and
	// with the Reporter; the message says whether by the deadline.
	ReasonShared ConditionReason = "Shared"
	// ReasonSharingDue (False): the learning is still to be shared, and the
	// deadline is still ahead.
	ReasonSharingDue ConditionReason = "SharingDue"
	// ReasonSharingOverdue (False): the deadline passed and the learning
	// is still to be shared with Staff or Team, or with the Reporter.
	ReasonSharingOverdue ConditionReason = "SharingOverdue"
)

// Reasons of an ImprovementAction's Completed condition.
const (
	// ReasonDone: Done, completedAt has come.
	ReasonDone ConditionReason = "Done"
	// ReasonNotDone: the action is open.
	ReasonNotDone ConditionReason = "NotDone"
	// ReasonCancelled: the action was cancelled.
	ReasonCancelled ConditionReason = "Cancelled"
	// ReasonCompletedAtInFuture: Done, but spec.completedAt lies in the
	// future; the action counts as open until then.
	ReasonCompletedAtInFuture ConditionReason = "CompletedAtInFuture"
)

// Reasons of the WithinTimescale condition.
const (
	// ReasonWithinPriorityTimescale: (ImprovementAction) the deadline in force is within its priority's timescale.
	ReasonWithinPriorityTimescale ConditionReason = "WithinPriorityTimescale"
	// ReasonBeyondPriorityTimescale: (ImprovementAction) the deadline in force lies later after the incident's detection than its priority allows (--action-timescale).
	ReasonBeyondPriorityTimescale ConditionReason = "BeyondPriorityTimescale"
	// ReasonWithinReviewWindow: (RootCauseAnalysis) the deadline in force is within the severity's review window.
	ReasonWithinReviewWindow ConditionReason = "WithinReviewWindow"
	// Reasons of the FactsConsistent condition.
	ReasonFactsAgree ConditionReason = "FactsAgree"
	// ReasonFactsDisagree: (FactsConsistent) recorded facts contradict each other; the message names both.
	ReasonFactsDisagree ConditionReason = "FactsDisagree"
	// ReasonBeyondReviewWindow: (RootCauseAnalysis) the deadline in force lies later after the incident's detection than the severity's review window (--rca-review-window).
	ReasonBeyondReviewWindow ConditionReason = "BeyondReviewWindow"
)

// Reasons of the SignedOff and Complete conditions.
const (
	// ReasonApproved: the SIRO approved it, and the approval stands.
	ReasonApproved ConditionReason = "Approved"
	// ReasonChangesRequested: the SIRO sent it back with changes requested.
	ReasonChangesRequested ConditionReason = "ChangesRequested"
	// ReasonAwaitingSignOff: submitted, waiting for the SIRO's decision.
	ReasonAwaitingSignOff ConditionReason = "AwaitingSignOff"
	// ReasonNotSubmitted: still a draft: not yet submitted for sign-off.
	ReasonNotSubmitted ConditionReason = "NotSubmitted"
	// ReasonNotSignedOff: not signed off: a report the SIRO has not approved, or (Complete, Incident) an analysis that is not.
	ReasonNotSignedOff ConditionReason = "NotSignedOff"
	// ReasonFiguresChanged: a report's figures changed after approval; the
	// sign-off no longer stands.
	ReasonFiguresChanged ConditionReason = "FiguresChanged"
	// ReasonAllSectionsPresent: (RootCauseAnalysis) every required section is written.
	ReasonAllSectionsPresent ConditionReason = "AllSectionsPresent"
	// ReasonSectionsMissing: (RootCauseAnalysis) required sections are missing; status.missing lists them.
	ReasonSectionsMissing ConditionReason = "SectionsMissing"
	// ReasonIncidentChanged: the incident's uid, type, severity, category
	// or cyberAttack changed after the RCA was approved; the approval no
	// longer stands until the SIRO approves again.
	ReasonIncidentChanged ConditionReason = "IncidentChanged"
	// ReasonSignOffInFuture: an RCA's or report's spec.signOff.at is still
	// to come; the decision is not believed until then.
	ReasonSignOffInFuture ConditionReason = "SignOffInFuture"
)

// Reasons of an Incident's Complete condition.
const (
	// ReasonActionsFinished: signed off and every improvement action is
	// Done or Cancelled.
	ReasonActionsFinished ConditionReason = "ActionsFinished"
	// ReasonNoActionsNeeded: signed off with no improvement action, the RCA
	// saying why none is needed (spec.noActionsReason).
	ReasonNoActionsNeeded ConditionReason = "NoActionsNeeded"
	// ReasonActionsOpen: signed off; improvement actions are still open.
	ReasonActionsOpen ConditionReason = "ActionsOpen"
	// ReasonNoImprovementActions: signed off with no improvement action and
	// no reason in the RCA why none is needed.
	ReasonNoImprovementActions ConditionReason = "NoImprovementActions"
)

// EventReason is the reason of an event the operator records. Transitions
// (completed, submitted, signed off, changes requested, closed) are
// announced when the operator sees them happen; an object first seen already
// past one recorded over a day earlier (synced from Git into a new cluster,
// restored from a backup) gets its status without the event. Deadlines
// missed are announced whenever they still stand.
type EventReason string

const (
	// EventActionDueSoon: an action is due within the due-soon window.
	EventActionDueSoon EventReason = "ActionDueSoon"
	// EventActionOverdue (Warning): an action passed its due date; repeated
	// once per reminder interval while it stays overdue.
	EventActionOverdue EventReason = "ActionOverdue"
	// EventActionCompleted: an action was done on time.
	EventActionCompleted EventReason = "ActionCompleted"
	// EventActionCompletedLate (Warning): an action was done after its due date.
	EventActionCompletedLate EventReason = "ActionCompletedLate"
	// EventRCAOverdue (Warning): an RCA passed its deadline unsigned.
	EventRCAOverdue EventReason = "RCAOverdue"
	// EventRCASubmitted: an RCA was submitted for sign-off.
	EventRCASubmitted EventReason = "RCASubmitted"
	// EventRCASignedOff: the SIRO approved an RCA.
	EventRCASignedOff EventReason = "RCASignedOff"
	// EventRCAChangesRequested: the SIRO sent an RCA back.
	EventRCAChangesRequested EventReason = "RCAChangesRequested"
	// EventSIRONotificationOverdue (Warning): the SIRO was not told in time.
	EventSIRONotificationOverdue EventReason = "SIRONotificationOverdue"
	// EventIncidentClosed: the RCA is signed off and every action finished.
	EventIncidentClosed EventReason = "IncidentClosed"
	// EventSignOffInvalidated (Warning): what was signed off changed afterwards.
	EventSignOffInvalidated EventReason = "SignOffInvalidated"
	// EventActionBeyondTimescale (Warning): an action is due later after its
	// incident's detection than its priority allows; raised once.
	EventActionBeyondTimescale EventReason = "ActionBeyondTimescale"
	// EventRCABeyondReviewWindow (Warning): an analysis's deadline in force
	// lies later after its incident's detection than the severity's review
	// window; raised once.
	EventRCABeyondReviewWindow EventReason = "RCABeyondReviewWindow"
	// EventObjectUnreadable (Warning): the object as stored cannot be read
	// (say a time with an impossible offset, stored before the CRD refused
	// it); it is left out until it is corrected.
	EventObjectUnreadable EventReason = "ObjectUnreadable"
	// EventExternalReportOverdue (Warning): a required external report
	// (to the ICO, say) was not recorded in time.
	EventExternalReportOverdue EventReason = "ExternalReportOverdue"
	// EventExternalReportDecisionOverdue (Warning): no decision whether to
	// report an incident outside the organisation was recorded within the
	// external report deadline.
	EventExternalReportDecisionOverdue EventReason = "ExternalReportDecisionOverdue"
	// EventReportSignOffOverdue (Warning): a report's period ended more
	// than the report sign-off window ago and the SIRO has not signed it
	// off.
	EventReportSignOffOverdue EventReason = "ReportSignOffOverdue"
	// EventCompletedAtInFuture (Warning): an action is marked Done with a
	// completedAt still to come; it is not believed until then.
	EventCompletedAtInFuture EventReason = "CompletedAtInFuture"
	// EventReleasedForDeletion (Warning): a record kept as evidence (the
	// incident, its analysis or one of its actions) was released for
	// deletion by a signer; recorded on the incident, whose timeline keeps
	// it.
	EventReleasedForDeletion EventReason = "ReleasedForDeletion"
	// EventActionDeleted (Warning): an action kept as evidence (recorded
	// overdue or completed late) is gone from its incident: deleted, or
	// deleted and created again under its name. Recorded on the incident,
	// whose timeline names it.
	EventActionDeleted EventReason = "ActionDeleted"
	// EventProcessReviewDue (Warning): no process review in a report's
	// scope was held within --process-review-interval (Data Security
	// Standard 5 asks for one at least once a year); raised once each time
	// the review falls due while the report's period runs. Recorded on the
	// report.
	EventProcessReviewDue EventReason = "ProcessReviewDue"
	// EventExerciseDue (Warning): no exercise (an Incident of type
	// Exercise) in a report's scope was held within --exercise-interval
	// (Data Security Standard 7 asks that the response plan be tested every
	// year); raised once each time it falls due while the report's period
	// runs. Recorded on the report.
	EventExerciseDue EventReason = "ExerciseDue"

	// EventLearningSharingOverdue (Warning): the learning of a signed-off
	// analysis was not shared with Staff or Team and with the Reporter
	// within the sharing window after its sign-off; raised once.
	EventLearningSharingOverdue EventReason = "LearningSharingOverdue"
)

// IsWarning tells whether events with this reason are of type Warning.
func (r EventReason) IsWarning() bool {
	switch r {
	case EventActionOverdue, EventActionCompletedLate, EventRCAOverdue,
		EventSIRONotificationOverdue, EventSignOffInvalidated, EventObjectUnreadable, EventActionBeyondTimescale,
		EventExternalReportOverdue, EventReportSignOffOverdue, EventCompletedAtInFuture, EventRCABeyondReviewWindow, EventExternalReportDecisionOverdue,
		EventReleasedForDeletion, EventActionDeleted, EventProcessReviewDue, EventExerciseDue, EventLearningSharingOverdue:
		return true
	}
	return false
}
