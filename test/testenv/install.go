package testenv

import (
	"context"
	"slices"

	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// policiesAndRoles are the kinds of config/default that InstallPoliciesAndRoles
// applies, in this order: what a referenced object needs comes first. The
// CRDs are installed by Start and the manager's Deployment is left out.
var policiesAndRoles = []string{
	"Namespace", "ServiceAccount", "ConfigMap",
	"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
	"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
}

// InstallPoliciesAndRoles renders config/default with kubectl's kustomize
// and applies, through c, the admission policies, their parameters and every
// role and binding, as config/default names them. A policy is enforced a
// moment after it is created: callers wait for it.
func InstallPoliciesAndRoles(c client.Client) {
	out, err := Kustomize(ConfigDir("default"))
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "rendering config/default")

	all, err := DecodeManifest(out)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	var objs []*unstructured.Unstructured
	for _, u := range all {
		if slices.Contains(policiesAndRoles, u.GetKind()) {
			objs = append(objs, u)
		}
	}
	slices.SortStableFunc(objs, func(a, b *unstructured.Unstructured) int {
		return slices.Index(policiesAndRoles, a.GetKind()) - slices.Index(policiesAndRoles, b.GetKind())
	})
	var kinds []string
	for _, u := range objs {
		ExpectWithOffset(1, c.Apply(context.Background(), client.ApplyConfigurationFromUnstructured(u),
			client.FieldOwner("testenv"), client.ForceOwnership)).To(Succeed(), "applying %s %s", u.GetKind(), u.GetName())
		kinds = append(kinds, u.GetKind())
	}
	for _, k := range []string{"ConfigMap", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"} {
		ExpectWithOffset(1, kinds).To(ContainElement(k), "config/default renders no %s", k)
	}
}
