package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// installEvidencePolicies installs the shipped deletion protection and
// release policies, bound to ns alone so that no other spec of the suite
// meets them.
func installEvidencePolicies(ns string) {
	for _, file := range []string{"deletion_protection_policy.yaml", "release_for_deletion_policy.yaml"} {
		data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "config", "admission", file))
		Expect(err).NotTo(HaveOccurred())
		for _, doc := range strings.Split(string(data), "\n---\n") {
			var vap admissionregistrationv1.ValidatingAdmissionPolicy
			Expect(yaml.Unmarshal([]byte(doc), &vap)).To(Succeed())
			if vap.Kind != "ValidatingAdmissionPolicy" {
				continue
			}
			vap.Name = ns + "-" + vap.Name
			Expect(k8s.Create(ctx, &vap)).To(Succeed())
			binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
				ObjectMeta: metav1.ObjectMeta{Name: vap.Name},
				Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
					PolicyName:        vap.Name,
					ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny},
					MatchResources: &admissionregistrationv1.MatchResources{NamespaceSelector: &metav1.LabelSelector{
						MatchLabels: map[string]string{"kubernetes.io/metadata.name": ns},
					}},
				},
			}
			Expect(k8s.Create(ctx, binding)).To(Succeed())
		}
	}
}

// The adversarial run's first finding, replayed with kubectl against the
// manager and the shipped policies: an engineer lets an approval lapse and
// deletes the incident; deletes an overdue action and creates it again.
var _ = Describe("Nothing signed off can be deleted", Ordered, func() {
	const (
		engineer = "engineer@example.nhs.uk"
		siro     = "siro@example.nhs.uk"
	)
	var (
		ns  string
		now = time.Now().Truncate(time.Second)
	)
	as := func(user string, args ...string) (string, error) {
		return kubectl(append([]string{"--as", user, "-n", ns}, args...)...)
	}
	events := func(reason v1alpha1.EventReason, kind, name string) func() []string {
		return func() []string {
			var notes []string
			for _, e := range testenv.EventsAbout(testenv.ListEvents(Default, k8s, ns), reason, kind, name, "") {
				notes = append(notes, e.Note)
			}
			return notes
		}
	}
	// inForce waits until the API server refuses, in a dry run, to let the
	// engineer delete the record: the admission policies are recompiled
	// in the background when a CRD changes (as other specs' managers and
	// upgrades apply them), and are not enforced for that moment. The
	// deletion that follows is then the real test.
	inForce := func(kind, name string) {
		Eventually(func() string {
			out, _ := as(engineer, "delete", kind, name, "--dry-run=server")
			return out
		}).Should(ContainSubstring("kept as evidence"))
	}
	incident := func() *v1alpha1.Incident {
		return testenv.Fresh(k8s, &v1alpha1.Incident{ObjectMeta: metav1.ObjectMeta{Name: "ransomware", Namespace: ns}})
	}

	BeforeAll(func() {
		ns = newNamespace("deletion")
		mustKubectl("apply", "-f", "config/rbac/lessons_edit_role.yaml", "-f", "config/rbac/lessons_siro_role.yaml")
		mustKubectl("create", "rolebinding", "engineer", "-n", ns, "--clusterrole=lessons-edit", "--user="+engineer)
		mustKubectl("create", "rolebinding", "siro", "-n", ns, "--clusterrole=lessons-siro", "--user="+siro)
		installEvidencePolicies(ns)

		inc := fixtures.Incident("ransomware", fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(now.Add(-48*time.Hour), time.Hour))
		inc.Generation = 0
		rca := fixtures.RCA("ransomware-rca", "ransomware", fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns), fixtures.Submitted())
		rca.Generation = 0
		overdue := fixtures.Action("restore-backups", "ransomware", now.Add(-time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction](ns))
		overdue.Generation = 0
		_, err := as(engineer, "apply", "-f", writeManifest("ransomware.yaml", inc, rca, overdue))
		Expect(err).NotTo(HaveOccurred())
		_, err = as(siro, "patch", "rootcauseanalysis", rca.Name, "--type=merge", "-p",
			`{"spec":{"signOff":{"decision":"Approved","by":"`+siro+`","at":"`+now.UTC().Format(time.RFC3339)+`"}}}`)
		Expect(err).NotTo(HaveOccurred())
		Eventually(func() []v1alpha1.EvidenceReason { return incident().Status.KeptAsEvidence }).
			Should(ContainElements(v1alpha1.EvidenceRCAApproved, v1alpha1.EvidenceActionsOverdue))
		// The policies take a moment to be in force.
		inForce("incident", "ransomware")
	})

	It("keeps an incident whose approval lapsed: the engineer can neither delete nor release it", func() {
		By("changing the severity, with its correction: the approval lapses")
		_, err := as(engineer, "patch", "incident", "ransomware", "--type=json", "-p", `[`+
			`{"op":"replace","path":"/spec/severity","value":"Critical"},`+
			`{"op":"add","path":"/spec/corrections","value":[{"field":"severity","from":"High","to":"Critical",`+
			`"reason":"Patient records were encrypted too","by":"`+engineer+`","at":"`+now.UTC().Format(time.RFC3339)+`"}]}]`)
		Expect(err).NotTo(HaveOccurred())
		Eventually(func() v1alpha1.IncidentPhase { return incident().Status.Phase }).Should(Equal(v1alpha1.IncidentAwaitingSignOff))

		inForce("incident", "ransomware")
		out, err := as(engineer, "delete", "incident", "ransomware")
		Expect(err).To(HaveOccurred())
		Expect(out).To(ContainSubstring("Incident ransomware is kept as evidence (RCAApproved"))
		out, err = as(engineer, "annotate", "incident", "ransomware", "lessons.dspt.io/release-for-deletion=true")
		Expect(err).To(HaveOccurred())
		Expect(out).To(ContainSubstring("is set only by a signer: " + engineer + " needs the verb sign-off on incidents"))
		Expect(incident().Status.Timeline).NotTo(BeEmpty())
	})

	It("keeps an overdue action until the SIRO releases it, and names it on the incident once it is gone", func() {
		Eventually(func() []v1alpha1.EvidenceReason {
			return testenv.Fresh(k8s, &v1alpha1.ImprovementAction{ObjectMeta: metav1.ObjectMeta{Name: "restore-backups", Namespace: ns}}).Status.KeptAsEvidence
		}).Should(ContainElement(v1alpha1.EvidenceOverdue))
		inForce("improvementaction", "restore-backups")
		out, err := as(engineer, "delete", "improvementaction", "restore-backups")
		Expect(err).To(HaveOccurred())
		Expect(out).To(ContainSubstring("ImprovementAction restore-backups is kept as evidence (Overdue)"))

		By("the SIRO releases it: announced on the incident")
		_, err = as(siro, "annotate", "improvementaction", "restore-backups", "lessons.dspt.io/release-for-deletion=true")
		Expect(err).NotTo(HaveOccurred())
		Eventually(events(v1alpha1.EventReleasedForDeletion, "Incident", "ransomware")).
			Should(ConsistOf(ContainSubstring("improvement action restore-backups, kept as evidence (Overdue), was released for deletion")))

		By("deleted and created again with a later deadline: the incident's record names it")
		_, err = as(engineer, "delete", "improvementaction", "restore-backups")
		Expect(err).NotTo(HaveOccurred())
		Eventually(events(v1alpha1.EventActionDeleted, "Incident", "ransomware")).
			Should(ConsistOf(ContainSubstring("improvement action restore-backups, kept as evidence (recorded overdue")))
		later := fixtures.Action("restore-backups", "ransomware", now.Add(30*24*time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction](ns))
		later.Generation = 0
		_, err = as(engineer, "apply", "-f", writeManifest("restore-backups-again.yaml", later))
		Expect(err).NotTo(HaveOccurred())
		Eventually(func() int32 { return incident().Status.Actions.Overdue }).Should(BeZero())
		Expect(incident().Status.Timeline).To(ContainElement(And(
			HaveField("Type", string(v1alpha1.EventActionDeleted)), HaveField("Name", "restore-backups"),
			HaveField("Message", ContainSubstring("after its release for deletion")))))
		Expect(mustKubectl("lessons", "review", "ransomware", "-n", ns, "--format", "md")).To(ContainSubstring("Action deleted"))
		Expect(events(v1alpha1.EventActionDeleted, "Incident", "ransomware")()).To(HaveLen(1), "announced once")
	})
})
