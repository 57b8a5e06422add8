package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// approve records the SIRO's approval at the fake clock's time.
func approve(r *v1alpha1.RootCauseAnalysis) {
	r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: fixtures.SIRO, At: metav1.NewTime(clock.Now().Truncate(time.Second))}
}

// signedOff creates in ns an incident detected now and its analysis,
// submitted and approved.
func signedOff(ns, name string, opts ...fixtures.Option[v1alpha1.RootCauseAnalysis]) (*v1alpha1.Incident, *v1alpha1.RootCauseAnalysis) {
	inc := detectedNow(name)
	testenv.Create(k8s, ns, inc)
	rca := fixtures.RCA(name+"-rca", inc.Name, append([]fixtures.Option[v1alpha1.RootCauseAnalysis]{fixtures.Submitted()}, opts...)...)
	testenv.Create(k8s, ns, rca)
	testenv.Update(k8s, rca, approve)
	return inc, rca
}

// expectClosed waits for the incident to close, once, its Complete
// condition as given.
func expectClosed(ns string, inc *v1alpha1.Incident, complete string) {
	EventuallyWithOffset(1, func(g Gomega) {
		st := testenv.Fresh(k8s, inc).Status
		g.Expect(st.Phase).To(Equal(v1alpha1.IncidentClosed))
		g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionComplete)).To(Equal(complete))
		g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventIncidentClosed)).To(Equal(1))
	}).Should(Succeed())
}

