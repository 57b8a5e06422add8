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

var _ = Describe("An incident's review, from report to closure", func() {
	It("moves through Open, Investigating, AwaitingSignOff, Remediating and Closed, counting actions", func() {
		ns := newNamespace()
		inc := detectedNow("vpn-compromise")
		testenv.Create(k8s, ns, inc)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.IncidentOpen))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSIRONotified)).To(Equal("True/Notified"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
			g.Expect(st.ObservedGeneration).To(Equal(inc.Generation))
			g.Expect(st.SIRONotificationDueAt.Time).To(BeTemporally("==", inc.Spec.DetectedAt.Add(12*time.Hour)))
			g.Expect(st.Actions.Progress).To(Equal("0/0"))
		}).Should(Succeed())

		rca := fixtures.RCA("vpn-compromise-rca", inc.Name)
		testenv.Create(k8s, ns, rca)
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentInvestigating))
			g.Expect(inc.Status.RootCauseAnalysis).To(Equal(rca.Name))
			r := testenv.Fresh(k8s, rca).Status
			g.Expect(r.Phase).To(Equal(v1alpha1.RCADraft))
			g.Expect(testenv.Condition(r.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Condition(r.Conditions, v1alpha1.ConditionComplete)).To(Equal("True/AllSectionsPresent"))
			g.Expect(r.DueAt.Time).To(BeTemporally("==", inc.Spec.DetectedAt.Add(15*24*time.Hour)))
		}).Should(Succeed())

		action := fixtures.Action("mfa-on-vpn", inc.Name, clock.Now().Add(30*24*time.Hour))
		testenv.Create(k8s, ns, action)
		testenv.Update(k8s, rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = v1alpha1.RCAStateSubmitted })
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentAwaitingSignOff))
			g.Expect(inc.Status.Actions.Progress).To(Equal("0/1"))
			g.Expect(testenv.Fresh(k8s, rca).Status.Phase).To(Equal(v1alpha1.RCAAwaitingSignOff))
			g.Expect(eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventRCASubmitted)).To(Equal(1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventRCASubmitted)).To(Equal(1))
		}).Should(Succeed())

		testenv.Update(k8s, rca, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: "siro@example.nhs.uk", At: metav1.NewTime(clock.Now())}
		})
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentRemediating))
			r := testenv.Fresh(k8s, rca).Status
			g.Expect(r.Phase).To(Equal(v1alpha1.RCASignedOff))
			g.Expect(testenv.Condition(r.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("True/Approved"))
			g.Expect(eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventRCASignedOff)).To(Equal(1))
		}).Should(Succeed())

		testenv.Update(k8s, action, func(a *v1alpha1.ImprovementAction) { fixtures.Done(clock.Now())(a) })
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.IncidentClosed))
			g.Expect(st.Actions).To(Equal(v1alpha1.ActionCounts{Total: 1, Done: 1, Overdue: 0, Progress: "1/1"}))
			g.Expect(testenv.Fresh(k8s, action).Status.Phase).To(Equal(v1alpha1.ActionDone))
			g.Expect(eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionCompleted)).To(Equal(1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventIncidentClosed)).To(Equal(1))
		}).Should(Succeed())

		var phases []string
		for _, e := range testenv.Fresh(k8s, inc).Status.Timeline {
			phases = append(phases, e.Type)
		}
		Expect(phases).To(Equal([]string{"Open", "Investigating", "AwaitingSignOff", "Remediating", "Closed"}))
	})

	It("asks for the cyber-attack section when the incident is a cyber attack, and follows the incident when that changes", func() {
		ns := newNamespace()
		inc := detectedNow("ransomware", func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true })
		testenv.Create(k8s, ns, inc)
		rca := fixtures.RCA("ransomware-rca", inc.Name, fixtures.Submitted())
		testenv.Create(k8s, ns, rca)
		Eventually(func(g Gomega) {
			r := testenv.Fresh(k8s, rca).Status
			g.Expect(r.Phase).To(Equal(v1alpha1.RCADraft))
			g.Expect(r.Missing).To(ContainElement(ContainSubstring("cyberAttack.attackerDwellTime")))
			g.Expect(testenv.Condition(r.Conditions, v1alpha1.ConditionComplete)).To(Equal("False/SectionsMissing"))
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentInvestigating))
		}).Should(Succeed())

		testenv.Update(k8s, inc, fixtures.Correcting(func(i *v1alpha1.Incident) { i.Spec.CyberAttack = false }))
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, rca).Status.Phase).To(Equal(v1alpha1.RCAAwaitingSignOff))
			g.Expect(rca.Status.Missing).To(BeEmpty())
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentAwaitingSignOff))
		}).Should(Succeed())
	})
})
