package cluster_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// siroGroup is the SIRO group config/default ships in the sign-off
// policy's parameters.
const siroGroup = "lessons:siro"

// deletionRefusal reads the namespace name, which must be Terminating, and
// returns the message of its condition naming what could not be deleted, or
// "" while there is none.
func deletionRefusal(g Gomega, name string) string {
	ns := &corev1.Namespace{}
	g.ExpectWithOffset(1, admin.Get(ctx, client.ObjectKey{Name: name}, ns)).To(Succeed())
	g.ExpectWithOffset(1, ns.Status.Phase).To(Equal(corev1.NamespaceTerminating))
	for _, c := range ns.Status.Conditions {
		if c.Type == corev1.NamespaceDeletionContentFailure && c.Status == corev1.ConditionTrue {
			return c.Message
		}
	}
	return ""
}

var _ = Describe("Deleting a namespace that holds protected records", func() {
	It("stays Terminating, its condition naming the refusals, until they are released, then finishes by itself", func() {
		ns := newNamespace("reviews")
		// As the README has the SIRO group bound, here in the namespace only.
		kubectl("create", "rolebinding", "lessons-siro", "--clusterrole=lessons-siro", "--group="+siroGroup, "-n", ns)

		incident := fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident](ns))
		Expect(admin.Create(ctx, incident)).To(Succeed())
		// No manager runs: the administrator writes the phase it would.
		incident.Status.Phase = v1alpha1.IncidentClosed
		Expect(admin.Status().Update(ctx, incident)).To(Succeed())
		action := fixtures.Action("retrain-staff", incident.Name, time.Now().Add(-time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction](ns))
		Expect(admin.Create(ctx, action)).To(Succeed())
		action.Status.Phase = v1alpha1.ActionOverdue
		action.Status.KeptAsEvidence = []v1alpha1.EvidenceReason{v1alpha1.EvidenceOverdue}
		Expect(admin.Status().Update(ctx, action)).To(Succeed())
		rca := fixtures.RCA("phishing-rca", incident.Name, fixtures.Submitted(), fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns))
		Expect(admin.Create(ctx, rca)).To(Succeed())
		siro := impersonate(fixtures.SIRO, siroGroup)
		approval := fixtures.SignOff(v1alpha1.SignOffApproved, time.Now().UTC().Truncate(time.Second))
		Eventually(func() error { // the new binding takes a moment
			return testenv.ApplySignOff(siro, rca, approval)
		}).Should(Succeed(), "the SIRO approves the RCA")

		rcaRefusal := "RootCauseAnalysis " + rca.Name + " is signed off (approved by " + fixtures.SIRO + ") and kept as evidence"
		incidentRefusal := "Incident " + incident.Name + " is kept as evidence (status.phase Closed)"
		actionRefusal := "ImprovementAction " + action.Name + " is kept as evidence (Overdue)"
		// A policy is enforced a moment after it is created.
		Eventually(func() error { return admin.Delete(ctx, rca, client.DryRunAll) }).Should(MatchError(ContainSubstring(rcaRefusal)))
		Eventually(func() error { return admin.Delete(ctx, incident, client.DryRunAll) }).Should(MatchError(ContainSubstring(incidentRefusal)))

		kubectl("delete", "namespace", ns, "--wait=false")
		// The namespace controller waits a few seconds before it starts.
		namesEvery := And(ContainSubstring(rcaRefusal), ContainSubstring(incidentRefusal), ContainSubstring(actionRefusal))
		Eventually(deletionRefusal).WithArguments(ns).Should(namesEvery, "the namespace's condition names every refusal")
		Consistently(func(g Gomega) {
			g.Expect(deletionRefusal(g, ns)).To(namesEvery)
			stillStored(g, rca)
			stillStored(g, incident)
			stillStored(g, action)
		}, 5*time.Second, 500*time.Millisecond).Should(Succeed(), "the namespace stays Terminating and keeps its protected records")

		// As the README says to release them.
		kubectl("annotate", "inc,rca,ia,lr", "--all", "-n", ns, "lessons.dspt.io/release-for-deletion=true")
		Eventually(func() error {
			return admin.Get(ctx, client.ObjectKey{Name: ns}, &corev1.Namespace{})
		}, time.Minute).Should(Satisfy(apierrors.IsNotFound), "the namespace finishes deleting by itself once its records are released")
	})
})
