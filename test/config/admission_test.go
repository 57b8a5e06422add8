package config_test

import (
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// checkAdmission checks the admission policies: who may sign off (with its
// parameter ConfigMap, trusted appliers off), and deletion protection.
func checkAdmission(b *bundle) []string {
	var p []string
	for _, vap := range b.policies {
		owner := "ValidatingAdmissionPolicy " + vap.Name
		if vap.Namespace != "" {
			p = append(p, fmt.Sprintf("%s is cluster-scoped but has namespace %q", owner, vap.Namespace))
		}
		if vap.Spec.FailurePolicy == nil || *vap.Spec.FailurePolicy != admissionregistrationv1.Fail {
			p = append(p, fmt.Sprintf("%s: failurePolicy must be Fail", owner))
		}
		if len(vap.Spec.Validations) == 0 {
			p = append(p, owner+" has no validations")
		}
		for i, v := range vap.Spec.Validations {
			if v.MessageExpression == "" && v.Message == "" {
				p = append(p, fmt.Sprintf("%s: validation %d has no message: every refusal must say why", owner, i))
			}
		}
		if b.policyBinding(vap.Name) == nil {
			p = append(p, fmt.Sprintf("%s has no ValidatingAdmissionPolicyBinding", owner))
		}
	}
	for _, vb := range b.policyBindings {
		owner := "ValidatingAdmissionPolicyBinding " + vb.Name
		if vb.Namespace != "" {
			p = append(p, fmt.Sprintf("%s is cluster-scoped but has namespace %q", owner, vb.Namespace))
		}
		if b.policy(vb.Spec.PolicyName) == nil {
			p = append(p, fmt.Sprintf("%s binds policy %s, which is not shipped", owner, vb.Spec.PolicyName))
		}
		if !slices.Contains(vb.Spec.ValidationActions, admissionregistrationv1.Deny) {
			p = append(p, fmt.Sprintf("%s: validationActions must contain Deny, got %v", owner, vb.Spec.ValidationActions))
		}
	}

	// Who may sign off, and who may release evidence for deletion: both
	// RBAC's verb sign-off.
	p = append(p, checkSigner(b, signOffPolicy, []string{"rootcauseanalyses", "lessonsreports"})...)
	p = append(p, checkSigner(b, releasePolicy, []string{"incidents", "improvementactions", "processreviews", "rootcauseanalyses", "lessonsreports"})...)
	// The sign-off policy's parameters; without them, nobody signs.
	if vap := b.policy(signOffPolicy); vap != nil {
		if pk := vap.Spec.ParamKind; pk == nil || pk.APIVersion != "v1" || pk.Kind != "ConfigMap" {
			p = append(p, fmt.Sprintf("ValidatingAdmissionPolicy %s: paramKind must be v1 ConfigMap, got %v", vap.Name, pk))
		}
	}
	if vb := b.policyBinding(signOffPolicy); vb != nil {
		owner := "ValidatingAdmissionPolicyBinding " + vb.Name
		switch ref := vb.Spec.ParamRef; {
		case ref == nil:
			p = append(p, owner+" has no paramRef")
		case ref.Name != signOffParams || ref.Namespace != namespace:
			p = append(p, fmt.Sprintf("%s: paramRef must name ConfigMap %s/%s, got %s/%s", owner, namespace, signOffParams, ref.Namespace, ref.Name))
		case ref.ParameterNotFoundAction == nil || *ref.ParameterNotFoundAction != admissionregistrationv1.DenyAction:
			p = append(p, owner+": paramRef.parameterNotFoundAction must be Deny, so that a missing ConfigMap lets nobody sign")
		}
	}
	// Releases read no parameters: nothing missing can let anyone release.
	if vap := b.policy(releasePolicy); vap != nil && vap.Spec.ParamKind != nil {
		p = append(p, "ValidatingAdmissionPolicy "+vap.Name+" reads parameters: a missing ConfigMap would either let anyone release or stop every write")
	}
	if cm := b.configMap(namespace, signOffParams); cm == nil {
		p = append(p, fmt.Sprintf("no ConfigMap %s/%s with the sign-off policy's parameters", namespace, signOffParams))
	} else {
		if got, ok := cm.Data["siroGroup"]; ok {
			p = append(p, fmt.Sprintf("ConfigMap %s: siroGroup (%q) is not read any more, who signs is RBAC: remove it", cm.Name, got))
		}
		if got, ok := cm.Data["trustedAppliers"]; !ok || got != "" {
			p = append(p, fmt.Sprintf("ConfigMap %s: trustedAppliers must be present and empty (off by default), got %q", cm.Name, got))
		}
	}

	// Deletion protection.
	for _, guard := range []struct {
		name      string
		resources []string
	}{
		{signedOffGuard, []string{"rootcauseanalyses", "lessonsreports"}},
		{closedGuard, []string{"incidents", "improvementactions", "processreviews"}},
	} {
		if vap := b.policy(guard.name); vap == nil {
			p = append(p, "no ValidatingAdmissionPolicy "+guard.name)
		} else {
			p = append(p, checkMatches(vap, guard.resources, []admissionregistrationv1.OperationType{admissionregistrationv1.Delete})...)
		}
	}
	// Keyed on what the operator never clears; a status written before it
	// by both phases of an incident whose RCA is signed off (adding an
	// action takes a Closed incident back to Remediating) and an overdue
	// action.
	if vap := b.policy(closedGuard); vap != nil {
		if !slices.ContainsFunc(vap.Spec.Variables, func(v admissionregistrationv1.Variable) bool {
			return strings.Contains(v.Expression, "oldObject.status.keptAsEvidence")
		}) {
			p = append(p, "ValidatingAdmissionPolicy "+closedGuard+" must protect what status.keptAsEvidence keeps")
		}
		if !slices.ContainsFunc(vap.Spec.Variables, func(v admissionregistrationv1.Variable) bool {
			return strings.Contains(v.Expression, "['Remediating', 'Closed', 'Overdue']")
		}) {
			p = append(p, "ValidatingAdmissionPolicy "+closedGuard+" must protect incidents in phase Remediating and Closed and overdue actions")
		}
	}

	return p
}

// checkSigner checks a policy that lets only signers write: it matches
// creations and updates of the resources and asks RBAC's authorizer for
// the verb sign-off (never group membership).
func checkSigner(b *bundle, name string, resources []string) []string {
	vap := b.policy(name)
	if vap == nil {
		return []string{"no ValidatingAdmissionPolicy " + name}
	}
	owner := "ValidatingAdmissionPolicy " + vap.Name
	p := checkMatches(vap, resources, []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update})
	if !slices.ContainsFunc(vap.Spec.Variables, func(v admissionregistrationv1.Variable) bool {
		return strings.Contains(v.Expression, "authorizer.group('lessons.dspt.io')") && strings.Contains(v.Expression, ".check('sign-off').allowed()")
	}) {
		p = append(p, owner+": no variable checks the verb sign-off with the authorizer: who signs must be RBAC")
	}
	if slices.ContainsFunc(vap.Spec.Variables, func(v admissionregistrationv1.Variable) bool {
		return strings.Contains(v.Expression, "userInfo.groups")
	}) {
		p = append(p, owner+": a variable reads the user's groups: who signs must be RBAC, not group membership")
	}
	return p
}

