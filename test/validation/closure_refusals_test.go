package validation_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// closureRefusals: what the rules of an analysis's organisational factors,
// cause categories and reason for no improvement action refuse.
func closureRefusals() []TableEntry {
	return []TableEntry{
		Entry("a submitted RCA without organisationalFactors",
			validRCA("rca", withoutFactors),
			"spec.organisationalFactors: Invalid value", factorsRule),
		Entry("an approved RCA without organisationalFactors",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), withoutFactors),
			"spec.organisationalFactors: Invalid value", factorsRule),
		Entry("a cause category not in the list",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Causes[1].Category = "Human" }),
			`spec.causes[1].category: `+unsupported+`: "Human"`, `"Process", "Training", "Workload", "Communication", "Technology", "Configuration", "Supplier", "Workaround", "Detection", "Other"`),
		Entry("an empty noActionsReason",
			withRaw(validRCA("rca"), "spec.noActionsReason", ""),
			"spec.noActionsReason", tooShort),
		Entry("a noActionsReason of 4097 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.NoActionsReason = chars(4097) }),
			"spec.noActionsReason: "+tooLong, "4096"),
	}
}

var _ = Describe("An analysis's closure fields", func() {
	It("accept every cause category and a reason why no improvement action is needed", func() {
		categories := []v1alpha1.CauseCategory{v1alpha1.CauseProcess, v1alpha1.CauseTraining, v1alpha1.CauseWorkload, v1alpha1.CauseCommunication,
			v1alpha1.CauseTechnology, v1alpha1.CauseConfiguration, v1alpha1.CauseSupplier, v1alpha1.CauseWorkaround, v1alpha1.CauseDetection, v1alpha1.CauseOther}
		rca := validRCA("categorised", func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Causes = nil
			for _, c := range categories {
				r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{Type: v1alpha1.CauseNonTechnical, Category: c, Description: "A cause of category " + string(c) + "."})
			}
			r.Spec.NoActionsReason = chars(4096)
		})
		Expect(testenv.TryCreate(k8sClient, namespace, rca)).To(Succeed())
	})
})
