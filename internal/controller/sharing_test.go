package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("Sharing the learning", func() {
	It("is due after sign-off, overdue once on the analysis and its incident, and met once staff and the reporter hear it", func() {
		ns := newNamespace()
		inc, rca := signedOff(ns, "wrong-patient-letter")
		signedAt := clock.Now().Truncate(time.Second)
		due := signedAt.Add(policy.ShareWithin)

		By("due: the sharing window runs from the sign-off")
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, rca).Status.Conditions, v1alpha1.ConditionLearningShared)).To(Equal("False/SharingDue"))
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Overdue).To(BeZero())
			g.Expect(st.NextDueAt).NotTo(BeNil())
			g.Expect(st.NextDueAt.Time.Equal(due)).To(BeTrue(), "next due %s, want %s", st.NextDueAt, due)
		}).Should(Succeed())
		testenv.Update(k8s, rca, fixtures.SharedWith(v1alpha1.AudienceStaff, signedAt))

		By("overdue when the deadline passes, announced once")
		step(policy.ShareWithin + time.Second)
		Eventually(func(g Gomega) {
			c := meta.FindStatusCondition(testenv.Fresh(k8s, rca).Status.Conditions, string(v1alpha1.ConditionLearningShared))
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Reason).To(Equal(string(v1alpha1.ReasonSharingOverdue)))
			g.Expect(c.Message).To(ContainSubstring("the reporter"))
			g.Expect(c.Message).NotTo(ContainSubstring("staff or the team"))
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Overdue).To(Equal(int32(1)))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/LearningSharingOverdue"))
			g.Expect(eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventLearningSharingOverdue)).To(Equal(1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventLearningSharingOverdue)).To(Equal(1))
		}).Should(Succeed())
		step(time.Hour)
		Consistently(func() int { return eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventLearningSharingOverdue) }, "1s").Should(Equal(1))

		By("met once the reporter hears it, late")
		testenv.Update(k8s, rca, fixtures.SharedWith(v1alpha1.AudienceReporter, clock.Now().Truncate(time.Second)))
		Eventually(func(g Gomega) {
			c := meta.FindStatusCondition(testenv.Fresh(k8s, rca).Status.Conditions, string(v1alpha1.ConditionLearningShared))
			g.Expect(c).NotTo(BeNil())
			g.Expect(string(c.Status) + "/" + c.Reason).To(Equal("True/Shared"))
			g.Expect(c.Message).To(ContainSubstring("after the deadline"))
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Overdue).To(BeZero())
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
		}).Should(Succeed())
		Consistently(func() int { return eventCount(ns, "Incident", inc.Name, v1alpha1.EventLearningSharingOverdue) }, "1s").Should(Equal(1))
	})

	It("is met on time with no event when the team and the reporter hear it within the window", func() {
		ns := newNamespace()
		inc, rca := signedOff(ns, "tailgating-near-miss")
		now := clock.Now().Truncate(time.Second)
		testenv.Update(k8s, rca, fixtures.SharedWith(v1alpha1.AudienceTeam, now))
		testenv.Update(k8s, rca, fixtures.SharedWith(v1alpha1.AudienceReporter, now))
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, rca).Status.Conditions, v1alpha1.ConditionLearningShared)).To(Equal("True/Shared"))
		}).Should(Succeed())
		step(policy.ShareWithin + time.Minute)
		Consistently(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, inc).Status.Overdue).To(BeZero())
			g.Expect(eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventLearningSharingOverdue)).To(BeZero())
		}, "1s").Should(Succeed())
	})
})
