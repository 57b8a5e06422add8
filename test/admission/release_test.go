package admission_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// kindOf names obj's kind, as refusals do.
func kindOf(obj client.Object) string {
	switch obj.(type) {
	case *v1alpha1.Incident:
		return "Incident"
	case *v1alpha1.RootCauseAnalysis:
		return rcaKind
	case *v1alpha1.ImprovementAction:
		return "ImprovementAction"
	case *v1alpha1.ProcessReview:
		return "ProcessReview"
	}
	return reportKind
}

// protectedOfEach is one record of each kind kept as evidence.
func protectedOfEach() []client.Object {
	return []client.Object{
		createIncident("incident", v1alpha1.IncidentAwaitingSignOff, v1alpha1.EvidenceRCAApproved),
		approvedRCA("rca"),
		createAction("action", v1alpha1.ActionOverdue, v1alpha1.EvidenceOverdue),
		approvedReport("report"),
		createReview("review", v1alpha1.ProcessReviewHeld, v1alpha1.EvidenceActionsRaised),
	}
}

var _ = Describe("Releasing a record for deletion", func() {
	It("is refused to an engineer on every kind, and the record stays protected", func() {
		for _, obj := range protectedOfEach() {
			_, err := testenv.TryUpdate(admin, engineer, obj, releasedAs[client.Object]("true"))
			expectRefusedBy(1, err, releasePolicy, cannotRelease(engineerName, kindOf(obj), resourceOf(obj), namespace))
			Expect(testenv.Fresh(admin, obj).GetAnnotations()).NotTo(HaveKey(releaseAnnotation))
			Expect(engineer.Delete(ctx, obj)).NotTo(Succeed())
			Expect(exists(obj)).To(BeTrue())
		}
	})

	It("cannot be written in advance: an engineer may not create a record already released", func() {
		inc := fixtures.Incident(testenv.UniqueName("incident"))
		inc.Namespace = namespace
		releasedAs[*v1alpha1.Incident]("true")(inc)
		expectRefusedBy(1, engineer.Create(ctx, inc), releasePolicy, cannotRelease(engineerName, "Incident", "incidents", namespace))
		Expect(exists(inc)).To(BeFalse())
	})

	It("is the SIRO's decision: released by the SIRO, the engineer may delete it", func() {
		for _, obj := range protectedOfEach() {
			released(obj, "true")
			Expect(engineer.Delete(ctx, obj)).To(Succeed())
			Expect(exists(obj)).To(BeFalse())
		}
	})

	It("lets a cluster administrator release, and anyone take a release back", func() {
		inc := createIncident("incident", v1alpha1.IncidentClosed, v1alpha1.EvidenceRCAApproved)
		_, err := testenv.TryUpdate(admin, admin, inc, releasedAs[*v1alpha1.Incident]("true"))
		Expect(err).NotTo(HaveOccurred())
		_, err = testenv.TryUpdate(admin, engineer, inc, func(i *v1alpha1.Incident) {
			delete(i.Annotations, releaseAnnotation)
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(engineer.Delete(ctx, inc)).NotTo(Succeed())
		Expect(exists(inc)).To(BeTrue())
	})

	It("lets a record already released before this rule be edited", func() {
		inc := createIncident("incident", v1alpha1.IncidentClosed, v1alpha1.EvidenceRCAApproved)
		released(inc, "true")
		_, err := testenv.TryUpdate(admin, engineer, inc, func(i *v1alpha1.Incident) {
			i.Spec.Themes = append(i.Spec.Themes, "phishing")
		})
		Expect(err).NotTo(HaveOccurred())
	})

	It("gives the SIRO no right to change an incident's, action's or process review's spec", func() {
		for _, obj := range []client.Object{
			createIncident("incident", v1alpha1.IncidentOpen), createAction("action", v1alpha1.ActionOpen),
			createReview("review", v1alpha1.ProcessReviewHeld, v1alpha1.EvidenceActionsRaised),
		} {
			_, err := testenv.TryUpdate(admin, siro, obj, func(o client.Object) {
				switch o := o.(type) {
				case *v1alpha1.Incident:
					o.Spec.Owner = siroName
				case *v1alpha1.ImprovementAction:
					o.Spec.Owner = siroName
				case *v1alpha1.ProcessReview:
					o.Spec.Chair = siroName
				}
			})
			expectRefusedBy(1, err, releasePolicy, releaseOnly(siroName, kindOf(obj), resourceOf(obj), namespace))
		}
	})
})
