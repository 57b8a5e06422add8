package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kstatus "sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// kstatusOf computes what kstatus, the status library of Flux and kpt, reads
// from obj in its unstructured form.
func kstatusOf(obj client.Object) *kstatus.Result {
	u, err := testenv.ToUnstructured(obj)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	res, err := kstatus.Compute(u)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return res
}

// reconciled fails unless the operator has processed the object's current
// generation, so that a Current verdict is never read off an object the
// operator has not visited (kstatus reads those as Current too).
func reconciled(g Gomega, generation, observed int64, conds []metav1.Condition) {
	g.ExpectWithOffset(1, observed).To(Equal(generation), "status.observedGeneration")
	g.ExpectWithOffset(1, conds).NotTo(BeEmpty(), "status.conditions")
}

var _ = Describe("kstatus reads the operator's status", func() {
	It("reads an open incident that is on track as Current", func() {
		ns := newNamespace()
		inc := detectedNow("kstatus-open")
		testenv.Create(k8s, ns, inc)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			reconciled(g, inc.Generation, st.ObservedGeneration, st.Conditions)
			g.Expect(st.Phase).To(Equal(v1alpha1.IncidentOpen))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
			g.Expect(kstatusOf(inc).Status).To(Equal(kstatus.CurrentStatus))
		}).Should(Succeed())
	})

	It("reads an RCA awaiting sign-off as Current: a pending sign-off does not stall a sync", func() {
		ns := newNamespace()
		inc := detectedNow("kstatus-awaiting")
		testenv.Create(k8s, ns, inc)
		rca := fixtures.RCA("kstatus-awaiting-rca", inc.Name, fixtures.Submitted())
		testenv.Create(k8s, ns, rca)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rca).Status
			reconciled(g, rca.Generation, st.ObservedGeneration, st.Conditions)
			g.Expect(st.Phase).To(Equal(v1alpha1.RCAAwaitingSignOff))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("False/AwaitingSignOff"))
			g.Expect(kstatusOf(rca).Status).To(Equal(kstatus.CurrentStatus))
		}).Should(Succeed())
	})

	It("reads an overdue action as Current: business state does not stall a sync", func() {
		ns := newNamespace()
		inc := fixtures.Incident("kstatus-overdue", fixtures.DetectedAt(clock.Now().Add(-48*time.Hour), time.Hour))
		testenv.Create(k8s, ns, inc)
		action := fixtures.Action("kstatus-overdue-action", inc.Name, clock.Now().Add(-time.Hour).Truncate(time.Second))
		testenv.Create(k8s, ns, action)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			reconciled(g, action.Generation, st.ObservedGeneration, st.Conditions)
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionOverdue))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/PastDueDate"))
			g.Expect(kstatusOf(action).Status).To(Equal(kstatus.CurrentStatus))
		}).Should(Succeed())
	})

	// kstatus has no Failed verdict for Ready=False: with no Stalled
	// condition it reads Ready=False as InProgress, carrying the reason and
	// message. That is what an action applied before its incident is: it
	// recovers by itself once the incident appears, and then reads Current.
	It("reads an action whose incident is missing as InProgress, then Current once the incident appears", func() {
		ns := newNamespace()
		action := fixtures.Action("kstatus-orphan", "kstatus-late-incident", clock.Now().Add(40*24*time.Hour))
		testenv.Create(k8s, ns, action)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			reconciled(g, action.Generation, st.ObservedGeneration, st.Conditions)
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
			res := kstatusOf(action)
			g.Expect(res.Status).To(Equal(kstatus.InProgressStatus))
			g.Expect(res.Message).To(ContainSubstring(`Incident "kstatus-late-incident" does not exist`))
			g.Expect(res.Conditions).To(ContainElement(And(
				HaveField("Type", kstatus.ConditionReconciling),
				HaveField("Reason", string(v1alpha1.ReasonIncidentNotFound)))))
		}).Should(Succeed())

		testenv.Create(k8s, ns, detectedNow("kstatus-late-incident"))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(kstatusOf(action).Status).To(Equal(kstatus.CurrentStatus))
		}).Should(Succeed())
	})

	It("reads an object as InProgress only until the operator has observed its latest generation", func() {
		ns := newNamespace()
		inc := detectedNow("kstatus-generation")
		testenv.Create(k8s, ns, inc)
		action := fixtures.Action("kstatus-generation-action", inc.Name, clock.Now().Add(40*24*time.Hour))
		testenv.Create(k8s, ns, action)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			reconciled(g, action.Generation, st.ObservedGeneration, st.Conditions)
			g.Expect(kstatusOf(action).Status).To(Equal(kstatus.CurrentStatus))
		}).Should(Succeed())
		observed := action.Status.ObservedGeneration

		// The API server's answer to a spec change carries the new
		// generation and the status the operator wrote for the old one: no
		// reconcile can have happened in between.
		testenv.Update(k8s, action, func(a *v1alpha1.ImprovementAction) { a.Spec.State = v1alpha1.ActionStateInProgress })
		Expect(action.Generation).To(BeNumerically(">", observed))
		Expect(action.Status.ObservedGeneration).To(Equal(observed))
		res := kstatusOf(action)
		Expect(res.Status).To(Equal(kstatus.InProgressStatus))
		Expect(res.Conditions).To(ContainElement(HaveField("Reason", "LatestGenerationNotObserved")))

		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			reconciled(g, action.Generation, st.ObservedGeneration, st.Conditions)
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionInProgress))
			g.Expect(kstatusOf(action).Status).To(Equal(kstatus.CurrentStatus))
		}).Should(Succeed())
	})
})
