package validation_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	kstatus "sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// No operator runs in this suite, so every object here is unvisited.
var _ = Describe("An object the operator has not visited yet", func() {
	It("reads as in progress to kstatus, never as reconciled", func() {
		for _, obj := range []client.Object{
			fixtures.Incident("unvisited-incident"), validRCA("unvisited-rca"),
			fixtures.Action("unvisited-action", incidentName, actionDue), fixtures.Report("unvisited-report"),
			processReview("unvisited-review"), reviewAction("unvisited-review-action"),
		} {
			createIn(obj)
			u := &unstructured.Unstructured{}
			gvk, err := k8sClient.GroupVersionKindFor(obj)
			Expect(err).NotTo(HaveOccurred())
			u.SetGroupVersionKind(gvk)
			Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(obj), u)).To(Succeed())
			generation, found, err := unstructured.NestedInt64(u.Object, "status", "observedGeneration")
			Expect(err).NotTo(HaveOccurred())
			Expect(found).To(BeTrue(), "%s: status.observedGeneration defaults to 0", gvk.Kind)
			Expect(generation).To(BeZero())
			res, err := kstatus.Compute(u)
			Expect(err).NotTo(HaveOccurred())
			Expect(res.Status).To(Equal(kstatus.InProgressStatus), "%s: %s", gvk.Kind, res.Message)
		}
	})
})
