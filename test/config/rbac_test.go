package config_test

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// checkRBAC checks every Role and ClusterRole for wildcards and secrets, the
// manager ClusterRole for least privilege, and the bindings to the manager's
// service account.
func checkRBAC(b *bundle) []string {
	var p []string
	for _, r := range b.roles {
		p = append(p, checkRules("Role "+r.Namespace+"/"+r.Name, r.Rules)...)
	}
	for _, r := range b.clusterRoles {
		p = append(p, checkRules("ClusterRole "+r.Name, r.Rules)...)
	}

	if r := b.clusterRole(managerRole); r == nil {
		p = append(p, "no ClusterRole "+managerRole)
	} else {
		p = append(p, checkManagerRole(r)...)
	}

	if leader := b.role(leaderRole); leader == nil {
		p = append(p, "no Role "+leaderRole)
	} else {
		for _, v := range []string{"get", "list", "watch", "create", "update", "patch", "delete"} {
			if !allows(leader.Rules, "coordination.k8s.io", "leases", v) {
				p = append(p, fmt.Sprintf("Role %s cannot %s leases: leader election needs it", leaderRole, v))
			}
		}
		if !allows(leader.Rules, "", "events", "create") {
			p = append(p, fmt.Sprintf("Role %s cannot create events", leaderRole))
		}
	}
	if r := b.clusterRole(metricsAuth); r == nil {
		p = append(p, "no ClusterRole "+metricsAuth)
	} else {
		if !allows(r.Rules, "authentication.k8s.io", "tokenreviews", "create") {
			p = append(p, fmt.Sprintf("ClusterRole %s cannot create tokenreviews", metricsAuth))
		}
		if !allows(r.Rules, "authorization.k8s.io", "subjectaccessreviews", "create") {
			p = append(p, fmt.Sprintf("ClusterRole %s cannot create subjectaccessreviews", metricsAuth))
		}
	}

	isManager := func(subjects []rbacv1.Subject) bool {
		return slices.ContainsFunc(subjects, func(s rbacv1.Subject) bool {
			return s.Kind == rbacv1.ServiceAccountKind && s.Name == managerName && s.Namespace == namespace
		})
	}
	for _, role := range []string{managerRole, metricsAuth} {
		if !slices.ContainsFunc(b.clusterRoleBindings, func(rb rbacv1.ClusterRoleBinding) bool {
			return rb.RoleRef.Kind == "ClusterRole" && rb.RoleRef.Name == role && isManager(rb.Subjects)
		}) {
			p = append(p, fmt.Sprintf("ClusterRole %s is not bound to ServiceAccount %s/%s", role, namespace, managerName))
		}
	}
	if !slices.ContainsFunc(b.roleBindings, func(rb rbacv1.RoleBinding) bool {
		return rb.RoleRef.Kind == "Role" && rb.RoleRef.Name == leaderRole && isManager(rb.Subjects)
	}) {
		p = append(p, fmt.Sprintf("Role %s is not bound to ServiceAccount %s/%s", leaderRole, namespace, managerName))
	}
	return p
}

// checkRules refuses wildcards and any access to secrets.
func checkRules(owner string, rules []rbacv1.PolicyRule) []string {
	var p []string
	for i, r := range rules {
		for field, values := range map[string][]string{
			"apiGroups": r.APIGroups, "resources": r.Resources, "verbs": r.Verbs,
			"resourceNames": r.ResourceNames, "nonResourceURLs": r.NonResourceURLs,
		} {
			for _, v := range values {
				if strings.Contains(v, "*") {
					p = append(p, fmt.Sprintf("%s: rule %d has a wildcard in %s: %q", owner, i, field, v))
				}
			}
		}
		for _, res := range r.Resources {
			if res == "secrets" || strings.HasPrefix(res, "secrets/") {
				p = append(p, fmt.Sprintf("%s: rule %d grants access to %s", owner, i, res))
			}
		}
	}
	return p
}

