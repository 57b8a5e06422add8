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

var _ = Describe("Completion times", func() {
	It("does not believe a completedAt still to come: the action stays open, is flagged once, and is done when the time comes", func() {
		ns := newNamespace()
		inc := detectedNow("lost-smartcard")
		testenv.Create(k8s, ns, inc)
		due := clock.Now().Add(10 * 24 * time.Hour).Truncate(time.Second)
		completed := clock.Now().Add(48 * time.Hour).Truncate(time.Second)
		action := fixtures.Action("reissue-smartcards", inc.Name, due, fixtures.Done(completed))
		testenv.Create(k8s, ns, action)

		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionInProgress))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionCompleted)).To(Equal("False/CompletedAtInFuture"))
			g.Expect(eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventCompletedAtInFuture)).To(Equal(1))
			g.Expect(testenv.Fresh(k8s, inc).Status.Actions.Done).To(BeZero())
		}).Should(Succeed())
		event := eventsFor(ns, "ImprovementAction", action.Name, v1alpha1.EventCompletedAtInFuture)[0]
		Expect(event.Type).To(Equal(corev1.EventTypeWarning))
		Expect(event.Note).To(ContainSubstring("has not come yet"))

		By("not repeating the warning")
		step(time.Hour)
		Consistently(func() int { return eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventCompletedAtInFuture) }, "2s").Should(Equal(1))

		By("believing it when the time comes")
		step(completed.Sub(clock.Now()))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionDone))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionCompleted)).To(Equal("True/Done"))
			g.Expect(eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionCompleted)).To(Equal(1))
			g.Expect(testenv.Fresh(k8s, inc).Status.Actions.Done).To(Equal(int32(1)))
		}).Should(Succeed())
	})

	It("keeps a completion late when completedAt is back-dated before a deadline the action was seen missing", func() {
		ns := newNamespace()
		inc := detectedNow("tailgating-server-room")
		testenv.Create(k8s, ns, inc)
		due := clock.Now().Add(time.Hour).Truncate(time.Second)
		action := fixtures.Action("badge-reader-alarm", inc.Name, due)
		testenv.Create(k8s, ns, action)
		step(2 * time.Hour)
		Eventually(func() v1alpha1.ActionPhase { return testenv.Fresh(k8s, action).Status.Phase }).Should(Equal(v1alpha1.ActionOverdue))

		testenv.Update(k8s, action, func(a *v1alpha1.ImprovementAction) { fixtures.Done(due.Add(-30 * time.Minute))(a) })
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionDone))
			g.Expect(st.CompletedLate).To(BeTrue())
			g.Expect(st.CompletedAfterOriginalDueDate).To(BeTrue())
			g.Expect(eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionCompletedLate)).To(Equal(1))
		}).Should(Succeed())
		Expect(eventsFor(ns, "ImprovementAction", action.Name, v1alpha1.EventActionCompletedLate)[0].Note).To(ContainSubstring("recorded as late"))
	})
})