// checkMatches: the policy matches exactly the given main resources of the
// group (never a subresource such as status, which the manager writes) for
// the given operations.
func checkMatches(vap *admissionregistrationv1.ValidatingAdmissionPolicy, resources []string, ops []admissionregistrationv1.OperationType) []string {
	var p []string
	owner := "ValidatingAdmissionPolicy " + vap.Name
	mc := vap.Spec.MatchConstraints
	if mc == nil || len(mc.ResourceRules) == 0 {
		return []string{owner + " matches nothing"}
	}
	var matched []string
	for _, rule := range mc.ResourceRules {
		if !slices.Equal(rule.APIGroups, []string{lessonsGroup}) {
			p = append(p, fmt.Sprintf("%s matches API groups %v; only %s", owner, rule.APIGroups, lessonsGroup))
		}
		if !slices.Equal(rule.Operations, ops) {
			p = append(p, fmt.Sprintf("%s matches operations %v, want %v", owner, rule.Operations, ops))
		}
		for _, res := range rule.Resources {
			if strings.Contains(res, "/") || strings.Contains(res, "*") {
				p = append(p, fmt.Sprintf("%s matches %s: it must match the main resources only, never status", owner, res))
			}
			matched = append(matched, res)
		}
	}
	slices.Sort(matched)
	want := slices.Sorted(slices.Values(resources))
	if !slices.Equal(matched, want) {
		p = append(p, fmt.Sprintf("%s matches resources %v, want %v", owner, matched, want))
	}
	return p
}

