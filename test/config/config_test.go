// Package config_test renders the kustomize trees under config/ and checks
// the deployment contract: every overlay renders, the manager runs under the
// restricted Pod Security Standard, RBAC is least-privilege, the roles for
// people and the admission policies are shipped and wired up, and production
// is highly available. It needs kubectl (for its built-in kustomize) but no
// cluster.
package config_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"
)

const (
	namespace     = "lessons-system"
	prefix        = "lessons-operator-"
	managerName   = prefix + "controller-manager"
	managerRole   = prefix + "manager-role"
	leaderRole    = prefix + "leader-election-role"
	metricsAuth   = prefix + "metrics-auth-role"
	metricsSvc    = prefix + "controller-manager-metrics-service"
	managerImage  = "ghcr.io/dspt-lessons/lessons-operator:latest"
	lessonsGroup  = "lessons.dspt.io"
	containerName = "manager"
	probePort     = 8081

	signOffPolicy  = prefix + "sign-off"
	signOffParams  = prefix + "sign-off" // the ConfigMap
	signedOffGuard = prefix + "signed-off-deletion-protection"
	closedGuard    = prefix + "closed-incident-deletion-protection"
	viewRole       = "lessons-view"
	editRole       = "lessons-edit"
	siroRole       = "lessons-siro"
)

// lessonsResources are the plural resource names of the four kinds.
var lessonsResources = []string{"incidents", "rootcauseanalyses", "improvementactions", "lessonsreports"}

// expectation describes what one kustomize tree must render.
type expectation struct {
	name        string
	dir         string // under config/
	replicas    int32
	metricsPort int32
	secure      bool // HTTPS metrics with authn/authz, else plain HTTP
	devel       bool // development logging
	ha          bool // PodDisruptionBudget and topology spread
}

var overlays = []expectation{
	{name: "default", dir: "default", replicas: 1, metricsPort: 8443, secure: true},
	{name: "production", dir: "overlays/production", replicas: 2, metricsPort: 8443, secure: true, ha: true},
	{name: "dev", dir: "overlays/dev", replicas: 1, metricsPort: 8080, devel: true},
}

// TestOverlaysRender renders each tree and checks it against its expectation.
func TestOverlaysRender(t *testing.T) {
	for _, want := range overlays {
		t.Run(want.name, func(t *testing.T) {
			b := renderBundle(t, want.dir)
			for _, p := range checkAll(b, want) {
				t.Error(p)
			}
		})
	}
}

