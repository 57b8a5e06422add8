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

var _ = Describe("A ProcessReview", func() {
	It("is Planned until held, tallies the actions it raised, whichever comes first, and is Actioned when they are finished", func() {
		ns := newNamespace()
		heldAt := clock.Now().Add(30 * day).Truncate(time.Second)
		By("raising an action before its review exists: it waits for it")
		action := fixtures.Action("badge-readers", "", heldAt.Add(60*day), fixtures.RaisedBy("workshop"))
		testenv.Create(k8s, ns, action)
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/ProcessReviewNotFound"))
		}).Should(Succeed())

		By("recording the workshop planned for next month")
		pr := fixtures.ProcessReview("workshop", heldAt)
		testenv.Create(k8s, ns, pr)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, pr).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ProcessReviewPlanned))
			g.Expect(st.Participants).To(Equal(int32(15)))
			g.Expect(st.UserRepresentatives).To(Equal(int32(3)))
			g.Expect(st.Actions.Progress).To(Equal("0/1"))
			g.Expect(st.KeptAsEvidence).To(BeEmpty())
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionUserRepresentation)).To(Equal("True/UserRepresentativesTookPart"))
			g.Expect(testenv.Condition(testenv.Fresh(k8s, action).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Condition(testenv.Fresh(k8s, action).Status.Conditions, v1alpha1.ConditionWithinTimescale)).To(Equal("True/WithinPriorityTimescale"))
		}).Should(Succeed())
		Expect(testenv.ListEvents(Default, k8s, ns)).To(BeEmpty(), "a planned review and its action on track announce nothing")

		By("the day it is held: Held, and kept as evidence with its action")
		step(heldAt.Sub(clock.Now()))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, pr).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ProcessReviewHeld))
			g.Expect(st.KeptAsEvidence).To(ConsistOf(v1alpha1.EvidenceActionsRaised))
		}).Should(Succeed())

		By("missing the action's deadline: it is announced on the action and on the review")
		step(61 * day)
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, action).Status.Phase).To(Equal(v1alpha1.ActionOverdue))
			g.Expect(testenv.Fresh(k8s, pr).Status.Actions.Overdue).To(Equal(int32(1)))
			g.Expect(eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue)).To(Equal(1))
			g.Expect(eventCount(ns, "ProcessReview", pr.Name, v1alpha1.EventActionOverdue)).To(Equal(1))
		}).Should(Succeed())

		By("finishing it: Actioned")
		testenv.Update(k8s, action, fixtures.Done(clock.Now().Add(-time.Hour).Truncate(time.Second)))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, pr).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ProcessReviewActioned))
			g.Expect(st.Actions.Progress).To(Equal("1/1"))
			g.Expect(st.KeptAsEvidence).To(ConsistOf(v1alpha1.EvidenceActionsRaised))
		}).Should(Succeed())
	})

	It("says when no user representative took part", func() {
		ns := newNamespace()
		pr := fixtures.ProcessReview("staff-only", clock.Now().Add(-day), fixtures.WithoutUserRepresentatives)
		testenv.Create(k8s, ns, pr)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, pr).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ProcessReviewHeld))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionUserRepresentation)).To(Equal("False/NoUserRepresentative"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
		}).Should(Succeed())
	})
})

var _ = Describe("A LessonsReport's annual cycle", func() {
	It("raises ProcessReviewDue and ExerciseDue once for a year without them, clears each when held, and raises it again a year on", func() {
		ns := newNamespace()
		rep := fixtures.Report("to-date", func(r *v1alpha1.LessonsReport) {
			r.Spec.Period = v1alpha1.ReportPeriod{From: metav1.NewTime(clock.Now().Add(-400 * day).Truncate(time.Second))}
		})
		testenv.Create(k8s, ns, rep)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionProcessReviewHeld)).To(Equal("False/ProcessReviewDue"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExerciseHeld)).To(Equal("False/ExerciseDue"))
			g.Expect(st.Overdue).To(Equal(int32(2)))
			g.Expect(eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventProcessReviewDue)).To(Equal(1))
			g.Expect(eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventExerciseDue)).To(Equal(1))
		}).Should(Succeed())
		step(time.Hour)
		testenv.Create(k8s, ns, detectedNow("misdirected-letter"))
		Consistently(func() int { return eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventProcessReviewDue) }, "2s").Should(Equal(1))

		By("holding a workshop and a tabletop exercise")
		held := clock.Now().Add(-time.Hour).Truncate(time.Second)
		testenv.Create(k8s, ns, fixtures.ProcessReview("workshop", held))
		testenv.Create(k8s, ns, fixtures.Incident("tabletop", fixtures.Exercise, fixtures.DetectedAt(held, time.Minute)))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionProcessReviewHeld)).To(Equal("True/HeldWithinInterval"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionExerciseHeld)).To(Equal("True/HeldWithinInterval"))
			g.Expect(st.Overdue).To(BeZero())
			g.Expect(st.Governance).NotTo(BeNil())
			g.Expect(st.Governance.ProcessReviews).To(Equal(int32(1)))
			g.Expect(st.Governance.UserRepresentedReviews).To(Equal(int32(1)))
			g.Expect(st.Governance.Exercises).To(Equal(int32(1)))
			g.Expect(st.Governance.ProcessReviewDueAt.Time).To(BeTemporally("==", held.Add(policy.ProcessReviewInterval)))
		}).Should(Succeed())

		By("a year on, with nothing held since: due again, announced again")
		step(policy.ProcessReviewInterval)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionProcessReviewHeld)).To(Equal("False/ProcessReviewDue"))
			g.Expect(eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventProcessReviewDue)).To(Equal(2))
		}).Should(Succeed())
	})
})
