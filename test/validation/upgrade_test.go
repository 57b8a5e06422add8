package validation_test

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Messages of the organisationalFactors rules, as users read them.
const (
	factorsRule = "a submitted RCA needs spec.organisationalFactors: describe the organisational processes and " +
		"vulnerabilities behind the incident, or set spec.state to Draft"
	factorsApprovalRule = "spec.signOff cannot approve an RCA without spec.organisationalFactors: " +
		"the author adds the section first, then the SIRO approves"
)

// rcaCRD reads the generated RootCauseAnalysis CRD; without the rules that
// name organisationalFactors, it is the CRD as it was before they came.
func rcaCRD(withFactorsRules bool) *apiextensionsv1.CustomResourceDefinition {
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "config", "crd", "bases", "lessons.dspt.io_rootcauseanalyses.yaml"))
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	crd := &apiextensionsv1.CustomResourceDefinition{}
	ExpectWithOffset(1, yaml.Unmarshal(data, crd)).To(Succeed())
	if withFactorsRules {
		return crd
	}
	for i := range crd.Spec.Versions {
		spec := crd.Spec.Versions[i].Schema.OpenAPIV3Schema.Properties["spec"]
		var kept apiextensionsv1.ValidationRules
		for _, r := range spec.XValidations {
			if !strings.Contains(r.Message, "organisationalFactors") {
				kept = append(kept, r)
			}
		}
		ExpectWithOffset(1, len(spec.XValidations)-len(kept)).To(Equal(2), "the rules of organisationalFactors are not in the generated CRD")
		spec.XValidations = kept
		crd.Spec.Versions[i].Schema.OpenAPIV3Schema.Properties["spec"] = spec
	}
	return crd
}

// installRCACRD installs the CRD and waits until the API server enforces
// it: a submitted RCA without organisationalFactors is refused, or not.
func installRCACRD(withFactorsRules bool, ns string) {
	ExpectWithOffset(1, envtest.CreateCRDs(env.Config, []*apiextensionsv1.CustomResourceDefinition{rcaCRD(withFactorsRules)})).To(Succeed())
	probe := fixtures.RCA("probe", "legacy", fixtures.Submitted(), withoutFactors, fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns))
	EventuallyWithOffset(1, func() bool {
		err := k8sClient.Create(ctx, probe.DeepCopy(), client.DryRunAll)
		return err != nil && strings.Contains(err.Error(), factorsRule)
	}, 30*time.Second, 200*time.Millisecond).Should(Equal(withFactorsRules))
}

// withoutFactors is an analysis written before organisationalFactors was
// required.
func withoutFactors(r *v1alpha1.RootCauseAnalysis) { r.Spec.OrganisationalFactors = "" }

var _ = Describe("Analyses stored before organisationalFactors was required", Serial, Ordered, func() {
	var (
		ns                         string
		incident                   *v1alpha1.Incident
		submitted, approved, draft *v1alpha1.RootCauseAnalysis
	)

	BeforeAll(func() {
		n := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "upgrade-"}}
		Expect(k8sClient.Create(ctx, n)).To(Succeed())
		ns = n.Name
		DeferCleanup(func() { installRCACRD(true, ns) })

		By("the CRD as it was, and analyses written under it")
		installRCACRD(false, ns)
		incident = fixtures.Incident("legacy")
		testenv.Create(k8sClient, ns, incident)
		submitted = fixtures.RCA("legacy-submitted", incident.Name, fixtures.Submitted(), withoutFactors)
		approved = fixtures.RCA("legacy-approved", incident.Name, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), withoutFactors)
		draft = fixtures.RCA("legacy-draft", incident.Name, withoutFactors)
		for _, r := range []*v1alpha1.RootCauseAnalysis{submitted, approved, draft} {
			testenv.Create(k8sClient, ns, r)
		}

		By("the CRD with the rules")
		installRCACRD(true, ns)
	})

	It("stay readable, and the core keeps the approval given then", func() {
		now := signedAt.Add(time.Hour)
		inc := testenv.Fresh(k8sClient, incident)
		for _, r := range []*v1alpha1.RootCauseAnalysis{submitted, approved, draft} {
			stored := testenv.Fresh(k8sClient, r)
			Expect(stored.Unreadable()).To(BeEmpty())
			res := review.ComputeRCAAmong(review.DefaultPolicy(), stored, inc, nil, now)
			Expect(res.Status.Missing).To(ContainElement(HavePrefix("organisationalFactors:")), r.Name)
			stored.Status = res.Status
			Expect(k8sClient.Status().Update(ctx, stored)).To(Succeed(), "the status the core computes is one the API server takes")
		}
		st := testenv.Fresh(k8sClient, approved).Status
		Expect(st.Phase).To(Equal(v1alpha1.RCASignedOff))
		Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("True/Approved"))
		Expect(st.ApprovedIncident).NotTo(BeNil())
		Expect(st.ApprovedIncident.UID).To(Equal(string(inc.UID)))
		Expect(testenv.Fresh(k8sClient, submitted).Status.Phase).To(Equal(v1alpha1.RCADraft), "submitted, but a required section is missing")

		By("the incident following the approval")
		res := review.ComputeIncident(review.DefaultPolicy(), inc, review.Refs([]v1alpha1.RootCauseAnalysis{*testenv.Fresh(k8sClient, approved)}), nil, now)
		Expect(res.Status.RCAPhase).To(Equal(v1alpha1.RCASignedOff))
	})

	It("keep a submitted analysis editable in its other fields", func() {
		Expect(update(submitted, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Lead = "team:information-governance" })).To(Succeed())
		Expect(update(submitted, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{Type: v1alpha1.CauseNonTechnical, Category: v1alpha1.CauseTraining,
				Description: "Remote teams had no protected time for training."})
		})).To(Succeed())
	})

	It("keep an approved analysis's labels editable and its approval withdrawable, but approve again only with the section", func() {
		Expect(update(approved, func(r *v1alpha1.RootCauseAnalysis) {
			r.Labels = map[string]string{"argocd.argoproj.io/instance": "lessons"}
		})).To(Succeed())
		Expect(update(approved, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Lead = "team:information-governance" })).
			To(MatchError(ContainSubstring(approvedRCARule)), "still immutable while approved")
		Expect(update(approved, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff = nil })).To(Succeed())
		expectRefused(update(approved, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt.Add(time.Hour))),
			"spec.signOff: Invalid value", factorsApprovalRule)
		Expect(update(approved, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.OrganisationalFactors = "Remote access was never reviewed after the migration to home working."
		})).To(Succeed())
		Expect(update(approved, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt.Add(time.Hour)))).To(Succeed())
	})

	It("refuse a first approval of a submitted analysis without the section", func() {
		expectRefused(update(submitted, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff: Invalid value", factorsApprovalRule)
		Expect(update(submitted, fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt))).To(Succeed(), "sending it back needs no section")
	})

	It("refuse submitting a draft without the section, and resubmitting a withdrawn one", func() {
		expectRefused(update(draft, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = v1alpha1.RCAStateSubmitted }),
			"spec.organisationalFactors: Invalid value", factorsRule)
		Expect(update(submitted, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State, r.Spec.SignOff = v1alpha1.RCAStateDraft, nil })).To(Succeed())
		expectRefused(update(submitted, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = v1alpha1.RCAStateSubmitted }), factorsRule)
	})
})
