package config_test

import (
	"fmt"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// bundle holds the typed objects of one rendered tree.
type bundle struct {
	objects             []object
	namespaces          []corev1.Namespace
	serviceAccounts     []corev1.ServiceAccount
	services            []corev1.Service
	deployments         []appsv1.Deployment
	roles               []rbacv1.Role
	clusterRoles        []rbacv1.ClusterRole
	roleBindings        []rbacv1.RoleBinding
	clusterRoleBindings []rbacv1.ClusterRoleBinding
	pdbs                []policyv1.PodDisruptionBudget
	configMaps          []corev1.ConfigMap
	policies            []admissionregistrationv1.ValidatingAdmissionPolicy
	policyBindings      []admissionregistrationv1.ValidatingAdmissionPolicyBinding
	crds                []string
}

func renderBundle(t *testing.T, dir string) *bundle {
	t.Helper()
	objs, err := decode(render(t, dir))
	if err != nil {
		t.Fatalf("config/%s: %v", dir, err)
	}
	b, err := newBundle(objs)
	if err != nil {
		t.Fatalf("config/%s: %v", dir, err)
	}
	return b
}

func newBundle(objs []object) (*bundle, error) {
	b := &bundle{objects: objs}
	for _, o := range objs {
		var err error
		switch o.apiVersion + "/" + o.kind {
		case "v1/Namespace":
			err = appendStrict(o, &b.namespaces)
		case "v1/ServiceAccount":
			err = appendStrict(o, &b.serviceAccounts)
		case "v1/Service":
			err = appendStrict(o, &b.services)
		case "apps/v1/Deployment":
			err = appendStrict(o, &b.deployments)
		case "rbac.authorization.k8s.io/v1/Role":
			err = appendStrict(o, &b.roles)
		case "rbac.authorization.k8s.io/v1/ClusterRole":
			err = appendStrict(o, &b.clusterRoles)
		case "rbac.authorization.k8s.io/v1/RoleBinding":
			err = appendStrict(o, &b.roleBindings)
		case "rbac.authorization.k8s.io/v1/ClusterRoleBinding":
			err = appendStrict(o, &b.clusterRoleBindings)
		case "policy/v1/PodDisruptionBudget":
			err = appendStrict(o, &b.pdbs)
		case "v1/ConfigMap":
			err = appendStrict(o, &b.configMaps)
		case "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy":
			err = appendStrict(o, &b.policies)
		case "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding":
			err = appendStrict(o, &b.policyBindings)
		case "apiextensions.k8s.io/v1/CustomResourceDefinition":
			b.crds = append(b.crds, o.name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
	}
	return b, nil
}

func appendStrict[T any](o object, into *[]T) error {
	var v T
	if err := strict(o.json, &v); err != nil {
		return err
	}
	*into = append(*into, v)
	return nil
}

// find returns the first item match accepts, as a pointer into items so
// that a violation can change it, or nil.
func find[T any](items []T, match func(*T) bool) *T {
	for i := range items {
		if match(&items[i]) {
			return &items[i]
		}
	}
	return nil
}

// manager is the manager Deployment, or nil.
func (b *bundle) manager() *appsv1.Deployment {
	return find(b.deployments, func(d *appsv1.Deployment) bool { return d.Name == managerName })
}

func (b *bundle) clusterRole(name string) *rbacv1.ClusterRole {
	return find(b.clusterRoles, func(r *rbacv1.ClusterRole) bool { return r.Name == name })
}

func (b *bundle) role(name string) *rbacv1.Role {
	return find(b.roles, func(r *rbacv1.Role) bool { return r.Name == name })
}

func (b *bundle) policy(name string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	return find(b.policies, func(p *admissionregistrationv1.ValidatingAdmissionPolicy) bool { return p.Name == name })
}

// policyBinding is the binding of the named policy, or nil.
func (b *bundle) policyBinding(policy string) *admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	return find(b.policyBindings, func(vb *admissionregistrationv1.ValidatingAdmissionPolicyBinding) bool {
		return vb.Spec.PolicyName == policy
	})
}

func (b *bundle) configMap(namespace, name string) *corev1.ConfigMap {
	return find(b.configMaps, func(cm *corev1.ConfigMap) bool { return cm.Namespace == namespace && cm.Name == name })
}

func (b *bundle) service(name string) *corev1.Service {
	return find(b.services, func(s *corev1.Service) bool { return s.Name == name })
}

// managerContainer is the manager's container, or nil.
func managerContainer(b *bundle) *corev1.Container {
	d := b.manager()
	if d == nil {
		return nil
	}
	return find(d.Spec.Template.Spec.Containers, func(c *corev1.Container) bool { return c.Name == containerName })
}

// selects reports whether a non-empty selector matches the pod labels.
func selects(sel *metav1.LabelSelector, podLabels map[string]string) bool {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil || s.Empty() {
		return false
	}
	return s.Matches(labels.Set(podLabels))
}

// portNumber resolves a numeric or named port of container c.
func portNumber(c *corev1.Container, port intstr.IntOrString) int32 {
	if port.Type == intstr.Int {
		return port.IntVal
	}
	for _, p := range c.Ports {
		if p.Name == port.StrVal {
			return p.ContainerPort
		}
	}
	return 0
}
