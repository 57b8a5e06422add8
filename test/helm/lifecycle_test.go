package helm_test

import (
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

const (
	release     = "lessons-operator"
	namespace   = "lessons-system"
	chart       = "charts/lessons-operator"
	manager     = release + "-controller-manager"
	signOffConf = release + "-sign-off"
	reviewsNS   = "reviews"
	// The values the upgrade changes, each a value users tune.
	upgradedDeadline = "6h"
	trustedApplier   = "system:serviceaccount:argocd:argocd-application-controller"
)

// crdNames are the four kinds' CRDs, which the chart installs and keeps.
var crdNames = []string{
	"incidents.lessons.dspt.io", "rootcauseanalyses.lessons.dspt.io",
	"improvementactions.lessons.dspt.io", "lessonsreports.lessons.dspt.io",
}

var _ = Describe("Installing, upgrading and uninstalling with Helm", Ordered, func() {
	var (
		reviews  []client.Object
		uids     map[string]types.UID
		crdUIDs  map[string]types.UID
		released []*unstructured.Unstructured
	)

	It("installs the CRDs, the manager, its RBAC and the admission policies", func() {
		helm("install", release, chart, "--namespace", namespace, "--create-namespace")

		released = releaseObjects()
		Expect(kindsOf(released)).To(ContainElements("CustomResourceDefinition", "Deployment", "ServiceAccount",
			"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap",
			"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"))
		for _, o := range released {
			Expect(stored(o)).To(Succeed(), "%s %s is in the release but not in the cluster", o.GetKind(), o.GetName())
		}
		crdUIDs = map[string]types.UID{}
		for _, name := range crdNames {
			crd := &apiextensionsv1.CustomResourceDefinition{}
			Expect(admin.Get(ctx, client.ObjectKey{Name: name}, crd)).To(Succeed())
			Expect(crd.Annotations).To(HaveKeyWithValue("helm.sh/resource-policy", "keep"), name)
			crdUIDs[name] = crd.UID
		}
		dep := deployment()
		Expect(*dep.Spec.Replicas).To(BeEquivalentTo(1))
		Expect(managerArgs(dep)).NotTo(ContainElement(HavePrefix("--siro-notification-deadline")), "the manager's default applies")
		Expect(apierrors.IsNotFound(admin.Get(ctx, client.ObjectKey{Namespace: namespace, Name: manager}, &policyv1.PodDisruptionBudget{}))).
			To(BeTrue(), "no PodDisruptionBudget by default")

		By("storing reviews of every kind with kubectl, once the CRDs are established")
		Eventually(func() string { return kubectlOrErr("api-resources", "--api-group=lessons.dspt.io", "-o", "name") }).
			Should(ContainSubstring("lessonsreports.lessons.dspt.io"))
		inc := fixtures.Incident("phishing")
		reviews = []client.Object{
			inc,
			fixtures.RCA("phishing-rca", inc.Name),
			fixtures.Action("enforce-mfa", inc.Name, fixtures.T0.AddDate(0, 1, 0)),
			fixtures.Report("fy2026"),
		}
		manifest := filepath.Join(workDir, "reviews.yaml")
		Expect(testenv.WriteManifest(manifest, reviews...)).To(Succeed())
		kubectl("create", "namespace", reviewsNS)
		kubectl("apply", "-n", reviewsNS, "-f", manifest)
		uids = map[string]types.UID{}
		for _, r := range reviews {
			r.SetNamespace(reviewsNS)
			uids[r.GetName()] = testenv.Fresh(admin, r).GetUID()
		}
	})

	It("upgrades to changed values in place, leaving the CRDs and the reviews as they were", func() {
		helm("upgrade", release, chart, "--namespace", namespace,
			"--set", "replicas=2",
			"--set", "deadlines.siroNotificationDeadline="+upgradedDeadline,
			"--set", "podDisruptionBudget.enabled=true",
			"--set", "trustedAppliers={"+trustedApplier+"}")

		dep := deployment()
		Expect(*dep.Spec.Replicas).To(BeEquivalentTo(2))
		Expect(managerArgs(dep)).To(ContainElements("--leader-elect", "--siro-notification-deadline="+upgradedDeadline))
		Expect(admin.Get(ctx, client.ObjectKey{Namespace: namespace, Name: manager}, &policyv1.PodDisruptionBudget{})).To(Succeed())
		conf := &corev1.ConfigMap{}
		Expect(admin.Get(ctx, client.ObjectKey{Namespace: namespace, Name: signOffConf}, conf)).To(Succeed())
		Expect(conf.Data).To(HaveKeyWithValue("trustedAppliers", trustedApplier))

		expectCRDsKept(crdUIDs)
		expectReviewsKept(reviews, uids)
		released = releaseObjects()
	})

	It("uninstalls everything but the CRDs, which keep every review", func() {
		out := helm("uninstall", release, "--namespace", namespace)
		GinkgoWriter.Print(out)

		for _, o := range released {
			if o.GetKind() == "CustomResourceDefinition" {
				continue
			}
			Eventually(func() bool { return apierrors.IsNotFound(stored(o)) }).
				Should(BeTrue(), "%s %s outlives the release", o.GetKind(), o.GetName())
		}
		Expect(kindsOf(released)).To(ContainElement("PodDisruptionBudget"), "the upgrade's objects are removed too")
		expectCRDsKept(crdUIDs)
		expectReviewsKept(reviews, uids)
		listed := kubectl("get", "lessons", "-n", reviewsNS, "-o", "name")
		for _, r := range reviews {
			Expect(listed).To(ContainSubstring("/"+r.GetName()), "kubectl get lessons")
		}
	})

	It("installs again over the kept CRDs, adopting them", func() {
		helm("install", release, chart, "--namespace", namespace)
		Expect(deployment().Spec.Replicas).To(HaveValue(BeEquivalentTo(1)), "the chart's default values again")
		expectCRDsKept(crdUIDs)
		expectReviewsKept(reviews, uids)
	})
})

// releaseObjects reads the objects of the release's current revision from
// Helm's record of it.
func releaseObjects() []*unstructured.Unstructured {
	objs, err := testenv.DecodeManifest([]byte(helm("get", "manifest", release, "--namespace", namespace)))
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	ExpectWithOffset(1, objs).NotTo(BeEmpty())
	return objs
}

// stored reads o from the cluster and returns the API server's answer.
func stored(o *unstructured.Unstructured) error {
	got := &unstructured.Unstructured{}
	got.SetGroupVersionKind(o.GroupVersionKind())
	ns := o.GetNamespace()
	namespaced, err := admin.IsObjectNamespaced(got)
	if err != nil {
		return err
	}
	if namespaced && ns == "" {
		ns = namespace // left to Helm's --namespace
	}
	return admin.Get(ctx, client.ObjectKey{Namespace: ns, Name: o.GetName()}, got)
}

func kindsOf(objs []*unstructured.Unstructured) []string {
	var kinds []string
	for _, o := range objs {
		kinds = append(kinds, o.GetKind())
	}
	return kinds
}

func deployment() *appsv1.Deployment {
	dep := &appsv1.Deployment{}
	ExpectWithOffset(1, admin.Get(ctx, client.ObjectKey{Namespace: namespace, Name: manager}, dep)).To(Succeed())
	return dep
}

func managerArgs(dep *appsv1.Deployment) []string {
	for _, c := range dep.Spec.Template.Spec.Containers {
		if c.Name == "manager" {
			return c.Args
		}
	}
	Fail("the Deployment has no container named manager")
	return nil
}

// expectCRDsKept checks that each CRD is the one first installed (the same
// UID: never deleted and made again, which would have deleted its
// reviews), not being deleted and serving.
func expectCRDsKept(uids map[string]types.UID) {
	for _, name := range crdNames {
		crd := &apiextensionsv1.CustomResourceDefinition{}
		ExpectWithOffset(1, admin.Get(ctx, client.ObjectKey{Name: name}, crd)).To(Succeed(), name)
		ExpectWithOffset(1, crd.UID).To(Equal(uids[name]), "%s was made again", name)
		ExpectWithOffset(1, crd.DeletionTimestamp).To(BeNil(), "%s is being deleted", name)
	}
}

// expectReviewsKept checks that each review is the one first stored, with
// its spec untouched (generation 1), and not being deleted.
func expectReviewsKept(reviews []client.Object, uids map[string]types.UID) {
	for _, r := range reviews {
		got := testenv.Fresh(admin, r)
		ExpectWithOffset(1, got.GetUID()).To(Equal(uids[r.GetName()]), "%T %s was made again", r, r.GetName())
		ExpectWithOffset(1, got.GetGeneration()).To(BeEquivalentTo(1), "%T %s was changed", r, r.GetName())
		ExpectWithOffset(1, got.GetDeletionTimestamp()).To(BeNil(), "%T %s is being deleted", r, r.GetName())
	}
}

// kubectlOrErr runs kubectl and returns its output, or the error's text.
func kubectlOrErr(args ...string) string {
	out, err := testenv.Kubectl(kubeconfig, args...)
	if err != nil {
		return err.Error() + ": " + out
	}
	return out
}