// TestChecksCatchViolations proves that every check can fail: it breaks one
// thing at a time in a correctly rendered tree and expects the checks to name
// the problem.
func TestChecksCatchViolations(t *testing.T) {
	byName := map[string]expectation{}
	for _, o := range overlays {
		byName[o.name] = o
	}
	cases := []struct {
		name    string
		overlay string
		mutate  func(b *bundle)
		want    string // a substring of the expected problem
	}{
		{"pod runAsNonRoot removed", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.SecurityContext.RunAsNonRoot = nil
		}, "pod securityContext.runAsNonRoot"},
		{"pod securityContext removed", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.SecurityContext = nil
		}, "pod securityContext.runAsNonRoot"},
		{"pod seccompProfile removed", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.SecurityContext.SeccompProfile = nil
		}, "seccompProfile.type"},
		{"pod seccompProfile unconfined", "production", func(b *bundle) {
			b.manager().Spec.Template.Spec.SecurityContext.SeccompProfile.Type = corev1.SeccompProfileTypeUnconfined
		}, "seccompProfile.type"},
		{"container seccompProfile unconfined", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}
		}, "seccompProfile.type"},
		{"allowPrivilegeEscalation removed", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.AllowPrivilegeEscalation = nil
		}, "allowPrivilegeEscalation"},
		{"allowPrivilegeEscalation true", "dev", func(b *bundle) {
			managerContainer(b).SecurityContext.AllowPrivilegeEscalation = ptr(true)
		}, "allowPrivilegeEscalation"},
		{"readOnlyRootFilesystem false", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.ReadOnlyRootFilesystem = ptr(false)
		}, "readOnlyRootFilesystem"},
		{"capabilities not dropped", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.Capabilities = nil
		}, "capabilities.drop"},
		{"capability added", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.Capabilities.Add = []corev1.Capability{"NET_ADMIN"}
		}, "capabilities.add"},
		{"container runAsNonRoot removed", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.RunAsNonRoot = nil
		}, "container manager: securityContext.runAsNonRoot"},
		{"container securityContext removed", "default", func(b *bundle) {
			managerContainer(b).SecurityContext = nil
		}, "has no securityContext"},
		{"runAsUser root", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.RunAsUser = ptr(int64(0))
		}, "runAsUser"},
		{"privileged", "default", func(b *bundle) {
			managerContainer(b).SecurityContext.Privileged = ptr(true)
		}, "privileged"},
		{"host network", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.HostNetwork = true
		}, "host namespaces"},
		{"hostPath volume", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.Volumes = append(b.manager().Spec.Template.Spec.Volumes, corev1.Volume{
				Name: "host", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}},
			})
		}, "hostPath"},
		{"hostPort", "default", func(b *bundle) {
			managerContainer(b).Ports[0].HostPort = 8443
		}, "hostPort"},
		{"init container not restricted", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox"}}
		}, "container init: has no securityContext"},
		{"service account token disabled", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.AutomountServiceAccountToken = ptr(false)
		}, "automountServiceAccountToken"},
		{"terminationGracePeriodSeconds changed", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.TerminationGracePeriodSeconds = ptr(int64(30))
		}, "terminationGracePeriodSeconds"},
		{"image not rewritten", "default", func(b *bundle) {
			managerContainer(b).Image = "controller:latest"
		}, "image"},
		{"command changed", "default", func(b *bundle) {
			managerContainer(b).Command = []string{"/bin/sh"}
		}, "command"},
		{"liveness probe path changed", "default", func(b *bundle) {
			managerContainer(b).LivenessProbe.HTTPGet.Path = "/"
		}, "livenessProbe"},
		{"readiness probe removed", "default", func(b *bundle) {
			managerContainer(b).ReadinessProbe = nil
		}, "readinessProbe"},
		{"probe on another port", "default", func(b *bundle) {
			managerContainer(b).LivenessProbe.HTTPGet.Port = intstr.FromInt32(8080)
		}, "livenessProbe"},
		{"limits removed", "default", func(b *bundle) {
			managerContainer(b).Resources.Limits = nil
		}, "resources.limits.cpu"},
		{"memory request changed", "default", func(b *bundle) {
			managerContainer(b).Resources.Requests[corev1.ResourceMemory] = resource.MustParse("1Gi")
		}, "resources.requests.memory"},
		{"GOMEMLIMIT removed", "production", func(b *bundle) {
			managerContainer(b).Env = nil
		}, "GOMEMLIMIT"},
		{"GOMEMLIMIT at the container's limit", "default", func(b *bundle) {
			managerContainer(b).Env[0].Value = "512MiB"
		}, "GOMEMLIMIT"},
		{"GOMEMLIMIT in the API's syntax", "default", func(b *bundle) {
			managerContainer(b).Env[0].Value = "460Mi"
		}, "GOMEMLIMIT"},
		{"leader election off", "production", func(b *bundle) {
			c := managerContainer(b)
			c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--leader-elect" })
		}, "--leader-elect"},
		{"graceful shutdown outlasts the grace period", "default", func(b *bundle) {
			c := managerContainer(b)
			c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return strings.HasPrefix(a, "--graceful-shutdown-timeout=") })
		}, "--graceful-shutdown-timeout"},
		{"grace period shorter than shutdown", "dev", func(b *bundle) {
			b.manager().Spec.Template.Spec.TerminationGracePeriodSeconds = ptr(int64(5))
		}, "--graceful-shutdown-timeout"},
		{"pod labels do not match selector", "default", func(b *bundle) {
			b.manager().Spec.Template.Labels = map[string]string{"app": "other"}
		}, "selector does not match"},
		{"service account missing", "default", func(b *bundle) {
			b.manager().Spec.Template.Spec.ServiceAccountName = "default"
		}, "serviceAccountName"},
		{"manager deployment missing", "default", func(b *bundle) {
			b.deployments = nil
		}, "no Deployment"},
		{"namespace not restricted", "default", func(b *bundle) {
			delete(b.namespaces[0].Labels, "pod-security.kubernetes.io/enforce")
		}, "pod-security.kubernetes.io/enforce"},
		{"object outside the namespace", "production", func(b *bundle) {
			b.serviceAccounts[0].Namespace = "default"
		}, "outside " + namespace},
		{"CRD missing", "default", func(b *bundle) {
			b.crds = b.crds[1:]
		}, "CustomResourceDefinition"},
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
		{"metrics service on another port", "default", func(b *bundle) {
			b.service(metricsSvc).Spec.Ports[0].Port = 443
		}, "metrics Service"},
		{"metrics service selects nothing", "default", func(b *bundle) {
			b.service(metricsSvc).Spec.Selector = map[string]string{"app": "other"}
		}, "metrics Service"},
		{"metrics not secure", "production", func(b *bundle) {
			c := managerContainer(b)
			c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--metrics-secure" })
		}, "--metrics-secure"},
		{"dev without development logging", "dev", func(b *bundle) {
			c := managerContainer(b)
			c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--zap-devel" })
		}, "--zap-devel"},
		{"dev metrics still secure", "dev", func(b *bundle) {
			c := managerContainer(b)
			c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--metrics-secure=false" })
		}, "--metrics-secure=false"},
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
		// Roles for people.
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
		{"SIRO role deletes", "default", func(b *bundle) {
			r := b.clusterRole(siroRole)
			r.Rules[len(r.Rules)-1].Verbs = append(r.Rules[len(r.Rules)-1].Verbs, "delete")
		}, "grants delete"},
		{"SIRO role edits incidents", "default", func(b *bundle) {
			r := b.clusterRole(siroRole)
			r.Rules[len(r.Rules)-1].Resources = append(r.Rules[len(r.Rules)-1].Resources, "incidents")
		}, "lets a SIRO change incidents"},

		// Admission policies.
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
		{"SIRO group changed", "dev", func(b *bundle) {
			b.configMap(namespace, signOffParams).Data["siroGroup"] = "system:authenticated"
		}, "siroGroup"},
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
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := byName[tc.overlay]
			b := renderBundle(t, want.dir)
			if problems := checkAll(b, want); len(problems) > 0 {
				t.Fatalf("the unmodified %s tree already fails: %v", tc.overlay, problems)
			}
			tc.mutate(b)
			problems := checkAll(b, want)
			for _, p := range problems {
				if strings.Contains(p, tc.want) {
					return
				}
			}
			t.Errorf("no problem mentioning %q was reported; got %q", tc.want, problems)
		})
	}
}

