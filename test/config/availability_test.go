package config_test

import (
	"fmt"

	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// checkAvailability: replicas everywhere; in production, a PDB and spread.
func checkAvailability(b *bundle, want expectation) []string {
	d := b.manager()
	if d == nil {
		return nil // reported by checkManager
	}
	var p []string
	if got := deref(d.Spec.Replicas); got != want.replicas {
		p = append(p, fmt.Sprintf("Deployment %s: replicas must be %d, got %d", d.Name, want.replicas, got))
	}
	var covering []policyv1.PodDisruptionBudget
	for _, pdb := range b.pdbs {
		if pdb.Spec.Selector != nil && selects(pdb.Spec.Selector, d.Spec.Template.Labels) {
			covering = append(covering, pdb)
		}
	}
	tsc := d.Spec.Template.Spec.TopologySpreadConstraints
	if !want.ha {
		if len(covering) > 0 {
			p = append(p, fmt.Sprintf("a PodDisruptionBudget with %d replica(s) would block node drains", want.replicas))
		}
		return p
	}
	switch len(covering) {
	case 0:
		p = append(p, "no PodDisruptionBudget selects the manager pods")
	case 1:
		pdb := covering[0]
		if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.String() != "1" {
			p = append(p, fmt.Sprintf("PodDisruptionBudget %s: minAvailable must be 1, got %v", pdb.Name, pdb.Spec.MinAvailable))
		}
		if pdb.Spec.MaxUnavailable != nil {
			p = append(p, fmt.Sprintf("PodDisruptionBudget %s: set minAvailable only", pdb.Name))
		}
	default:
		p = append(p, fmt.Sprintf("%d PodDisruptionBudgets select the manager pods; eviction refuses more than one", len(covering)))
	}
	if len(tsc) == 0 {
		p = append(p, fmt.Sprintf("Deployment %s: topologySpreadConstraints must spread the replicas", d.Name))
	}
	var byHost bool
	for i, c := range tsc {
		if c.LabelSelector == nil || !selects(c.LabelSelector, d.Spec.Template.Labels) {
			p = append(p, fmt.Sprintf("Deployment %s: topologySpreadConstraints[%d] does not select the manager pods", d.Name, i))
		}
		if c.TopologyKey == "kubernetes.io/hostname" {
			byHost = true
		}
	}
	if len(tsc) > 0 && !byHost {
		p = append(p, fmt.Sprintf("Deployment %s: topologySpreadConstraints must spread over kubernetes.io/hostname", d.Name))
	}
	return p
}

// availabilityViolations break the replica count or, in production, high availability.
var availabilityViolations = []violation{
	{"production with one replica", "production", func(b *bundle) {
		b.manager().Spec.Replicas = ptr(int32(1))
	}, "replicas"},
	{"default with two replicas", "default", func(b *bundle) {
		b.manager().Spec.Replicas = ptr(int32(2))
	}, "replicas"},
	{"production without PDB", "production", func(b *bundle) {
		b.pdbs = nil
	}, "PodDisruptionBudget"},
	{"PDB allows no pod", "production", func(b *bundle) {
		b.pdbs[0].Spec.MinAvailable = ptr(intstr.FromInt32(0))
	}, "minAvailable"},
	{"PDB selects other pods", "production", func(b *bundle) {
		b.pdbs[0].Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "other"}}
	}, "PodDisruptionBudget"},
	{"production without topology spread", "production", func(b *bundle) {
		b.manager().Spec.Template.Spec.TopologySpreadConstraints = nil
	}, "topologySpreadConstraints"},
	{"topology spread selects other pods", "production", func(b *bundle) {
		b.manager().Spec.Template.Spec.TopologySpreadConstraints[0].LabelSelector.MatchLabels = map[string]string{"app": "other"}
	}, "topologySpreadConstraints"},
}
