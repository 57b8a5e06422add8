package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("The decision whether to report outside the organisation", func() {
	It("is owed by the external report deadline: pending, then overdue once, then recorded with its reason", func() {
		ns := newNamespace()
		inc := detectedNow("misdirected-discharge-letter", fixtures.Undecided)
		testenv.Create(k8s, ns, inc)
		Eventually(func() string {
			return testenv.Condition(testenv.Fresh(k8s, inc).Status.Conditions, v1alpha1.ConditionExternallyReported)
		}).Should(Equal("Unknown/DecisionPending"))

		step(policy.ExternalReportDeadline + time.Minute)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExternallyReported)).To(Equal("False/DecisionOverdue"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(ContainSubstring("True/"))
			g.Expect(st.Overdue).To(BeNumerically(">=", 1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventExternalReportDecisionOverdue)).To(Equal(1))
		}).Should(Succeed())

		By("recording that it is not reportable, and why")
		testenv.Update(k8s, inc, func(i *v1alpha1.Incident) {
			i.Spec.ExternalReportDecision = &v1alpha1.ExternalReportDecision{Reason: "Returned unopened the next day",
				DecidedBy: "dpo@example.nhs.uk", At: metav1.NewTime(clock.Now().Truncate(time.Second))}
		})
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExternallyReported)).To(Equal("True/NotRequired"))
		}).Should(Succeed())
		Consistently(func() int { return eventCount(ns, "Incident", inc.Name, v1alpha1.EventExternalReportDecisionOverdue) }, "1s").Should(Equal(1))
	})
})
