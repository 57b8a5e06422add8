package config_test

import (
	"fmt"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// checkNamespace: the namespace enforces the restricted standard and holds
// every namespaced object.
func checkNamespace(b *bundle) []string {
	var p []string
	var found bool
	for _, ns := range b.namespaces {
		if ns.Name != namespace {
			p = append(p, fmt.Sprintf("unexpected Namespace %s", ns.Name))
			continue
		}
		found = true
		if ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
			p = append(p, fmt.Sprintf("Namespace %s: label pod-security.kubernetes.io/enforce must be restricted, got %q",
				ns.Name, ns.Labels["pod-security.kubernetes.io/enforce"]))
		}
	}
	if !found {
		p = append(p, "no Namespace "+namespace)
	}
	namespaced := func(kind string, meta metav1.ObjectMeta) {
		if meta.Namespace != namespace {
			p = append(p, fmt.Sprintf("%s %s is outside %s (namespace %q)", kind, meta.Name, namespace, meta.Namespace))
		}
	}
	for _, o := range b.serviceAccounts {
		namespaced("ServiceAccount", o.ObjectMeta)
	}
	for _, o := range b.services {
		namespaced("Service", o.ObjectMeta)
	}
	for _, o := range b.deployments {
		namespaced("Deployment", o.ObjectMeta)
	}
	for _, o := range b.roles {
		namespaced("Role", o.ObjectMeta)
	}
	for _, o := range b.roleBindings {
		namespaced("RoleBinding", o.ObjectMeta)
	}
	for _, o := range b.pdbs {
		namespaced("PodDisruptionBudget", o.ObjectMeta)
	}
	for _, o := range b.configMaps {
		namespaced("ConfigMap", o.ObjectMeta)
	}
	return p
}

// checkCRDs: the five kinds are installed.
func checkCRDs(b *bundle) []string {
	var p []string
	for _, r := range lessonsResources {
		if !slices.Contains(b.crds, r+"."+lessonsGroup) {
			p = append(p, fmt.Sprintf("no CustomResourceDefinition %s.%s", r, lessonsGroup))
		}
	}
	return p
}

// namespaceViolations misplace objects or leave the namespace or a CRD out.
var namespaceViolations = []violation{
	{"namespace not restricted", "default", func(b *bundle) {
		delete(b.namespaces[0].Labels, "pod-security.kubernetes.io/enforce")
	}, "pod-security.kubernetes.io/enforce"},
	{"object outside the namespace", "production", func(b *bundle) {
		b.serviceAccounts[0].Namespace = "default"
	}, "outside " + namespace},
	{"CRD missing", "default", func(b *bundle) {
		b.crds = b.crds[1:]
	}, "CustomResourceDefinition"},
}
