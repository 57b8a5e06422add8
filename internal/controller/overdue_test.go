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

var _ = Describe("Deadlines", func() {
	It("raises ActionDueSoon once, then ActionOverdue on the action and its incident once per reminder interval", func() {
		ns := newNamespace()
		inc := detectedNow("tailgating")
		testenv.Create(k8s, ns, inc)
		due := clock.Now().Add(100 * time.Hour).Truncate(time.Second)
		action := fixtures.Action("door-access-review", inc.Name, due)
		testenv.Create(k8s, ns, action)
		Eventually(func() v1alpha1.ActionPhase { return testenv.Fresh(k8s, action).Status.Phase }).Should(Equal(v1alpha1.ActionOpen))

		step(due.Add(-policy.DueSoonWindow).Sub(clock.Now()))
		Eventually(func() int { return eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionDueSoon) }).Should(Equal(1))

		step(due.Sub(clock.Now()))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionOverdue))
			g.Expect(st.OverdueSince.Time).To(BeTemporally("==", due))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/PastDueDate"))
			g.Expect(eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue)).To(Equal(1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventActionOverdue)).To(Equal(1))
			i := testenv.Fresh(k8s, inc).Status
			g.Expect(i.Actions.Overdue).To(Equal(int32(1)))
			g.Expect(testenv.Condition(i.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/ActionsOverdue"))
		}).Should(Succeed())
		events := eventsFor(ns, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue)
		Expect(events[0].Type).To(Equal(corev1.EventTypeWarning))
		Expect(events[0].Note).To(ContainSubstring(action.Spec.Title))

		By("not repeating it within the reminder interval")
		step(policy.OverdueReminderInterval - time.Minute)
		Consistently(func() int { return eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue) }, "2s").Should(Equal(1))

		By("repeating it once the interval has passed")
		step(time.Minute)
		Eventually(func() int { return eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue) }).Should(Equal(2))
		Eventually(func() int { return eventCount(ns, "Incident", inc.Name, v1alpha1.EventActionOverdue) }).Should(Equal(2))
		Consistently(func() int { return eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue) }, "2s").Should(Equal(2))

		By("announcing a late completion")
		testenv.Update(k8s, action, func(a *v1alpha1.ImprovementAction) { fixtures.Done(clock.Now())(a) })
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionDone))
			g.Expect(st.CompletedLate).To(BeTrue())
			g.Expect(st.OverdueSince).To(BeNil())
			g.Expect(eventsFor(ns, "ImprovementAction", action.Name, v1alpha1.EventActionCompletedLate)).To(HaveLen(1))
			g.Expect(testenv.Fresh(k8s, inc).Status.Actions.Overdue).To(BeZero())
		}).Should(Succeed())
	})

	It("raises SIRONotificationOverdue when the SIRO is not told within 12 hours", func() {
		ns := newNamespace()
		inc := detectedNow("misdirected-email", func(i *v1alpha1.Incident) {
			i.Spec.Category = v1alpha1.CategoryPersonalDataBreach
			i.Spec.SIRONotifiedAt = nil
		})
		testenv.Create(k8s, ns, inc)
		Eventually(func() string {
			return testenv.Condition(testenv.Fresh(k8s, inc).Status.Conditions, v1alpha1.ConditionSIRONotified)
		}).Should(Equal("False/NotYetDue"))

		step(policy.SIRONotificationDeadline + time.Minute)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSIRONotified)).To(Equal("False/DeadlineMissed"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/SIRONotificationOverdue"))
			g.Expect(eventsFor(ns, "Incident", inc.Name, v1alpha1.EventSIRONotificationOverdue)).To(HaveLen(1))
			g.Expect(st.Timeline).To(ContainElement(HaveField("Type", string(v1alpha1.EventSIRONotificationOverdue))))
		}).Should(Succeed())

		testenv.Update(k8s, inc, func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = fixtures.Time(clock.Now()) })
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSIRONotified)).To(Equal("True/NotifiedLate"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
		}).Should(Succeed())
	})

	It("raises RCAOverdue on the incident when no analysis exists by the review window", func() {
		ns := newNamespace()
		inc := detectedNow("printer-leak", func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.SeverityCritical })
		testenv.Create(k8s, ns, inc)
		Eventually(func() v1alpha1.IncidentPhase { return testenv.Fresh(k8s, inc).Status.Phase }).Should(Equal(v1alpha1.IncidentOpen))
		step(15 * 24 * time.Hour)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/RCAOverdue"))
			g.Expect(eventsFor(ns, "Incident", inc.Name, v1alpha1.EventRCAOverdue)).To(HaveLen(1))
		}).Should(Succeed())
	})
})