// ---- rendering and decoding ----

var (
	renderMu    sync.Mutex
	renderCache = map[string][]byte{}
)

// render runs `kubectl kustomize` on config/<dir> and returns its output,
// rendering each tree once per test binary.
func render(t *testing.T, dir string) []byte {
	t.Helper()
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not on PATH; it is needed to render the kustomize trees")
	}
	renderMu.Lock()
	defer renderMu.Unlock()
	if out, ok := renderCache[dir]; ok {
		return out
	}
	cmd := exec.Command(kubectl, "kustomize", filepath.Join("..", "..", "config", filepath.FromSlash(dir)))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("config/%s does not render: %v\n%s", dir, err, stderr.String())
	}
	renderCache[dir] = out
	return out
}

// object is one rendered document.
type object struct {
	apiVersion, kind, name, namespace string
	json                              []byte
}

func (o object) String() string {
	if o.namespace == "" {
		return o.kind + " " + o.name
	}
	return o.kind + " " + o.namespace + "/" + o.name
}

// decode splits multi-document YAML and converts each document to JSON.
func decode(out []byte) ([]object, error) {
	var objs []object
	for i, doc := range strings.Split("\n"+string(out), "\n---\n") {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		js, err := yaml.YAMLToJSON([]byte(doc))
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		var meta metav1.PartialObjectMetadata
		if err := json.Unmarshal(js, &meta); err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		if meta.APIVersion == "" || meta.Kind == "" || meta.Name == "" {
			return nil, fmt.Errorf("document %d has no apiVersion, kind or metadata.name:\n%s", i, doc)
		}
		objs = append(objs, object{apiVersion: meta.APIVersion, kind: meta.Kind, name: meta.Name, namespace: meta.Namespace, json: js})
	}
	return objs, nil
}

// strict decodes JSON into a typed object, refusing unknown fields, so that a
// misspelt field (which Kubernetes would silently drop) fails the test.
func strict(js []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}

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

// ---- checks: each returns the problems it found, empty when all is well ----

func checkAll(b *bundle, want expectation) []string {
	var p []string
	p = append(p, checkNamespace(b)...)
	p = append(p, checkCRDs(b)...)
	p = append(p, checkManager(b, want)...)
	p = append(p, checkRBAC(b)...)
	p = append(p, checkUserRoles(b)...)
	p = append(p, checkAdmission(b)...)
	p = append(p, checkMetricsService(b, want)...)
	p = append(p, checkAvailability(b, want)...)
	return p
}

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

