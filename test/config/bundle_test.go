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

func (b *bundle) manager() *appsv1.Deployment {
	for i := range b.deployments {
		if b.deployments[i].Name == managerName {
			return &b.deployments[i]
		}
	}
	return nil
}

func (b *bundle) clusterRole(name string) *rbacv1.ClusterRole {
	for i := range b.clusterRoles {
		if b.clusterRoles[i].Name == name {
			return &b.clusterRoles[i]
		}
	}
	return nil
}

func (b *bundle) policy(name string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	for i := range b.policies {
		if b.policies[i].Name == name {
			return &b.policies[i]
		}
	}
	return nil
}

func (b *bundle) policyBinding(policy string) *admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	for i := range b.policyBindings {
		if b.policyBindings[i].Spec.PolicyName == policy {
			return &b.policyBindings[i]
		}
	}
	return nil
}

func (b *bundle) configMap(namespace, name string) *corev1.ConfigMap {
	for i := range b.configMaps {
		if b.configMaps[i].Namespace == namespace && b.configMaps[i].Name == name {
			return &b.configMaps[i]
		}
	}
	return nil
}

func (b *bundle) service(name string) *corev1.Service {
	for i := range b.services {
		if b.services[i].Name == name {
			return &b.services[i]
		}
	}
	return nil
}

func managerContainer(b *bundle) *corev1.Container {
	d := b.manager()
	if d == nil {
		return nil
	}
	for i := range d.Spec.Template.Spec.Containers {
		if d.Spec.Template.Spec.Containers[i].Name == containerName {
			return &d.Spec.Template.Spec.Containers[i]
		}
	}
	return nil
}

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
