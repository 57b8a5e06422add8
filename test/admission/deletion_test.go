package admission_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// protected is a record that must not be deleted by accident.
type protected struct {
	create  func() client.Object
	policy  string
	refusal func(obj client.Object) string
}

var (
	approvedRCARecord = protected{
		create:  func() client.Object { return approvedRCA("rca") },
		policy:  signedOffPolicy,
		refusal: func(o client.Object) string { return keptAsEvidence(rcaKind, o.GetName(), siroName) },
	}
	approvedReportRecord = protected{
		create:  func() client.Object { return approvedReport("report") },
		policy:  signedOffPolicy,
		refusal: func(o client.Object) string { return keptAsEvidence(reportKind, o.GetName(), siroName) },
	}
	// An action added to a Closed incident takes it back to Remediating:
	// that must not unlock its deletion. Both phases are what a status
	// written before keptAsEvidence says of a signed-off RCA.
	closedIncidentRecord      = incidentRecord(v1alpha1.IncidentClosed, "status.phase Closed")
	remediatingIncidentRecord = incidentRecord(v1alpha1.IncidentRemediating, "status.phase Remediating")
	// An engineer changed the severity, the approval lapsed and the phase
	// dropped back: what was approved stays evidence.
	lapsedApprovalRecord = incidentRecord(v1alpha1.IncidentAwaitingSignOff, "RCAApproved", v1alpha1.EvidenceRCAApproved)
	missedDeadlineRecord = incidentRecord(v1alpha1.IncidentOpen, "SIRONotificationMissed, RCAOverdue",
		v1alpha1.EvidenceSIRONotificationMissed, v1alpha1.EvidenceRCAOverdue)
	overdueActionRecord     = actionRecord(v1alpha1.ActionOverdue, "Overdue", v1alpha1.EvidenceOverdue)
	lateActionRecord        = actionRecord(v1alpha1.ActionDone, "Overdue, CompletedLate", v1alpha1.EvidenceOverdue, v1alpha1.EvidenceCompletedLate)
	overdueBeforeKeptRecord = actionRecord(v1alpha1.ActionOverdue, "status.phase Overdue")
	// A review held that raised actions stays evidence once they are all
	// finished (Actioned) as while they are open (Held).
	heldReviewRecord     = reviewRecord(v1alpha1.ProcessReviewHeld, "ActionsRaised", v1alpha1.EvidenceActionsRaised)
	actionedReviewRecord = reviewRecord(v1alpha1.ProcessReviewActioned, "ActionsRaised", v1alpha1.EvidenceActionsRaised)
)

// reviewRecord is a process review in phase that keeps kept as evidence,
// refused for why.
func reviewRecord(phase v1alpha1.ProcessReviewPhase, why string, kept ...v1alpha1.EvidenceReason) protected {
	return protected{
		create:  func() client.Object { return createReview("review", phase, kept...) },
		policy:  closedPolicy,
		refusal: func(o client.Object) string { return recordKeptAsEvidence("ProcessReview", o.GetName(), why) },
	}
}

// incidentRecord is an incident in phase that keeps kept as evidence,
// refused for why.
func incidentRecord(phase v1alpha1.IncidentPhase, why string, kept ...v1alpha1.EvidenceReason) protected {
	return protected{
		create:  func() client.Object { return createIncident("incident", phase, kept...) },
		policy:  closedPolicy,
		refusal: func(o client.Object) string { return recordKeptAsEvidence("Incident", o.GetName(), why) },
	}
}

// actionRecord is an action in phase that keeps kept as evidence, refused
// for why.
func actionRecord(phase v1alpha1.ActionPhase, why string, kept ...v1alpha1.EvidenceReason) protected {
	return protected{
		create:  func() client.Object { return createAction("action", phase, kept...) },
		policy:  closedPolicy,
		refusal: func(o client.Object) string { return recordKeptAsEvidence("ImprovementAction", o.GetName(), why) },
	}
}

