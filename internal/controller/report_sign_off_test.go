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

var _ = Describe("A LessonsReport's sign-off deadline", func() {
	It("falls due the sign-off window after the period ends, is announced once when missed, and is met by a sign-off", func() {
		ns := newNamespace()
		testenv.Create(k8s, ns, detectedNow("lost-smartcard"))
		end := clock.Now().Add(-10 * day).Truncate(time.Second)
		due := end.Add(policy.ReportSignOffWindow)
		rep := fixtures.Report("last-year", fixtures.Period(end.Add(-365*day), end))
		testenv.Create(k8s, ns, rep)

		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(st.SignOffDueAt).NotTo(BeNil())
			g.Expect(st.SignOffDueAt.Time).To(BeTemporally("==", due))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
		}).Should(Succeed())

		By("passing the deadline unsigned: the report requeued for it falls overdue")
		step(due.Sub(clock.Now()))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/SignOffOverdue"))
			g.Expect(eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventReportSignOffOverdue)).To(Equal(1))
		}).Should(Succeed())
		step(time.Hour)
		testenv.Create(k8s, ns, detectedNow("misdirected-letter"))
		Consistently(func() int { return eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventReportSignOffOverdue) }, "2s").Should(Equal(1))

		By("signing off late: finished")
		testenv.Update(k8s, rep, func(r *v1alpha1.LessonsReport) {
			fixtures.ReportSignedOff(v1alpha1.SignOffApproved, clock.Now().Truncate(time.Second))(r)
			r.Spec.SignOff.Assessment = "Two incidents, both handled within the deadlines."
		})
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ReportSignedOff))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/Finished"))
		}).Should(Succeed())
		Expect(eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventReportSignOffOverdue)).To(Equal(1))
	})

	It("has none for an open-ended report", func() {
		ns := newNamespace()
		rep := fixtures.Report("to-date", func(r *v1alpha1.LessonsReport) {
			r.Spec.Period = v1alpha1.ReportPeriod{From: metav1.NewTime(clock.Now().Add(-400 * day))}
		})
		testenv.Create(k8s, ns, rep)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
			g.Expect(st.SignOffDueAt).To(BeNil())
		}).Should(Succeed())
	})
})
