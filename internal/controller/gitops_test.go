package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("Objects applied in any order, and deleted", func() {
	It("marks children of a missing incident IncidentNotFound until it appears", func() {
		ns := newNamespace()
		action := fixtures.Action("backup-restore-test", "late-incident", clock.Now().Add(40*24*time.Hour))
		rca := fixtures.RCA("late-incident-rca", "late-incident")
		testenv.Create(k8s, ns, action)
		testenv.Create(k8s, ns, rca)
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
			g.Expect(testenv.Condition(testenv.Fresh(k8s, rca).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
		}).Should(Succeed())
		Expect(testenv.Fresh(k8s, action).Status.ObservedGeneration).To(Equal(action.Generation))

		inc := detectedNow("late-incident")
		testenv.Create(k8s, ns, inc)
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Condition(testenv.Fresh(k8s, rca).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(rca.Status.DueAt).NotTo(BeNil())
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.IncidentInvestigating))
			g.Expect(st.Actions.Total).To(Equal(int32(1)))
		}).Should(Succeed())
	})

	It("keeps the RCA and actions as evidence when the incident is deleted", func() {
		ns := newNamespace()
		inc := detectedNow("lost-laptop")
		testenv.Create(k8s, ns, inc)
		rca := fixtures.RCA("lost-laptop-rca", inc.Name)
		action := fixtures.Action("laptop-encryption", inc.Name, clock.Now().Add(40*24*time.Hour))
		testenv.Create(k8s, ns, rca)
		testenv.Create(k8s, ns, action)
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, inc).Status.Actions.Total).To(Equal(int32(1)))
		}).Should(Succeed())
		Expect(testenv.Fresh(k8s, rca).OwnerReferences).To(BeEmpty())
		Expect(testenv.Fresh(k8s, action).OwnerReferences).To(BeEmpty())

		Expect(k8s.Delete(ctx, inc)).To(Succeed())
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
			g.Expect(testenv.Condition(testenv.Fresh(k8s, rca).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
		}).Should(Succeed())
		Consistently(func() error { return k8s.Get(ctx, client.ObjectKeyFromObject(rca), rca) }, "1s").Should(Succeed())
	})

	It("records a synced year of history in status without announcing it, and still raises what is overdue", func() {
		ns := newNamespace()
		now := clock.Now().Truncate(time.Second)
		daysAgo := func(d int) time.Time { return now.Add(-time.Duration(d) * 24 * time.Hour) }
		inc := fixtures.Incident("2025-12-ransomware", fixtures.DetectedAt(daysAgo(90), time.Hour))
		rca := fixtures.RCA(inc.Name+"-rca", inc.Name, fixtures.SignedOff(v1alpha1.SignOffApproved, daysAgo(80)))
		longDone := fixtures.Action("mfa-for-remote-access", inc.Name, daysAgo(50), fixtures.Done(daysAgo(60)))
		justDone := fixtures.Action("restore-drill", inc.Name, now.Add(24*time.Hour), fixtures.Done(now.Add(-2*time.Hour)))
		overdue := fixtures.Action("patch-vpn-appliances", inc.Name, daysAgo(10))
		// Children first, as a sync may apply them: the incident is never
		// seen closed before its overdue action exists.
		for _, o := range []client.Object{overdue, rca, longDone, justDone, inc} {
			testenv.Create(k8s, ns, o)
		}
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, rca).Status.Phase).To(Equal(v1alpha1.RCASignedOff))
			g.Expect(testenv.Fresh(k8s, longDone).Status.Phase).To(Equal(v1alpha1.ActionDone))
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentRemediating))
			g.Expect(eventCount(ns, "ImprovementAction", justDone.Name, v1alpha1.EventActionCompleted)).To(Equal(1))
			g.Expect(eventCount(ns, "ImprovementAction", overdue.Name, v1alpha1.EventActionOverdue)).To(Equal(1))
		}).Should(Succeed())
		Consistently(func(g Gomega) {
			g.Expect(eventsFor(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventRCASignedOff)).To(BeEmpty())
			g.Expect(eventsFor(ns, "ImprovementAction", longDone.Name, v1alpha1.EventActionCompleted)).To(BeEmpty())
			g.Expect(eventsFor(ns, "Incident", inc.Name, v1alpha1.EventRCASignedOff)).To(BeEmpty())
		}, "1s").Should(Succeed())

		By("announcing what happens from then on")
		testenv.Update(k8s, overdue, func(a *v1alpha1.ImprovementAction) { fixtures.Done(now)(a) })
		Eventually(func(g Gomega) {
			g.Expect(eventCount(ns, "ImprovementAction", overdue.Name, v1alpha1.EventActionCompletedLate)).To(Equal(1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventIncidentClosed)).To(Equal(1))
		}).Should(Succeed())
	})
})