var _ = Describe("Deletion protection", func() {
	DescribeTable("a signed-off record, or an incident, action or process review kept as evidence, is kept until a signer releases it",
		func(record protected, user string) {
			obj := record.create()
			err := as(user).Delete(ctx, obj)
			GinkgoWriter.Println(err)
			expectRefusedBy(1, err, record.policy, record.refusal(obj))
			Expect(exists(obj)).To(BeTrue())

			// An annotation other than "true" does not release it.
			obj = released(obj, "yes")
			expectRefusedBy(1, as(user).Delete(ctx, obj), record.policy, record.refusal(obj))

			// Following the message releases it.
			obj = released(obj, "true")
			Expect(as(user).Delete(ctx, obj)).To(Succeed())
			Expect(exists(obj)).To(BeFalse())
		},
		Entry("an approved RCA, deleted by an engineer", approvedRCARecord, engineerName),
		Entry("an approved RCA, deleted by a cluster administrator", approvedRCARecord, adminName),
		Entry("an approved report, deleted by an engineer", approvedReportRecord, engineerName),
		Entry("a Closed incident, deleted by an engineer", closedIncidentRecord, engineerName),
		Entry("a Closed incident, deleted by a cluster administrator", closedIncidentRecord, adminName),
		Entry("a Remediating incident, deleted by an engineer", remediatingIncidentRecord, engineerName),
		Entry("a Remediating incident, deleted by a cluster administrator", remediatingIncidentRecord, adminName),
		Entry("an incident whose approval lapsed, deleted by an engineer", lapsedApprovalRecord, engineerName),
		Entry("an Open incident with deadlines missed, deleted by an engineer", missedDeadlineRecord, engineerName),
		Entry("an overdue action, deleted by an engineer", overdueActionRecord, engineerName),
		Entry("an action once overdue, done late, deleted by a cluster administrator", lateActionRecord, adminName),
		Entry("an action overdue as stored before keptAsEvidence, deleted by an engineer", overdueBeforeKeptRecord, engineerName),
		Entry("a held process review that raised actions, deleted by an engineer", heldReviewRecord, engineerName),
		Entry("an actioned process review, deleted by a cluster administrator", actionedReviewRecord, adminName),
	)

	DescribeTable("a record that is neither signed off nor kept as evidence is deleted at once",
		func(create func() client.Object) {
			obj := create()
			Expect(engineer.Delete(ctx, obj)).To(Succeed())
			Expect(exists(obj)).To(BeFalse())
		},
		Entry("a draft RCA", func() client.Object {
			return createRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = v1alpha1.RCAStateDraft })
		}),
		Entry("a submitted RCA", func() client.Object { return createRCA("rca") }),
		Entry("an RCA sent back by the SIRO", func() client.Object { return sentBackRCA("rca") }),
		Entry("a report not signed off", func() client.Object { return createReport("report") }),
		Entry("an Open incident", func() client.Object { return createIncident("incident", v1alpha1.IncidentOpen) }),
		Entry("an incident whose RCA awaits sign-off", func() client.Object {
			return createIncident("incident", v1alpha1.IncidentAwaitingSignOff)
		}),
		Entry("an incident not yet visited by the manager", func() client.Object { return createIncident("incident", "") }),
		Entry("an action on track", func() client.Object { return createAction("action", v1alpha1.ActionInProgress) }),
		Entry("an action done on time", func() client.Object { return createAction("action", v1alpha1.ActionDone) }),
		Entry("a planned process review", func() client.Object { return createReview("review", v1alpha1.ProcessReviewPlanned) }),
		Entry("a held process review that raised no action", func() client.Object {
			return createReview("review", v1alpha1.ProcessReviewHeld)
		}),
		Entry("a process review not yet visited by the manager", func() client.Object { return createReview("review", "") }),
	)

	It("holds when every RCA of a namespace is deleted at once, as namespace deletion does, until released", func() {
		// A namespace of its own, so that no other spec's records are swept.
		ns := createNamespace("admission-sweep-")
		bindRoles(ns)
		draft := createRCA("draft", rcaIn(ns))
		approved := createRCA("approved", rcaIn(ns))
		Eventually(func() error { // the new binding takes a moment
			return applySignOff(approved, v1alpha1.SignOffApproved)
		}).Should(Succeed())

		err := admin.DeleteAllOf(ctx, &v1alpha1.RootCauseAnalysis{}, client.InNamespace(ns))
		GinkgoWriter.Println(err)
		Expect(err).To(MatchError(ContainSubstring(
			"denied request: RootCauseAnalysis " + approved.Name + " is signed off (approved by " + siroName + ") and kept as evidence; " +
				"only a signer (the verb sign-off, as the SIRO holds) may release it for deletion, first running: kubectl annotate rootcauseanalysis " +
				approved.Name + " -n " + ns + " lessons.dspt.io/release-for-deletion=true")))
		Expect(exists(approved)).To(BeTrue())

		// The namespace controller retries; once released, the sweep completes.
		released(approved, "true")
		Expect(admin.DeleteAllOf(ctx, &v1alpha1.RootCauseAnalysis{}, client.InNamespace(ns))).To(Succeed())
		Expect(exists(approved)).To(BeFalse())
		Expect(exists(draft)).To(BeFalse())
	})
})
