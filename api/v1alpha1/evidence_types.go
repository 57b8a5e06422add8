package v1alpha1

// EvidenceReason names a fact that makes an Incident, an
// ImprovementAction or a ProcessReview evidence the operator keeps. Once in
// status.keptAsEvidence it is never removed, whatever the record becomes,
// and the record cannot be deleted until it is released for deletion with
// the annotation lessons.dspt.io/release-for-deletion: "true", which needs
// the verb sign-off (the SIRO's decision).
// +kubebuilder:validation:Enum=RCAApproved;SIRONotificationMissed;ExternalReportMissed;ExternalReportDecisionMissed;RCAOverdue;ActionsOverdue;Overdue;CompletedLate;ActionsRaised
type EvidenceReason string

const (
	// EvidenceRCAApproved (Incident): its root cause analysis was approved
	// by the SIRO.
	EvidenceRCAApproved EvidenceReason = "RCAApproved"
	// EvidenceSIRONotificationMissed (Incident): the SIRO notification
	// deadline was missed (status.siroNotificationBreach).
	EvidenceSIRONotificationMissed EvidenceReason = "SIRONotificationMissed"
	// EvidenceExternalReportMissed (Incident): the external report deadline
	// was missed (status.externalReportBreach).
	EvidenceExternalReportMissed EvidenceReason = "ExternalReportMissed"
	// EvidenceExternalReportDecisionMissed (Incident): the decision whether
	// to report was not made by its deadline
	// (status.externalReportDecisionBreach).
	EvidenceExternalReportDecisionMissed EvidenceReason = "ExternalReportDecisionMissed"
	// EvidenceRCAOverdue (Incident): its root cause analysis was recorded
	// overdue.
	EvidenceRCAOverdue EvidenceReason = "RCAOverdue"
	// EvidenceActionsOverdue (Incident): one of its improvement actions was
	// recorded overdue.
	EvidenceActionsOverdue EvidenceReason = "ActionsOverdue"
	// EvidenceOverdue (ImprovementAction): the action was announced
	// overdue (status.overdueAnnouncedAt).
	EvidenceOverdue EvidenceReason = "Overdue"
	// EvidenceCompletedLate (ImprovementAction): the action was completed
	// late (status.completedLate).
	EvidenceCompletedLate EvidenceReason = "CompletedLate"
	// EvidenceActionsRaised (ProcessReview): the review was held and
	// raised improvement actions.
	EvidenceActionsRaised EvidenceReason = "ActionsRaised"
)

// AnnotationReleaseForDeletion, set to "true", releases a record kept as
// evidence for deletion. Setting it on an Incident, ImprovementAction or
// ProcessReview with status.keptAsEvidence, or on an approved RootCauseAnalysis or
// LessonsReport, needs the verb sign-off in the record's namespace.
const AnnotationReleaseForDeletion = "lessons.dspt.io/release-for-deletion"