var _ = Describe("Closure that proves learning", func() {
	It("withdraws an approval when the incident is deleted and created again with another severity, once", func() {
		ns := newNamespace()
		inc, rca := signedOff(ns, "misdirected-email")
		testenv.Create(k8s, ns, fixtures.Action("recipient-check", inc.Name, clock.Now().Add(30*24*time.Hour), fixtures.Done(clock.Now())))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rca).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.RCASignedOff))
			g.Expect(st.ApprovedIncident).NotTo(BeNil())
			g.Expect(st.ApprovedIncident.UID).To(Equal(string(testenv.Fresh(k8s, inc).UID)))
			g.Expect(st.ApprovedIncident.Severity).To(Equal(v1alpha1.SeverityHigh))
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentClosed))
		}).Should(Succeed())
		firstUID := inc.UID

		By("deleting the incident and creating it again as Critical")
		Expect(k8s.Delete(ctx, inc)).To(Succeed())
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, rca).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/IncidentNotFound"))
		}).Should(Succeed())
		again := detectedNow(inc.Name, func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.SeverityCritical })
		testenv.Create(k8s, ns, again)
		Expect(again.UID).NotTo(Equal(firstUID))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rca).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.RCAAwaitingSignOff))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("False/IncidentChanged"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(st.ApprovedIncident.UID).To(Equal(string(firstUID)), "the record stays what was approved")
			g.Expect(eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventSignOffInvalidated)).To(Equal(1))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventSignOffInvalidated)).To(Equal(1))
			i := testenv.Fresh(k8s, again).Status
			g.Expect(i.Phase).To(Equal(v1alpha1.IncidentAwaitingSignOff), "the incident does not close on an approval that no longer stands")
			g.Expect(i.RCAPhase).To(Equal(v1alpha1.RCAAwaitingSignOff))
		}).Should(Succeed())
		events := eventsFor(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventSignOffInvalidated)
		Expect(events[0].Type).To(Equal(corev1.EventTypeWarning))
		Expect(events[0].Note).To(And(ContainSubstring("deleted and created again"), ContainSubstring("severity High → Critical")))
		Consistently(func() int { return eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventSignOffInvalidated) }, "2s").Should(Equal(1))

		By("the SIRO withdrawing the approval and approving again")
		testenv.Update(k8s, rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff = nil })
		Eventually(func() *v1alpha1.ApprovedIncident { return testenv.Fresh(k8s, rca).Status.ApprovedIncident }).Should(BeNil())
		step(time.Minute)
		testenv.Update(k8s, rca, approve)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rca).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.RCASignedOff))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("True/Approved"))
			g.Expect(st.ApprovedIncident.UID).To(Equal(string(again.UID)))
			g.Expect(st.ApprovedIncident.Severity).To(Equal(v1alpha1.SeverityCritical))
			g.Expect(testenv.Fresh(k8s, again).Status.Phase).To(Equal(v1alpha1.IncidentClosed))
		}).Should(Succeed())
		Expect(eventCount(ns, "RootCauseAnalysis", rca.Name, v1alpha1.EventSignOffInvalidated)).To(Equal(1))
	})

	It("keeps the first analysis as the one that speaks for the incident, and marks a second as a duplicate", func() {
		ns := newNamespace()
		inc := detectedNow("tailgating-at-records-store")
		testenv.Create(k8s, ns, inc)
		first := fixtures.RCA("records-store-rca", inc.Name)
		testenv.Create(k8s, ns, first)
		Eventually(func() string { return testenv.Fresh(k8s, inc).Status.RootCauseAnalysis }).Should(Equal(first.Name))
		// Created a second later, so the first is the older.
		step(time.Second)
		second := fixtures.RCA("records-store-second-opinion", inc.Name)
		testenv.Create(k8s, ns, second)
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, second).Status
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("False/DuplicateAnalysis"))
			g.Expect(st.Conditions).To(ContainElement(HaveField("Message", ContainSubstring(`RootCauseAnalysis "`+first.Name+`" speaks for Incident "`+inc.Name+`"`))))
			g.Expect(testenv.Condition(testenv.Fresh(k8s, first).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Fresh(k8s, inc).Status.RootCauseAnalysis).To(Equal(first.Name))
		}).Should(Succeed())

		By("the second moving ahead: submitted, it speaks for the incident")
		testenv.Update(k8s, second, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = v1alpha1.RCAStateSubmitted })
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, second).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Condition(testenv.Fresh(k8s, first).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("False/DuplicateAnalysis"))
			g.Expect(testenv.Fresh(k8s, inc).Status.RootCauseAnalysis).To(Equal(second.Name))
		}).Should(Succeed())

		By("the second deleted: the first is the only one again")
		Expect(k8s.Delete(ctx, second)).To(Succeed())
		Eventually(func(g Gomega) {
			g.Expect(testenv.Condition(testenv.Fresh(k8s, first).Status.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
			g.Expect(testenv.Fresh(k8s, inc).Status.RootCauseAnalysis).To(Equal(first.Name))
		}).Should(Succeed())
	})

	It("keeps a signed-off incident without improvement actions Remediating until one is raised and done", func() {
		ns := newNamespace()
		// Its learning shared, so that no deadline but closure's is left.
		inc, _ := signedOff(ns, "fax-to-wrong-number", fixtures.LearningShared(clock.Now()))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.IncidentRemediating))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionComplete)).To(Equal("False/NoImprovementActions"))
			g.Expect(st.Timeline[len(st.Timeline)-1].Message).To(ContainSubstring("spec.noActionsReason"))
		}).Should(Succeed())

		By("time passing past every deadline does not close it")
		step(40 * 24 * time.Hour)
		Consistently(func(g Gomega) {
			st := testenv.Fresh(k8s, inc).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.IncidentRemediating))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionComplete)).To(Equal("False/NoImprovementActions"))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("False/OnTrack"))
			g.Expect(eventCount(ns, "Incident", inc.Name, v1alpha1.EventIncidentClosed)).To(BeZero())
		}, "2s").Should(Succeed())

		By("an action raised, then done")
		action := fixtures.Action("fax-number-check", inc.Name, clock.Now().Add(30*24*time.Hour))
		testenv.Create(k8s, ns, action)
		Eventually(func() string {
			return testenv.Condition(testenv.Fresh(k8s, inc).Status.Conditions, v1alpha1.ConditionComplete)
		}).Should(Equal("False/ActionsOpen"))
		testenv.Update(k8s, action, func(a *v1alpha1.ImprovementAction) { fixtures.Done(clock.Now())(a) })
		expectClosed(ns, inc, "True/ActionsFinished")
	})

	It("closes a signed-off incident without actions when its analysis says why none is needed", func() {
		ns := newNamespace()
		inc, _ := signedOff(ns, "badge-reader-fault", func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.NoActionsReason = "The door alarm worked as designed and the fault was the supplier's, fixed under warranty."
		})
		expectClosed(ns, inc, "True/NoActionsNeeded")
	})
})