// checkManagerRole: the manager reads the kinds and writes only their
// status (and events).
func checkManagerRole(r *rbacv1.ClusterRole) []string {
	var p []string
	readOnly := []string{"get", "list", "watch"}
	statusVerbs := []string{"get", "update", "patch"}
	for i, rule := range r.Rules {
		if !slices.Contains(rule.APIGroups, lessonsGroup) {
			continue
		}
		for _, res := range rule.Resources {
			allowed := readOnly
			if strings.HasSuffix(res, "/status") {
				allowed = statusVerbs
			} else if strings.Contains(res, "/") {
				p = append(p, fmt.Sprintf("ClusterRole %s: rule %d grants %v on %s: the manager only needs the /status subresource",
					r.Name, i, rule.Verbs, res))
				continue
			}
			for _, v := range rule.Verbs {
				if !slices.Contains(allowed, v) {
					p = append(p, fmt.Sprintf("ClusterRole %s: rule %d grants %s on %s; it may only %s",
						r.Name, i, v, res, strings.Join(allowed, ", ")))
				}
			}
		}
	}
	// Every kind the manager handles (it reads it or writes its status) must
	// be both readable and have a writable status; incidents always are.
	handled := []string{"incidents"}
	for _, rule := range r.Rules {
		if !slices.Contains(rule.APIGroups, lessonsGroup) {
			continue
		}
		for _, res := range rule.Resources {
			kind, _, _ := strings.Cut(res, "/")
			if slices.Contains(lessonsResources, kind) && !slices.Contains(handled, kind) {
				handled = append(handled, kind)
			}
		}
	}
	for _, res := range handled {
		for _, v := range readOnly {
			if !allows(r.Rules, lessonsGroup, res, v) {
				p = append(p, fmt.Sprintf("ClusterRole %s: the manager cannot %s %s", r.Name, v, res))
			}
		}
		for _, v := range []string{"update", "patch"} {
			if !allows(r.Rules, lessonsGroup, res+"/status", v) {
				p = append(p, fmt.Sprintf("ClusterRole %s: the manager cannot %s %s/status", r.Name, v, res))
			}
		}
	}
	if !allows(r.Rules, "events.k8s.io", "events", "create") {
		p = append(p, fmt.Sprintf("ClusterRole %s: the manager cannot create events", r.Name))
	}
	if !allows(r.Rules, "events.k8s.io", "events", "list") {
		p = append(p, fmt.Sprintf("ClusterRole %s: the manager cannot list events, to recall those that exist when it starts leading", r.Name))
	}
	return append(p, checkNamespaceReads(r)...)
}

// checkNamespaceReads: an organisation-wide report chooses namespaces by
// their labels, so the manager reads Namespaces, and only reads them.
func checkNamespaceReads(r *rbacv1.ClusterRole) []string {
	var p []string
	readOnly := []string{"get", "list", "watch"}
	for _, v := range readOnly {
		if !allows(r.Rules, "", "namespaces", v) {
			p = append(p, fmt.Sprintf("ClusterRole %s: the manager cannot %s namespaces", r.Name, v))
		}
	}
	for i, rule := range r.Rules {
		if !slices.Contains(rule.APIGroups, "") || !slices.Contains(rule.Resources, "namespaces") {
			continue
		}
		for _, v := range rule.Verbs {
			if !slices.Contains(readOnly, v) {
				p = append(p, fmt.Sprintf("ClusterRole %s: rule %d grants %s on namespaces; it may only %s", r.Name, i, v, strings.Join(readOnly, ", ")))
			}
		}
	}
	return p
}

// allows reports whether some rule grants verb on resource in group.
func allows(rules []rbacv1.PolicyRule, group, res, verb string) bool {
	return slices.ContainsFunc(rules, func(r rbacv1.PolicyRule) bool {
		return slices.Contains(r.APIGroups, group) && slices.Contains(r.Resources, res) && slices.Contains(r.Verbs, verb)
	})
}

