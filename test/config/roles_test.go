package config_test

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// signOffVerb is the verb the sign-off policy asks RBAC for.
const signOffVerb = "sign-off"

// checkUserRoles checks the roles for people: lessons-view and lessons-edit
// aggregate into the built-in roles, lessons-siro stands alone and alone
// grants the verb sign-off, and none grants status (the operator's) or
// anything outside the group.
func checkUserRoles(b *bundle) []string {
	var p []string
	read := []string{"get", "list", "watch"}
	write := []string{"create", "update", "patch", "delete"}
	roles := []struct {
		name       string
		aggregate  []string            // aggregation labels it must carry
		grants     map[string][]string // resource -> verbs it must grant
		onlyVerbs  []string            // every verb it may grant
		signOffRes []string            // resources it must be able to sign off or release for deletion (update, patch and sign-off)
	}{
		{viewRole, []string{"view"}, allOf(lessonsResources, read), read, nil},
		{editRole, []string{"edit", "admin"}, allOf(lessonsResources, slices.Concat(read, write)),
			slices.Concat(read, write, []string{"deletecollection"}), nil},
		{siroRole, nil, allOf(lessonsResources, read), slices.Concat(read, []string{"update", "patch", signOffVerb}),
			lessonsResources},
	}
	// Whoever holds sign-off may sign: a role aggregated into edit or admin
	// would make every editor a signer.
	grantsSignOff := func(rules []rbacv1.PolicyRule) bool {
		return slices.ContainsFunc(rules, func(rule rbacv1.PolicyRule) bool { return slices.Contains(rule.Verbs, signOffVerb) })
	}
	for _, r := range b.clusterRoles {
		if r.Name != siroRole && grantsSignOff(r.Rules) {
			p = append(p, fmt.Sprintf("ClusterRole %s grants %s: only %s may", r.Name, signOffVerb, siroRole))
		}
	}
	for _, r := range b.roles {
		if grantsSignOff(r.Rules) {
			p = append(p, fmt.Sprintf("Role %s/%s grants %s: only %s may", r.Namespace, r.Name, signOffVerb, siroRole))
		}
	}
	for _, want := range roles {
		r := b.clusterRole(want.name)
		if r == nil {
			p = append(p, "no ClusterRole "+want.name)
			continue
		}
		owner := "ClusterRole " + r.Name
		for _, to := range []string{"view", "edit", "admin"} {
			label := "rbac.authorization.k8s.io/aggregate-to-" + to
			if must := slices.Contains(want.aggregate, to); must && r.Labels[label] != "true" {
				p = append(p, fmt.Sprintf("%s must carry the label %s: \"true\" to aggregate into %s", owner, label, to))
			} else if !must && r.Labels[label] != "" {
				p = append(p, fmt.Sprintf("%s must not aggregate into %s (label %s)", owner, to, label))
			}
		}
		for res, verbs := range want.grants {
			for _, v := range verbs {
				if !allows(r.Rules, lessonsGroup, res, v) {
					p = append(p, fmt.Sprintf("%s cannot %s %s", owner, v, res))
				}
			}
		}
		for _, res := range want.signOffRes {
			for _, v := range []string{"update", "patch", signOffVerb} {
				if !allows(r.Rules, lessonsGroup, res, v) {
					p = append(p, fmt.Sprintf("%s cannot %s %s: a SIRO signs off or releases with it", owner, v, res))
				}
			}
		}
		for i, rule := range r.Rules {
			if !slices.Equal(rule.APIGroups, []string{lessonsGroup}) {
				p = append(p, fmt.Sprintf("%s: rule %d grants API groups %v; only %s", owner, i, rule.APIGroups, lessonsGroup))
			}
			for _, res := range rule.Resources {
				if strings.Contains(res, "/") {
					p = append(p, fmt.Sprintf("%s: rule %d grants %s: status is the operator's, people write spec", owner, i, res))
				}
			}
			for _, v := range rule.Verbs {
				if !slices.Contains(want.onlyVerbs, v) {
					p = append(p, fmt.Sprintf("%s: rule %d grants %s; it may only %s", owner, i, v, strings.Join(want.onlyVerbs, ", ")))
				}
			}
			if want.signOffRes != nil && slices.ContainsFunc(rule.Verbs, func(v string) bool { return v == "update" || v == "patch" || v == signOffVerb }) {
				for _, res := range rule.Resources {
					if !slices.Contains(want.signOffRes, res) {
						p = append(p, fmt.Sprintf("%s: rule %d lets a SIRO change %s; it only signs off %v", owner, i, res, want.signOffRes))
					}
				}
			}
		}
	}
	return p
}