// admissionViolations weaken or unwire the admission policies.
var admissionViolations = []violation{
	{"sign-off policy missing", "default", func(b *bundle) {
		b.policies = slices.DeleteFunc(b.policies, func(p admissionregistrationv1.ValidatingAdmissionPolicy) bool { return p.Name == signOffPolicy })
	}, "no ValidatingAdmissionPolicy " + signOffPolicy},
	{"sign-off policy unbound", "production", func(b *bundle) {
		b.policyBindings = slices.DeleteFunc(b.policyBindings, func(vb admissionregistrationv1.ValidatingAdmissionPolicyBinding) bool {
			return vb.Spec.PolicyName == signOffPolicy
		})
	}, "has no ValidatingAdmissionPolicyBinding"},
	{"binding to a policy not shipped", "default", func(b *bundle) {
		b.policyBindings[0].Spec.PolicyName = "other"
	}, "which is not shipped"},
	{"binding only warns", "default", func(b *bundle) {
		b.policyBinding(signOffPolicy).Spec.ValidationActions = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn}
	}, "must contain Deny"},
	{"policy namespaced", "dev", func(b *bundle) {
		b.policy(closedGuard).Namespace = namespace
	}, "cluster-scoped"},
	{"binding namespaced", "default", func(b *bundle) {
		b.policyBinding(signOffPolicy).Namespace = namespace
	}, "cluster-scoped"},
	{"failure policy Ignore", "default", func(b *bundle) {
		b.policy(signOffPolicy).Spec.FailurePolicy = ptr(admissionregistrationv1.Ignore)
	}, "failurePolicy"},
	{"refusal without a message", "default", func(b *bundle) {
		v := &b.policy(signedOffGuard).Spec.Validations[0]
		v.Message, v.MessageExpression = "", ""
	}, "every refusal must say why"},
	{"sign-off policy without parameters", "default", func(b *bundle) {
		b.policy(signOffPolicy).Spec.ParamKind = nil
	}, "paramKind"},
	{"sign-off policy matches status", "default", func(b *bundle) {
		r := &b.policy(signOffPolicy).Spec.MatchConstraints.ResourceRules[0]
		r.Resources = append(r.Resources, "rootcauseanalyses/status")
	}, "never status"},
	{"sign-off policy misses reports", "default", func(b *bundle) {
		r := &b.policy(signOffPolicy).Spec.MatchConstraints.ResourceRules[0]
		r.Resources = []string{"rootcauseanalyses"}
	}, "want [lessonsreports rootcauseanalyses]"},
	{"sign-off policy misses creation", "default", func(b *bundle) {
		r := &b.policy(signOffPolicy).Spec.MatchConstraints.ResourceRules[0]
		r.Operations = []admissionregistrationv1.OperationType{admissionregistrationv1.Update}
	}, "matches operations"},
	{"paramRef keeps the unprefixed name", "default", func(b *bundle) {
		b.policyBinding(signOffPolicy).Spec.ParamRef.Name = "sign-off"
	}, "paramRef must name ConfigMap"},
	{"paramRef in another namespace", "production", func(b *bundle) {
		b.policyBinding(signOffPolicy).Spec.ParamRef.Namespace = "system"
	}, "paramRef must name ConfigMap"},
	{"missing parameters allow everyone", "default", func(b *bundle) {
		b.policyBinding(signOffPolicy).Spec.ParamRef.ParameterNotFoundAction = ptr(admissionregistrationv1.AllowAction)
	}, "parameterNotFoundAction must be Deny"},
	{"parameter ConfigMap missing", "default", func(b *bundle) {
		b.configMaps = nil
	}, "no ConfigMap " + namespace + "/" + signOffParams},
	{"trusted appliers on by default", "default", func(b *bundle) {
		b.configMap(namespace, signOffParams).Data["trustedAppliers"] = "system:serviceaccount:argocd:argocd-application-controller"
	}, "off by default"},
	{"SIRO group parameter back", "dev", func(b *bundle) {
		b.configMap(namespace, signOffParams).Data["siroGroup"] = "lessons:siro"
	}, "siroGroup"},
	{"sign-off policy without the authorizer", "default", func(b *bundle) {
		vap := b.policy(signOffPolicy)
		for i, v := range vap.Spec.Variables {
			if strings.Contains(v.Expression, "authorizer") {
				vap.Spec.Variables[i].Expression = "'lessons:siro' in request.userInfo.groups"
			}
		}
	}, "who signs must be RBAC"},
	{"incident protection for Closed only", "production", func(b *bundle) {
		vap := b.policy(closedGuard)
		for i, v := range vap.Spec.Variables {
			vap.Spec.Variables[i].Expression = strings.ReplaceAll(v.Expression, "['Remediating', 'Closed', 'Overdue']", "['Closed']")
		}
	}, "Remediating and Closed"},
	{"incident protection by phase alone", "default", func(b *bundle) {
		vap := b.policy(closedGuard)
		vap.Spec.Variables = slices.DeleteFunc(vap.Spec.Variables, func(v admissionregistrationv1.Variable) bool {
			return strings.Contains(v.Expression, "keptAsEvidence")
		})
	}, "status.keptAsEvidence"},
	{"actions unprotected", "default", func(b *bundle) {
		r := &b.policy(closedGuard).Spec.MatchConstraints.ResourceRules[0]
		r.Resources = []string{"incidents"}
	}, "want [improvementactions incidents processreviews]"},
	{"process reviews unprotected", "production", func(b *bundle) {
		r := &b.policy(closedGuard).Spec.MatchConstraints.ResourceRules[0]
		r.Resources = slices.DeleteFunc(r.Resources, func(s string) bool { return s == "processreviews" })
	}, "want [improvementactions incidents processreviews]"},
	{"release policy missing", "production", func(b *bundle) {
		b.policies = slices.DeleteFunc(b.policies, func(p admissionregistrationv1.ValidatingAdmissionPolicy) bool { return p.Name == releasePolicy })
	}, "no ValidatingAdmissionPolicy " + releasePolicy},
	{"release policy misses actions", "default", func(b *bundle) {
		r := &b.policy(releasePolicy).Spec.MatchConstraints.ResourceRules[0]
		r.Resources = slices.DeleteFunc(r.Resources, func(s string) bool { return s == "improvementactions" })
	}, "want [improvementactions incidents lessonsreports processreviews rootcauseanalyses]"},
	{"release policy misses process reviews", "default", func(b *bundle) {
		r := &b.policy(releasePolicy).Spec.MatchConstraints.ResourceRules[0]
		r.Resources = slices.DeleteFunc(r.Resources, func(s string) bool { return s == "processreviews" })
	}, "want [improvementactions incidents lessonsreports processreviews rootcauseanalyses]"},
	{"release policy misses creation", "default", func(b *bundle) {
		r := &b.policy(releasePolicy).Spec.MatchConstraints.ResourceRules[0]
		r.Operations = []admissionregistrationv1.OperationType{admissionregistrationv1.Update}
	}, "matches operations"},
	{"release policy reads parameters", "default", func(b *bundle) {
		b.policy(releasePolicy).Spec.ParamKind = &admissionregistrationv1.ParamKind{APIVersion: "v1", Kind: "ConfigMap"}
	}, "reads parameters"},
	{"release policy without the authorizer", "production", func(b *bundle) {
		vap := b.policy(releasePolicy)
		vap.Spec.Variables = slices.DeleteFunc(vap.Spec.Variables, func(v admissionregistrationv1.Variable) bool {
			return strings.Contains(v.Expression, "check('sign-off')")
		})
	}, "who signs must be RBAC"},
	{"deletion protection of incidents missing", "default", func(b *bundle) {
		b.policies = slices.DeleteFunc(b.policies, func(p admissionregistrationv1.ValidatingAdmissionPolicy) bool { return p.Name == closedGuard })
	}, "no ValidatingAdmissionPolicy " + closedGuard},
	{"deletion protection matches updates", "default", func(b *bundle) {
		r := &b.policy(signedOffGuard).Spec.MatchConstraints.ResourceRules[0]
		r.Operations = append(r.Operations, admissionregistrationv1.Update)
	}, "matches operations"},
	{"deletion protection misses reports", "default", func(b *bundle) {
		r := &b.policy(signedOffGuard).Spec.MatchConstraints.ResourceRules[0]
		r.Resources = []string{"rootcauseanalyses"}
	}, "want [lessonsreports rootcauseanalyses]"},
}