// rbacViolations widen the manager's RBAC or take away what it needs.
var rbacViolations = []violation{
	{"wildcard verb in a Role", "default", func(b *bundle) {
		b.roles[0].Rules[0].Verbs = []string{"*"}
	}, "wildcard"},
	{"wildcard API group in a ClusterRole", "production", func(b *bundle) {
		r := b.clusterRole(metricsAuth)
		r.Rules[0].APIGroups = []string{"*"}
	}, "wildcard"},
	{"wildcard resource in the manager role", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"*"}, Verbs: []string{"get"}})
	}, "wildcard"},
	{"wildcard subresource", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{lessonsGroup}, Resources: []string{"incidents/*"}, Verbs: []string{"get"}})
	}, "wildcard"},
	{"wildcard non-resource URL", "default", func(b *bundle) {
		r := b.clusterRole(prefix + "metrics-reader")
		r.Rules[0].NonResourceURLs = []string{"/*"}
	}, "wildcard"},
	{"manager reads secrets", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get"}})
	}, "secrets"},
	{"any role reads secrets", "dev", func(b *bundle) {
		b.roles[0].Rules = append(b.roles[0].Rules, rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"list"}})
	}, "secrets"},
	{"manager creates incidents", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{lessonsGroup}, Resources: []string{"incidents"}, Verbs: []string{"create"}})
	}, "may only get, list, watch"},
	{"manager deletes RCAs", "production", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{lessonsGroup}, Resources: []string{"rootcauseanalyses"}, Verbs: []string{"delete"}})
	}, "may only get, list, watch"},
	{"manager patches the spec of actions", "default", func(b *bundle) {
		for i, rule := range b.clusterRole(managerRole).Rules {
			if slices.Contains(rule.Resources, "improvementactions") {
				b.clusterRole(managerRole).Rules[i].Verbs = append(rule.Verbs, "patch")
			}
		}
	}, "may only get, list, watch"},
	{"manager updates finalizers", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{lessonsGroup}, Resources: []string{"incidents/finalizers"}, Verbs: []string{"update"}})
	}, "incidents/finalizers"},
	{"manager cannot write status", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		for i, rule := range r.Rules {
			r.Rules[i].Verbs = slices.DeleteFunc(slices.Clone(rule.Verbs), func(v string) bool { return v == "patch" })
		}
	}, "patch incidents/status"},
	{"manager cannot watch", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		for i, rule := range r.Rules {
			r.Rules[i].Verbs = slices.DeleteFunc(slices.Clone(rule.Verbs), func(v string) bool { return v == "watch" })
		}
	}, "cannot watch incidents"},
	{"manager cannot read namespaces", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = slices.DeleteFunc(r.Rules, func(rule rbacv1.PolicyRule) bool { return slices.Contains(rule.Resources, "namespaces") })
	}, "cannot list namespaces"},
	{"manager deletes namespaces", "production", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = append(r.Rules, rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: []string{"delete"}})
	}, "grants delete on namespaces"},
	{"manager cannot record events", "default", func(b *bundle) {
		r := b.clusterRole(managerRole)
		r.Rules = slices.DeleteFunc(r.Rules, func(rule rbacv1.PolicyRule) bool { return slices.Contains(rule.APIGroups, "events.k8s.io") })
	}, "cannot create events"},
	{"manager role missing", "default", func(b *bundle) {
		b.clusterRoles = slices.DeleteFunc(b.clusterRoles, func(r rbacv1.ClusterRole) bool { return r.Name == managerRole })
	}, "no ClusterRole " + managerRole},
	{"manager role bound to another account", "default", func(b *bundle) {
		for i := range b.clusterRoleBindings {
			if b.clusterRoleBindings[i].RoleRef.Name == managerRole {
				b.clusterRoleBindings[i].Subjects[0].Namespace = "system"
			}
		}
	}, "not bound"},
	{"leader election cannot take leases", "default", func(b *bundle) {
		b.roles[0].Rules = b.roles[0].Rules[1:]
	}, "leases"},
}
