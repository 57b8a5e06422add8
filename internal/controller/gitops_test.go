package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
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
})