func checkCRDs(b *bundle) []string {
	var p []string
	for _, r := range lessonsResources {
		if !slices.Contains(b.crds, r+"."+lessonsGroup) {
			p = append(p, fmt.Sprintf("no CustomResourceDefinition %s.%s", r, lessonsGroup))
		}
	}
	return p
}

// checkManager checks the manager Deployment: the restricted Pod Security
// Standard, and what the manager needs to run.
func checkManager(b *bundle, want expectation) []string {
	d := b.manager()
	if d == nil {
		return []string{"no Deployment " + managerName}
	}
	var p []string
	add := func(format string, args ...any) {
		p = append(p, fmt.Sprintf("Deployment %s: ", d.Name)+fmt.Sprintf(format, args...))
	}
	pod := d.Spec.Template.Spec

	// Restricted Pod Security Standard, pod level.
	psc := pod.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	if !isTrue(psc.RunAsNonRoot) {
		add("pod securityContext.runAsNonRoot must be true")
	}
	if psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		add("pod securityContext.seccompProfile.type must be RuntimeDefault")
	}
	if psc.RunAsUser != nil && *psc.RunAsUser == 0 {
		add("pod securityContext.runAsUser must not be 0")
	}
	if pod.HostNetwork || pod.HostPID || pod.HostIPC {
		add("must not share host namespaces (hostNetwork, hostPID, hostIPC)")
	}
	for _, v := range pod.Volumes {
		if v.HostPath != nil {
			add("volume %s must not be a hostPath", v.Name)
		}
	}
	if pod.AutomountServiceAccountToken != nil && !*pod.AutomountServiceAccountToken {
		add("automountServiceAccountToken must be left default: the manager talks to the API server")
	}
	if pod.TerminationGracePeriodSeconds == nil || *pod.TerminationGracePeriodSeconds != 10 {
		add("terminationGracePeriodSeconds must be 10, got %v", deref(pod.TerminationGracePeriodSeconds))
	}

	// Restricted Pod Security Standard, every container.
	all := slices.Concat(pod.InitContainers, pod.Containers)
	for _, c := range all {
		cadd := func(format string, args ...any) { add("container %s: "+format, append([]any{c.Name}, args...)...) }
		sc := c.SecurityContext
		if sc == nil {
			cadd("has no securityContext")
			continue
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			cadd("securityContext.allowPrivilegeEscalation must be false")
		}
		if !isTrue(sc.ReadOnlyRootFilesystem) {
			cadd("securityContext.readOnlyRootFilesystem must be true")
		}
		if !isTrue(sc.RunAsNonRoot) {
			cadd("securityContext.runAsNonRoot must be true")
		}
		if sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			cadd("securityContext.runAsUser must not be 0")
		}
		if isTrue(sc.Privileged) {
			cadd("must not be privileged")
		}
		if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
			cadd("securityContext.capabilities.drop must contain ALL")
		}
		if sc.Capabilities != nil && len(sc.Capabilities.Add) > 0 {
			cadd("securityContext.capabilities.add must be empty, got %v", sc.Capabilities.Add)
		}
		if sc.SeccompProfile != nil && sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault &&
			sc.SeccompProfile.Type != corev1.SeccompProfileTypeLocalhost {
			cadd("securityContext.seccompProfile.type must be RuntimeDefault or Localhost, got %s", sc.SeccompProfile.Type)
		}
		for _, port := range c.Ports {
			if port.HostPort != 0 {
				cadd("port %s must not use a hostPort", port.Name)
			}
		}
	}

	// What the manager needs.
	if d.Spec.Selector == nil || len(d.Spec.Selector.MatchLabels) == 0 {
		add("has no selector")
	} else if !selects(d.Spec.Selector, d.Spec.Template.Labels) {
		add("selector does not match the pod template labels")
	}
	if pod.ServiceAccountName != managerName {
		add("serviceAccountName must be %s, got %q", managerName, pod.ServiceAccountName)
	} else if !slices.ContainsFunc(b.serviceAccounts, func(sa corev1.ServiceAccount) bool { return sa.Name == managerName }) {
		add("serviceAccountName %s has no ServiceAccount", managerName)
	}
	c := managerContainer(b)
	if c == nil {
		add("no container %s", containerName)
		return p
	}
	if c.Image != managerImage {
		add("container image must be %s, got %s", managerImage, c.Image)
	}
	if !slices.Equal(c.Command, []string{"/manager"}) {
		add("container command must be [/manager], got %v", c.Command)
	}
	wantArgs := []string{"--leader-elect", fmt.Sprintf("--health-probe-bind-address=:%d", probePort),
		fmt.Sprintf("--metrics-bind-address=:%d", want.metricsPort)}
	if want.secure {
		wantArgs = append(wantArgs, "--metrics-secure")
	} else {
		wantArgs = append(wantArgs, "--metrics-secure=false")
	}
	if want.devel {
		wantArgs = append(wantArgs, "--zap-devel")
	}
	for _, a := range wantArgs {
		if !slices.Contains(c.Args, a) {
			add("container args must contain %s, got %v", a, c.Args)
		}
	}
	if grace := deref(pod.TerminationGracePeriodSeconds); !shutsDownWithin(c.Args, time.Duration(grace)*time.Second) {
		add("container args must set --graceful-shutdown-timeout below terminationGracePeriodSeconds (%ds), got %v", grace, c.Args)
	}
	if !want.devel && slices.Contains(c.Args, "--zap-devel") {
		add("container args must not contain --zap-devel outside dev")
	}
	probe := func(name string, pr *corev1.Probe, path string) {
		if pr == nil || pr.HTTPGet == nil {
			add("%s must be an HTTP GET of %s on %d", name, path, probePort)
			return
		}
		if pr.HTTPGet.Path != path || portNumber(c, pr.HTTPGet.Port) != probePort {
			add("%s must be an HTTP GET of %s on %d, got %s on %s", name, path, probePort, pr.HTTPGet.Path, pr.HTTPGet.Port.String())
		}
	}
	probe("livenessProbe", c.LivenessProbe, "/healthz")
	probe("readinessProbe", c.ReadinessProbe, "/readyz")
	for _, r := range []struct {
		list corev1.ResourceList
		kind string
		name corev1.ResourceName
		want string
	}{
		{c.Resources.Requests, "requests", corev1.ResourceCPU, "10m"},
		{c.Resources.Requests, "requests", corev1.ResourceMemory, "128Mi"},
		{c.Resources.Limits, "limits", corev1.ResourceCPU, "500m"},
		{c.Resources.Limits, "limits", corev1.ResourceMemory, "512Mi"},
	} {
		got, ok := r.list[r.name]
		if !ok || got.Cmp(resource.MustParse(r.want)) != 0 {
			add("container resources.%s.%s must be %s, got %s", r.kind, r.name, r.want, got.String())
		}
	}
	if problem := checkMemoryLimit(c); problem != "" {
		add("%s", problem)
	}
	return p
}

