package admission_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// argoFieldManager is the field manager of the GitOps applier's
// server-side applies.
const argoFieldManager = "argocd-controller"

// manifest is obj as it would be written in Git: apiVersion, kind, name,
// namespace, labels and spec.
func manifest(obj client.Object) *unstructured.Unstructured {
	gvk, err := admin.GroupVersionKindFor(obj)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	u := &unstructured.Unstructured{Object: map[string]any{"spec": m["spec"]}}
	u.SetGroupVersionKind(gvk)
	u.SetName(obj.GetName())
	u.SetNamespace(obj.GetNamespace())
	u.SetLabels(obj.GetLabels())
	return u
}

// sync applies a manifest server-side as the GitOps applier.
func sync(u *unstructured.Unstructured, opts ...client.ApplyOption) error {
	return gitops.Apply(ctx, client.ApplyConfigurationFromUnstructured(u.DeepCopy()),
		append([]client.ApplyOption{client.FieldOwner(argoFieldManager), client.ForceOwnership}, opts...)...)
}

func storedRCA(name string) *v1alpha1.RootCauseAnalysis {
	return testenv.Fresh(admin, &v1alpha1.RootCauseAnalysis{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}})
}

var _ = Describe("A GitOps applier", Serial, Ordered, func() {
	BeforeAll(func() {
		Expect(paramsConfigMap().Data).To(HaveKeyWithValue("trustedAppliers", ""), "trusted appliers must be off by default")
		DeferCleanup(setTrustedAppliers, "")
	})

	It("syncs a review from Git and leaves a SIRO's in-cluster sign-off alone", func() {
		inGit := manifest(newRCA("synced"))
		Expect(sync(inGit)).To(Succeed())

		signAsSIRO(storedRCA(inGit.GetName()), v1alpha1.SignOffApproved)

		// The next sync changes a field the applier owns; spec.signOff is
		// not in Git, so the applier leaves it alone and is let through.
		inGit.SetLabels(map[string]string{"lessons.dspt.io/quarter": "2026-q2"})
		Expect(sync(inGit)).To(Succeed())
		rca := storedRCA(inGit.GetName())
		Expect(rca.Labels).To(HaveKeyWithValue("lessons.dspt.io/quarter", "2026-q2"))
		Expect(rca.Spec.SignOff).NotTo(BeNil())
		Expect(rca.Spec.SignOff.Decision).To(Equal(v1alpha1.SignOffApproved))
		Expect(string(rca.Spec.SignOff.By)).To(Equal(siroName))
	})

	It("cannot apply a sign-off from Git while trusted appliers are off (the default)", func() {
		inGit := manifest(newRCA("from-git", signedOff(v1alpha1.SignOffApproved, siroName)))
		err := sync(inGit)
		GinkgoWriter.Println(err)
		expectRefusedBy(1, err, signOffPolicy, cannotSign(gitopsName, rcaKind, namespace))
		Expect(exists(inGit)).To(BeFalse())
	})

	It("applies and withdraws a sign-off reviewed in Git once it is trusted", func() {
		setTrustedAppliers("system:serviceaccount:flux-system:kustomize-controller, " + gitopsName)

		// The approval is the Git review; spec.signOff.by names the reviewer.
		rca := newRCA("from-git", signedOff(v1alpha1.SignOffApproved, siroName))
		Eventually(func() error { return sync(manifest(rca)) }).Should(Succeed())
		Expect(storedRCA(rca.Name).Spec.SignOff).To(HaveField("By", v1alpha1.Person(siroName)))

		report := newReport("from-git")
		report.Spec.SignOff = signOff(v1alpha1.SignOffApproved, siroName)
		Expect(sync(manifest(report))).To(Succeed())

		// Removing the sign-off from Git withdraws it.
		rca.Spec.SignOff = nil
		Expect(sync(manifest(rca))).To(Succeed())
		Expect(storedRCA(rca.Name).Spec.SignOff).To(BeNil())

		// A commit may change content and sign-off together: the SIRO
		// reviewed both in Git.
		sentBack := newRCA("from-git", signedOff(v1alpha1.SignOffChangesRequested, siroName))
		Expect(sync(manifest(sentBack))).To(Succeed())
		editContainment(sentBack)
		sentBack.Spec.SignOff = signOff(v1alpha1.SignOffApproved, siroName)
		Expect(sync(manifest(sentBack))).To(Succeed())
		Expect(storedRCA(sentBack.Name).Spec.SignOff).To(HaveField("Decision", v1alpha1.SignOffApproved))
	})

	It("is refused again once the setting is turned off", func() {
		setTrustedAppliers("")
		inGit := manifest(newRCA("from-git", signedOff(v1alpha1.SignOffApproved, siroName)))
		// A dry run goes through admission without creating the object, so
		// nothing slips in while the new setting takes effect.
		Eventually(func() error { return sync(inGit, client.DryRunAll) }).Should(MatchError(ContainSubstring(signOffPolicy)))
		expectRefusedBy(1, sync(inGit), signOffPolicy, cannotSign(gitopsName, rcaKind, namespace))
		Expect(exists(inGit)).To(BeFalse())
	})
})
