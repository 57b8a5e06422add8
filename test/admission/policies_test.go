package admission_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/cel/openapi/resolver"
	"k8s.io/client-go/discovery"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("The admission policies", func() {
	It("type-check against the CRD schemas and the ConfigMap without warnings", func() {
		// The API server's own type checker, resolving the schemas of the
		// matched kinds from the running API server, as the policy status
		// controller of kube-controller-manager does.
		dc, err := discovery.NewDiscoveryClientForConfig(adminConfig)
		Expect(err).NotTo(HaveOccurred())
		checker := &validating.TypeChecker{
			SchemaResolver: &resolver.ClientDiscoveryResolver{Discovery: dc},
			RestMapper:     admin.RESTMapper(),
		}
		for _, name := range []string{signOffPolicy, signedOffPolicy, closedPolicy, organisationReportPolicy} {
			p := policy(name)
			Expect(p.Spec.Validations).NotTo(BeEmpty())
			Expect(checker.Check(p)).To(BeEmpty(), "policy %s", name)
		}
	})

	It("ship with trusted appliers off, and no SIRO group: who signs is RBAC", func() {
		cm := paramsConfigMap()
		Expect(cm.Data).To(HaveKeyWithValue("trustedAppliers", ""))
		Expect(cm.Data).NotTo(HaveKey("siroGroup"))
	})
})

var _ = Describe("The sign-off policy without its parameters", Serial, Ordered, func() {
	var (
		saved *corev1.ConfigMap
		rca   *v1alpha1.RootCauseAnalysis
	)

	BeforeAll(func() {
		rca = createRCA("rca")
		saved = paramsConfigMap()
		Expect(admin.Delete(ctx, saved)).To(Succeed())
		DeferCleanup(func() {
			restored := &corev1.ConfigMap{}
			restored.Namespace, restored.Name = saved.Namespace, saved.Name
			restored.Labels, restored.Data = saved.Labels, saved.Data
			Expect(admin.Create(ctx, restored)).To(Succeed())
			Eventually(func() error {
				return siro.Update(ctx, with(rca, signedOff(v1alpha1.SignOffApproved, siroName)), client.DryRunAll)
			}).Should(Succeed(), "the sign-off policy did not recover its parameters")
		})
	})

	It("refuses every write of an RCA or a report rather than let anyone sign", func() {
		const noParams = "no params found for policy binding with `Deny` parameterNotFoundAction"
		Eventually(func() error {
			return siro.Update(ctx, with(rca, signedOff(v1alpha1.SignOffApproved, siroName)), client.DryRunAll)
		}).Should(MatchError(ContainSubstring(noParams)))
		err := admin.Create(ctx, newRCA("rca"), client.DryRunAll)
		GinkgoWriter.Println(err)
		Expect(err).To(MatchError(And(ContainSubstring(signOffPolicy), ContainSubstring(noParams))))
		Expect(admin.Create(ctx, newReport("report"), client.DryRunAll)).To(MatchError(ContainSubstring(noParams)))
	})

	It("leaves incidents and actions editable, and releases the signers' alone: that policy reads no parameters", func() {
		inc := createIncident("incident", v1alpha1.IncidentClosed, v1alpha1.EvidenceRCAApproved)
		_, err := testenv.TryUpdate(admin, engineer, inc, func(i *v1alpha1.Incident) { i.Spec.Themes = append(i.Spec.Themes, "phishing") })
		Expect(err).NotTo(HaveOccurred())
		_, err = testenv.TryUpdate(admin, engineer, inc, releasedAs[*v1alpha1.Incident]("true"))
		expectRefusedBy(1, err, releasePolicy, cannotRelease(engineerName, "Incident", "incidents", namespace))
		released(inc, "true")
	})
})