// checkMemoryLimit checks that GOMEMLIMIT (Go's syntax, e.g. 460MiB) keeps
// the heap between 80% and 95% of the container's memory limit: above, the
// binary and stacks push the container over it; below, memory is wasted.
func checkMemoryLimit(c *corev1.Container) string {
	i := slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "GOMEMLIMIT" })
	if i < 0 {
		return "container env must set GOMEMLIMIT"
	}
	goLimit, err := resource.ParseQuantity(strings.TrimSuffix(c.Env[i].Value, "B"))
	if err != nil || !strings.HasSuffix(c.Env[i].Value, "iB") {
		return fmt.Sprintf("GOMEMLIMIT %q is not a size in Go's syntax, such as 460MiB", c.Env[i].Value)
	}
	limit := c.Resources.Limits[corev1.ResourceMemory]
	if ratio := float64(goLimit.Value()) / float64(limit.Value()); ratio < 0.8 || ratio > 0.95 {
		return fmt.Sprintf("GOMEMLIMIT %s is %.0f%% of resources.limits.memory %s, want 80%% to 95%%", c.Env[i].Value, 100*ratio, limit.String())
	}
	return ""
}

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

	var leader *rbacv1.Role
	for i := range b.roles {
		if b.roles[i].Name == leaderRole {
			leader = &b.roles[i]
		}
	}
	if leader == nil {
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

// checkManagerRole: the manager reads the four kinds and writes only their
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
	return p
}

