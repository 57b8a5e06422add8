package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("External report deadline", func() {
	It("raises ExternalReportOverdue once when a required report is not recorded within 72 hours, and keeps the breach", func() {
		ns := newNamespace()
		inc := detectedNow("lost-laptop", func(i *v1alpha1.Incident) {
			i.Spec.Category = v1alpha1.CategoryPersonalDataBreach
			fixtures.ExternalReportRequired()(i)
		})
		testenv.Create(k8s, ns, inc)
		due := inc.Spec.DetectedAt.Add(policy.ExternalReportDeadline)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExternallyReported)).To(Equal("False/NotYetDue"))
			g.Expect(st.ExternalReportDueAt).NotTo(BeNil())
			g.Expect(st.ExternalReportDueAt.Time).To(BeTemporally("==", due))
			g.Expect(st.NextDueAt).NotTo(BeNil())
		}).Should(Succeed())

		step(due.Sub(clock.Now()) + time.Minute)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExternallyReported)).To(Equal("False/DeadlineMissed"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/ExternalReportOverdue"))
			g.Expect(st.Overdue).To(Equal(int32(1)))
			g.Expect(st.ExternalReportBreach).NotTo(BeNil())
			g.Expect(st.ExternalReportBreach.DueAt.Time).To(BeTemporally("==", due))
			g.Expect(st.Timeline).To(ContainElement(HaveField("Type", string(v1alpha1.EventExternalReportOverdue))))
			g.Expect(eventsFor(ns, "Incident", inc.Name, v1alpha1.EventExternalReportOverdue)).To(HaveLen(1))
		}).Should(Succeed())
		events := eventsFor(ns, "Incident", inc.Name, v1alpha1.EventExternalReportOverdue)
		Expect(events[0].Type).To(Equal(corev1.EventTypeWarning))
		Consistently(func() int { return eventCount(ns, "Incident", inc.Name, v1alpha1.EventExternalReportOverdue) }, "2s").Should(Equal(1))

		By("keeping the breach when detectedAt is corrected to later")
		testenv.Update(k8s, inc, fixtures.Correcting(fixtures.DetectedAt(clock.Now().Add(-time.Hour), time.Minute)))
		Eventually(func(g Gomega) {
			fresh := testenv.Fresh(k8s, inc)
			g.Expect(fresh.Status.ObservedGeneration).To(Equal(fresh.Generation))
			g.Expect(fresh.Status.ExternalReportBreach).NotTo(BeNil())
			g.Expect(fresh.Status.ExternalReportBreach.DueAt.Time).To(BeTemporally("==", due))
			g.Expect(fresh.Status.ExternalReportDueAt.Time).To(BeTemporally("==", due))
			g.Expect(testenv.Condition(fresh.Status.Conditions, v1alpha1.ConditionExternallyReported)).To(Equal("False/DeadlineMissed"))
		}).Should(Succeed())

		By("recording the report as late, with no second event")
		reported := clock.Now().Truncate(time.Second)
		testenv.Update(k8s, inc, fixtures.ExternallyReported(v1alpha1.AuthorityICO, reported))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExternallyReported)).To(Equal("True/ReportedLate"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
			g.Expect(st.ExternalReportBreach).NotTo(BeNil())
			g.Expect(st.ExternalReportBreach.ReportedAt).NotTo(BeNil())
			g.Expect(st.ExternalReportBreach.ReportedAt.Time).To(BeTemporally("==", reported))
		}).Should(Succeed())
		Consistently(func() int { return eventCount(ns, "Incident", inc.Name, v1alpha1.EventExternalReportOverdue) }, "2s").Should(Equal(1))
	})
})
