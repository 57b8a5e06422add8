package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The SIRO shares the learning of an organisation-wide report with the
// ICB, with the plugin built from this tree, as themselves (impersonated):
// the pack names no one and nothing of the confidential namespace, and the
// sharing is recorded on the analysis it shares, which then owes less.
var _ = Describe("Sharing an organisation's learning", Ordered, func() {
	const (
		siro     = "siro@example.nhs.uk"
		engineer = "viewer@example.nhs.uk"
		secret   = "Counselling notes were filed under the wrong employee."
	)
	var (
		ward, ohs, governance string
		now                   = time.Now().Truncate(time.Second)
		detected              = now.Add(-20 * 24 * time.Hour)
		signed                = now.Add(-10 * 24 * time.Hour)
		rca                   *v1alpha1.RootCauseAnalysis
	)

	BeforeAll(func() {
		ward, ohs, governance = newNamespace("share-ward"), newNamespace("share-ohs"), newNamespace("share-governance")
		for _, ns := range []string{ward, ohs, governance} {
			mustKubectl("label", "namespace", ns, "org=share-e2e")
		}
		mustKubectl("label", "namespace", ohs, "lessons.dspt.io/confidential=true")
		mustKubectl("apply", "-f", "config/rbac/lessons_siro_role.yaml", "-f", "config/rbac/lessons_view_role.yaml")
		mustKubectl("create", "clusterrolebinding", "share-e2e-siro", "--clusterrole=lessons-siro", "--user="+siro)
		mustKubectl("create", "clusterrole", "share-e2e-namespaces", "--verb=get,list", "--resource=namespaces")
		mustKubectl("create", "clusterrolebinding", "share-e2e-namespaces", "--clusterrole=share-e2e-namespaces", "--user="+siro, "--user="+engineer)
		mustKubectl("create", "clusterrolebinding", "share-e2e-viewer", "--clusterrole=lessons-view", "--user="+engineer)

		approved := fixtures.SignedOff(v1alpha1.SignOffApproved, signed)
		inc := fixtures.Incident("misdirected-letter", fixtures.InNamespace[v1alpha1.Incident](ward), fixtures.DetectedAt(detected, time.Hour))
		rca = fixtures.RCA("misdirected-letter-rca", inc.Name, fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ward), approved,
			fixtures.SharedWith(v1alpha1.AudienceStaff, signed), func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.Overview.LessonsLearned = "Check the recipient against the live directory; rca.lead@example.nhs.uk rewrote the template."
			})
		confidential := fixtures.Incident("counselling-notes", fixtures.InNamespace[v1alpha1.Incident](ohs), fixtures.DetectedAt(detected, time.Hour))
		confidentialRCA := fixtures.RCA("counselling-notes-rca", confidential.Name, fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ohs), approved,
			func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview.LessonsLearned = secret })
		report := fixtures.Report("organisation", fixtures.InNamespace[v1alpha1.LessonsReport](governance),
			fixtures.Period(detected.Add(-24*time.Hour), now.Add(24*time.Hour)), func(r *v1alpha1.LessonsReport) {
				r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"org": "share-e2e"}}
			})
		for _, o := range []interface{ SetGeneration(int64) }{inc, rca, confidential, confidentialRCA, report} {
			o.SetGeneration(0)
		}
		mustKubectl("apply", "-f", writeManifest("share.yaml", inc, rca, confidential, confidentialRCA, report))
		Eventually(func() string {
			return testenv.Condition(testenv.Fresh(k8s, rca.DeepCopy()).Status.Conditions, v1alpha1.ConditionLearningShared)
		}).Should(Equal("False/SharingDue"))
	})

	It("refuses --record, writing and recording nothing, for one who may not edit the analyses", func() {
		pack := filepath.Join(workDir, "viewer-pack.json")
		out, err := kubectl("lessons", "share", "--report", "organisation", "-n", governance, "--audience", "ICB", "-o", pack, "--record", "--as", engineer)
		Expect(err).To(HaveOccurred(), out)
		Expect(out).To(ContainSubstring(`you may not edit rootcauseanalysis "misdirected-letter-rca" in namespace "share-ward"`))
		Expect(pack).NotTo(BeAnExistingFile())
		Expect(testenv.Fresh(k8s, rca.DeepCopy()).Spec.SharedWith).To(HaveLen(1))
	})

	It("writes a pack for the ICB that names no one, and records the sharing as the SIRO", func() {
		pack := filepath.Join(workDir, "icb-pack.json")
		out := mustKubectl("lessons", "share", "--report", "organisation", "-n", governance, "--audience", "ICB", "-o", pack, "--record", "--as", siro)
		Expect(out).To(ContainSubstring("rootcauseanalysis share-ward/misdirected-letter-rca: shared with ICB recorded"))
		raw, err := os.ReadFile(pack)
		Expect(err).NotTo(HaveOccurred())
		for _, never := range []string{"@", "share-ward", "share-ohs", "share-governance", "misdirected-letter", secret} {
			Expect(string(raw)).NotTo(ContainSubstring(never))
		}
		var p struct {
			APIVersion string `json:"apiVersion"`
			Incidents  []struct {
				Reference, Lessons string
			} `json:"incidents"`
			Withheld []struct {
				What  string `json:"what"`
				Count int    `json:"count"`
			} `json:"withheld"`
		}
		Expect(json.Unmarshal(raw, &p)).To(Succeed())
		Expect(p.APIVersion).To(Equal("lessons.dspt.io/learning-pack/v1"))
		Expect(p.Incidents).To(HaveLen(1))
		Expect(p.Incidents[0].Lessons).To(ContainSubstring("[withheld] rewrote the template"))
		Expect(p.Withheld).To(ContainElement(HaveField("What", "confidential namespaces in the report's scope")))

		got := testenv.Fresh(k8s, rca.DeepCopy()).Spec.SharedWith
		Expect(got).To(HaveLen(2))
		Expect(got[1].Audience).To(Equal(v1alpha1.AudienceICB))
		Expect(got[1].By).To(Equal(v1alpha1.Person(siro)))

		By("the reporter told, the duty is met")
		mustKubectl("lessons", "share", "misdirected-letter", "-n", ward, "--audience", "Reporter", "--record", "--as", siro, "--how", "Letter to the ward clerk who reported it")
		Eventually(func() string {
			return testenv.Condition(testenv.Fresh(k8s, rca.DeepCopy()).Status.Conditions, v1alpha1.ConditionLearningShared)
		}).Should(Equal("True/Shared"))
		Expect(mustKubectl("lessons", "review", "misdirected-letter", "-n", ward, "--format", "md")).To(ContainSubstring("Letter to the ward clerk who reported it"))
	})
})
