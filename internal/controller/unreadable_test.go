package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("An object that cannot be read", func() {
	It("is reported with a Warning event and left alone, while an action in another namespace still goes overdue", func() {
		legacy, current := newNamespace(), newNamespace()
		bad := fixtures.UnreadableAction("rotate-door-codes", "stolen-badge")
		bad.SetNamespace(legacy)
		storeUnreadable(bad)
		DeferCleanup(func() { Expect(client.IgnoreNotFound(k8s.Delete(ctx, bad))).To(Succeed()) })

		inc := detectedNow("stolen-badge")
		testenv.Create(k8s, current, inc)
		due := clock.Now().Add(2 * time.Hour).Truncate(time.Second)
		action := fixtures.Action("rotate-door-codes", inc.Name, due)
		testenv.Create(k8s, current, action)

		Eventually(func(g Gomega) {
			reported := testenv.EventsAbout(testenv.ListEvents(g, k8s, legacy), v1alpha1.EventObjectUnreadable, "ImprovementAction", bad.GetName(), "")
			g.Expect(reported).To(HaveLen(1))
			g.Expect(reported[0].Type).To(Equal(corev1.EventTypeWarning))
			g.Expect(reported[0].Note).To(ContainSubstring(fixtures.ImpossibleTime))
		}).Should(Succeed())
		Eventually(func() v1alpha1.ActionPhase { return testenv.Fresh(k8s, action).Status.Phase }).Should(Equal(v1alpha1.ActionOpen))

		step(due.Sub(clock.Now()))
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, action).Status.Phase).To(Equal(v1alpha1.ActionOverdue))
			g.Expect(eventCount(current, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue)).To(Equal(1))
		}).Should(Succeed())

		By("never writing a status on the unreadable action")
		stored := bad.DeepCopy()
		Expect(k8s.Get(ctx, client.ObjectKeyFromObject(bad), stored)).To(Succeed())
		Expect(stored.GetResourceVersion()).To(Equal(bad.GetResourceVersion()), "stored as it was created")
		// The CRD's defaults fill in a bare status when the object is read.
		Expect(stored.Object["status"]).To(Equal(map[string]any{"observedGeneration": int64(0)}))
		Expect(eventCount(legacy, "ImprovementAction", bad.GetName(), v1alpha1.EventObjectUnreadable)).To(Equal(1), "reported once per version")
	})
})

// storeUnreadable stores obj, which Go cannot read, as an older release's
// CRD that let any time through would have: its CRD is relaxed for the
// write and put back as shipped afterwards, so that the manager reads obj
// under the shipped CRD.
func storeUnreadable(obj *unstructured.Unstructured) {
	GinkgoHelper()
	shipped := shippedCRD(obj.GetKind())
	DeferCleanup(setCRDSpec, shipped)
	setCRDSpec(testenv.RelaxTimes(shipped))
	Eventually(func() error { return testenv.TryBreakingARule(k8s, obj.GetNamespace()) }).Should(Succeed(), "the relaxed CRD is in force")
	Expect(k8s.Create(ctx, obj)).To(Succeed())

	setCRDSpec(shipped)
	Eventually(func() error { return testenv.TryBreakingARule(k8s, obj.GetNamespace()) }).Should(MatchError(ContainSubstring(testenv.RuleRefused)), "the shipped CRD is back in force")
}

// shippedCRD is the shipped CRD of kind.
func shippedCRD(kind string) *unstructured.Unstructured {
	GinkgoHelper()
	crds, err := testenv.ShippedCRDs()
	Expect(err).NotTo(HaveOccurred())
	for _, crd := range crds {
		if k, _, _ := unstructured.NestedString(crd.Object, "spec", "names", "kind"); k == kind {
			return crd
		}
	}
	Fail("no shipped CRD for " + kind)
	return nil
}

// setCRDSpec gives the stored CRD crd's spec.
func setCRDSpec(crd *unstructured.Unstructured) {
	stored := &unstructured.Unstructured{}
	stored.SetGroupVersionKind(crd.GroupVersionKind())
	stored.SetName(crd.GetName())
	testenv.Update(k8s, stored, func(u *unstructured.Unstructured) {
		u.Object["spec"] = runtime.DeepCopyJSONValue(crd.Object["spec"])
	})
}
