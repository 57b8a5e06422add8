package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("A missed deadline on record", func() {
	It("stays whatever the incident becomes: reclassified as an exercise, its external report no longer required", func() {
		ns := newNamespace()
		inc := detectedNow("ransomware-on-the-file-server", fixtures.ExternalReportRequired(), func(i *v1alpha1.Incident) {
			i.Spec.Category = v1alpha1.CategoryPersonalDataBreach
			i.Spec.SIRONotifiedAt = nil
		})
		testenv.Create(k8s, ns, inc)
		Eventually(func() string {
			return testenv.Condition(testenv.Fresh(k8s, inc).Status.Conditions, v1alpha1.ConditionExternallyReported)
		}).Should(Equal("False/NotYetDue"))

		step(policy.ExternalReportDeadline + time.Minute)
		var missed v1alpha1.IncidentStatus
		Eventually(func(g Gomega) {
			missed = testenv.Fresh(k8s, inc).Status
			g.Expect(missed.SIRONotificationBreach).NotTo(BeNil())
			g.Expect(missed.ExternalReportBreach).NotTo(BeNil())
		}).Should(Succeed())

		By("the engineer makes it an exercise with no external report, corrections on record, as if nothing had been missed")
		testenv.Update(k8s, inc, fixtures.Correcting(func(i *v1alpha1.Incident) {
			i.Spec.Type = v1alpha1.IncidentTypeExercise
			i.Spec.ExternalReportRequired = false
		}))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.ObservedGeneration).To(Equal(testenv.Fresh(k8s, inc).Generation))
			g.Expect(st.SIRONotificationBreach).To(Equal(missed.SIRONotificationBreach))
			g.Expect(st.ExternalReportBreach).To(Equal(missed.ExternalReportBreach))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSIRONotified)).To(Equal("True/NotRequired"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExternallyReported)).To(Equal("True/NotRequired"))
		}).Should(Succeed())
		Consistently(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.SIRONotificationBreach).To(Equal(missed.SIRONotificationBreach))
			g.Expect(st.ExternalReportBreach).To(Equal(missed.ExternalReportBreach))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventSIRONotificationOverdue)).To(Equal(1))
		}, "2s").Should(Succeed())
	})
})
