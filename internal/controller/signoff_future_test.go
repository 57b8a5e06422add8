package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("A sign-off dated next year", func() {
	It("is not believed until its date, when the analysis is signed off and announced", func() {
		ns := newNamespace()
		inc := detectedNow("lost-encrypted-laptop")
		testenv.Create(k8s, ns, inc)
		rca := fixtures.RCA("lost-encrypted-laptop-rca", inc.Name, fixtures.SignedOff(v1alpha1.SignOffApproved, clock.Now().Add(time.Hour).Truncate(time.Second)))
		testenv.Create(k8s, ns, rca)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rca).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.RCAAwaitingSignOff))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("False/SignOffInFuture"))
			g.Expect(st.ApprovedIncident).To(BeNil())
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentAwaitingSignOff))
		}).Should(Succeed())
		Consistently(func() int { return eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventRCASignedOff) }, "1s").Should(BeZero())

		step(time.Hour)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rca).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.RCASignedOff))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("True/Approved"))
			g.Expect(eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventRCASignedOff)).To(Equal(1))
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentRemediating))
		}).Should(Succeed())
	})
})
