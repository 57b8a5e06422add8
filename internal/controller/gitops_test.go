package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

var _ = Describe("Objects applied in any order, and deleted", func() {
	It("marks children of a missing incident IncidentNotFound until it appears", func() {
		ns := newNamespace()
		action := fixtures.Action("backup-restore-test", "late-incident", clock.Now().Add(40*24*time.Hour))
		rca := fixtures.RCA("late-incident-rca", "late-incident")
		create(ns, action)
		create(ns, rca)
		Eventually(func(g Gomega) {
			g.Expect(condition(fresh(action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
			g.Expect(condition(fresh(rca).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
		}).Should(Succeed())
		Expect(fresh(action).Status.ObservedGeneration).To(Equal(action.Generation))

		inc := detectedNow("late-incident")
		create(ns, inc)
		Eventually(func(g Gomega) {
			g.Expect(condition(fresh(action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(condition(fresh(rca).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(rca.Status.DueAt).NotTo(BeNil())
			st := fresh(inc).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.IncidentInvestigating))
			g.Expect(st.Actions.Total).To(Equal(int32(1)))
		}).Should(Succeed())
	})

	It("keeps the RCA and actions as evidence when the incident is deleted", func() {
		ns := newNamespace()
		inc := detectedNow("lost-laptop")
		create(ns, inc)
		rca := fixtures.RCA("lost-laptop-rca", inc.Name)
		action := fixtures.Action("laptop-encryption", inc.Name, clock.Now().Add(40*24*time.Hour))
		create(ns, rca)
		create(ns, action)
		Eventually(func(g Gomega) {
			g.Expect(fresh(inc).Status.Actions.Total).To(Equal(int32(1)))
		}).Should(Succeed())
		Expect(fresh(rca).OwnerReferences).To(BeEmpty())
		Expect(fresh(action).OwnerReferences).To(BeEmpty())

		Expect(k8s.Delete(ctx, inc)).To(Succeed())
		Eventually(func(g Gomega) {
			g.Expect(condition(fresh(action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
			g.Expect(condition(fresh(rca).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
		}).Should(Succeed())
		Consistently(func() error { return k8s.Get(ctx, client.ObjectKeyFromObject(rca), rca) }, "1s").Should(Succeed())
	})

	It("records a synced year of history in status without announcing it, and still raises what is overdue", func() {
		ns := newNamespace()
		now := clock.Now().Truncate(time.Second)
		daysAgo := func(d int) time.Time { return now.Add(-time.Duration(d) * 24 * time.Hour) }
		inc := detectedNow("2025-12-ransomware", func(i *v1alpha1.Incident) {
			i.Spec.DetectedAt = metav1.NewTime(daysAgo(90))
			i.Spec.SIRONotifiedAt = fixtures.Time(daysAgo(90).Add(time.Hour))
		})
		rca := fixtures.RCA(inc.Name+"-rca", inc.Name, fixtures.SignedOff(v1alpha1.SignOffApproved, daysAgo(80)))
		longDone := fixtures.Action("mfa-for-remote-access", inc.Name, daysAgo(50), fixtures.Done(daysAgo(60)))
		justDone := fixtures.Action("restore-drill", inc.Name, now.Add(24*time.Hour), fixtures.Done(now.Add(-2*time.Hour)))
		overdue := fixtures.Action("patch-vpn-appliances", inc.Name, daysAgo(10))
		// Children first, as a sync may apply them: the incident is never
		// seen closed before its overdue action exists.
		for _, o := range []client.Object{overdue, rca, longDone, justDone, inc} {
			create(ns, o)
		}
		Eventually(func(g Gomega) {
			g.Expect(fresh(rca).Status.Phase).To(Equal(v1alpha1.RCASignedOff))
			g.Expect(fresh(longDone).Status.Phase).To(Equal(v1alpha1.ActionDone))
			g.Expect(fresh(inc).Status.Phase).To(Equal(v1alpha1.IncidentRemediating))
			g.Expect(eventCount(ns, "ImprovementAction", justDone.Name, v1alpha1.EventActionCompleted)).To(Equal(1))
			g.Expect(eventCount(ns, "ImprovementAction", overdue.Name, v1alpha1.EventActionOverdue)).To(Equal(1))
		}).Should(Succeed())
		Consistently(func(g Gomega) {
			g.Expect(eventsFor(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventRCASignedOff)).To(BeEmpty())
			g.Expect(eventsFor(ns, "ImprovementAction", longDone.Name, v1alpha1.EventActionCompleted)).To(BeEmpty())
			g.Expect(eventsFor(ns, "Incident", inc.Name, v1alpha1.EventRCASignedOff)).To(BeEmpty())
		}, "1s").Should(Succeed())

		By("announcing what happens from then on")
		update(overdue, func(a *v1alpha1.ImprovementAction) { fixtures.Done(now)(a) })
		Eventually(func(g Gomega) {
			g.Expect(eventCount(ns, "ImprovementAction", overdue.Name, v1alpha1.EventActionCompletedLate)).To(Equal(1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventIncidentClosed)).To(Equal(1))
		}).Should(Succeed())
	})
})