// checkUserRoles checks the roles for people: lessons-view and lessons-edit
// aggregate into the built-in roles, lessons-siro stands alone and signs
// off, and none grants status (the operator's) or anything outside the group.
func checkUserRoles(b *bundle) []string {
	var p []string
	read := []string{"get", "list", "watch"}
	write := []string{"create", "update", "patch", "delete"}
	roles := []struct {
		name       string
		aggregate  []string            // aggregation labels it must carry
		grants     map[string][]string // resource -> verbs it must grant
		onlyVerbs  []string            // every verb it may grant
		signOffRes []string            // resources it must be able to sign off (update and patch)
	}{
		{viewRole, []string{"view"}, allOf(lessonsResources, read), read, nil},
		{editRole, []string{"edit", "admin"}, allOf(lessonsResources, slices.Concat(read, write)),
			slices.Concat(read, write, []string{"deletecollection"}), nil},
		{siroRole, nil, allOf(lessonsResources, read), slices.Concat(read, []string{"update", "patch"}),
			[]string{"rootcauseanalyses", "lessonsreports"}},
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
			for _, v := range []string{"update", "patch"} {
				if !allows(r.Rules, lessonsGroup, res, v) {
					p = append(p, fmt.Sprintf("%s cannot %s %s: a SIRO signs off with it", owner, v, res))
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
			if want.signOffRes != nil && slices.ContainsFunc(rule.Verbs, func(v string) bool { return v == "update" || v == "patch" }) {
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

	// Who may sign off.
	if vap := b.policy(signOffPolicy); vap == nil {
		p = append(p, "no ValidatingAdmissionPolicy "+signOffPolicy)
	} else {
		owner := "ValidatingAdmissionPolicy " + vap.Name
		if pk := vap.Spec.ParamKind; pk == nil || pk.APIVersion != "v1" || pk.Kind != "ConfigMap" {
			p = append(p, fmt.Sprintf("%s: paramKind must be v1 ConfigMap, got %v", owner, pk))
		}
		p = append(p, checkMatches(vap, []string{"rootcauseanalyses", "lessonsreports"},
			[]admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update})...)
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
	if cm := b.configMap(namespace, signOffParams); cm == nil {
		p = append(p, fmt.Sprintf("no ConfigMap %s/%s with the sign-off policy's parameters", namespace, signOffParams))
	} else {
		if got := cm.Data["siroGroup"]; got != "lessons:siro" {
			p = append(p, fmt.Sprintf("ConfigMap %s: siroGroup must default to lessons:siro, got %q", cm.Name, got))
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
		{closedGuard, []string{"incidents"}},
	} {
		if vap := b.policy(guard.name); vap == nil {
			p = append(p, "no ValidatingAdmissionPolicy "+guard.name)
		} else {
			p = append(p, checkMatches(vap, guard.resources, []admissionregistrationv1.OperationType{admissionregistrationv1.Delete})...)
		}
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

func checkMetricsService(b *bundle, want expectation) []string {
	svc := b.service(metricsSvc)
	if svc == nil {
		return []string{"no metrics Service " + metricsSvc}
	}
	var p []string
	d := b.manager()
	if d == nil || len(svc.Spec.Selector) == 0 ||
		!labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
		p = append(p, fmt.Sprintf("metrics Service %s does not select the manager pods", svc.Name))
	}
	name := "http"
	if want.secure {
		name = "https"
	}
	c := managerContainer(b)
	if !slices.ContainsFunc(svc.Spec.Ports, func(sp corev1.ServicePort) bool {
		return sp.Name == name && sp.Port == want.metricsPort && c != nil && portNumber(c, sp.TargetPort) == want.metricsPort
	}) {
		p = append(p, fmt.Sprintf("metrics Service %s must expose port %s %d to the manager's %d, got %v",
			svc.Name, name, want.metricsPort, want.metricsPort, svc.Spec.Ports))
	}
	return p
}

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

// ---- helpers ----

// allows reports whether some rule grants verb on resource in group.
func allows(rules []rbacv1.PolicyRule, group, res, verb string) bool {
	return slices.ContainsFunc(rules, func(r rbacv1.PolicyRule) bool {
		return slices.Contains(r.APIGroups, group) && slices.Contains(r.Resources, res) && slices.Contains(r.Verbs, verb)
	})
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

// shutsDownWithin reports whether --graceful-shutdown-timeout is set and
// shorter than grace, so that the manager stops (and releases its leader
// lease) before the kubelet kills it. The manager's default is longer.
func shutsDownWithin(args []string, grace time.Duration) bool {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--graceful-shutdown-timeout="); ok {
			d, err := time.ParseDuration(v)
			return err == nil && d > 0 && d < grace
		}
	}
	return false
}

func isTrue(b *bool) bool { return b != nil && *b }

func deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}

func ptr[T any](v T) *T { return &v }