// allOf maps each resource to the same verbs.
func allOf(resources, verbs []string) map[string][]string {
	m := map[string][]string{}
	for _, r := range resources {
		m[r] = verbs
	}
	return m
}

// roleViolations break the roles for people.
var roleViolations = []violation{
	{"view role missing", "default", func(b *bundle) {
		b.clusterRoles = slices.DeleteFunc(b.clusterRoles, func(r rbacv1.ClusterRole) bool { return r.Name == viewRole })
	}, "no ClusterRole " + viewRole},
	{"view role not aggregated", "default", func(b *bundle) {
		delete(b.clusterRole(viewRole).Labels, "rbac.authorization.k8s.io/aggregate-to-view")
	}, "aggregate-to-view"},
	{"view role writes", "dev", func(b *bundle) {
		r := b.clusterRole(viewRole)
		r.Rules[0].Verbs = append(r.Rules[0].Verbs, "patch")
	}, "grants patch"},
	{"view role misses a kind", "default", func(b *bundle) {
		r := b.clusterRole(viewRole)
		r.Rules[0].Resources = slices.DeleteFunc(slices.Clone(r.Rules[0].Resources), func(s string) bool { return s == "improvementactions" })
	}, "cannot get improvementactions"},
	{"edit role not aggregated into admin", "production", func(b *bundle) {
		delete(b.clusterRole(editRole).Labels, "rbac.authorization.k8s.io/aggregate-to-admin")
	}, "aggregate-to-admin"},
	{"edit role cannot delete", "default", func(b *bundle) {
		r := b.clusterRole(editRole)
		r.Rules[0].Verbs = slices.DeleteFunc(slices.Clone(r.Rules[0].Verbs), func(v string) bool { return v == "delete" })
	}, "cannot delete"},
	{"edit role writes status", "default", func(b *bundle) {
		r := b.clusterRole(editRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{lessonsGroup}, Resources: []string{"incidents/status"}, Verbs: []string{"update"}})
	}, "status is the operator's"},
	{"edit role reaches outside the group", "default", func(b *bundle) {
		r := b.clusterRole(editRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"update"}})
	}, "only " + lessonsGroup},
	{"SIRO role aggregated into edit", "default", func(b *bundle) {
		b.clusterRole(siroRole).Labels["rbac.authorization.k8s.io/aggregate-to-edit"] = "true"
	}, "must not aggregate into edit"},
	{"SIRO role cannot patch RCAs", "default", func(b *bundle) {
		r := b.clusterRole(siroRole)
		for i := range r.Rules {
			r.Rules[i].Verbs = slices.DeleteFunc(slices.Clone(r.Rules[i].Verbs), func(v string) bool { return v == "patch" })
		}
	}, "cannot patch rootcauseanalyses"},
	{"SIRO role cannot sign off reports", "default", func(b *bundle) {
		r := b.clusterRole(siroRole)
		for i := range r.Rules {
			r.Rules[i].Verbs = slices.DeleteFunc(slices.Clone(r.Rules[i].Verbs), func(v string) bool { return v == signOffVerb })
		}
	}, "cannot sign-off lessonsreports"},
	{"SIRO role cannot release actions", "default", func(b *bundle) {
		r := b.clusterRole(siroRole)
		last := &r.Rules[len(r.Rules)-1]
		last.Resources = slices.DeleteFunc(slices.Clone(last.Resources), func(s string) bool { return s == "improvementactions" })
	}, "cannot update improvementactions"},
	{"edit role signs off", "default", func(b *bundle) {
		r := b.clusterRole(editRole)
		r.Rules[0].Verbs = append(r.Rules[0].Verbs, signOffVerb)
	}, "ClusterRole " + editRole + " grants sign-off: only " + siroRole + " may"},
	{"a Role of the bundle signs off", "production", func(b *bundle) {
		b.roles[0].Rules = append(b.roles[0].Rules, rbacv1.PolicyRule{APIGroups: []string{lessonsGroup}, Resources: []string{"rootcauseanalyses"}, Verbs: []string{signOffVerb}})
	}, "grants sign-off: only " + siroRole + " may"},
	{"SIRO role deletes", "default", func(b *bundle) {
		r := b.clusterRole(siroRole)
		r.Rules[len(r.Rules)-1].Verbs = append(r.Rules[len(r.Rules)-1].Verbs, "delete")
	}, "grants delete"},
}
