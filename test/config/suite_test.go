// Package config_test renders the kustomize trees under config/ and checks
// the deployment contract: every overlay renders, the manager runs under the
// restricted Pod Security Standard, RBAC is least-privilege, the roles for
// people and the admission policies are shipped and wired up, and production
// is highly available. It needs kubectl (for its built-in kustomize) but no
// cluster.
package config_test

import (
	"slices"
	"strings"
	"testing"
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
	releasePolicy  = prefix + "release-for-deletion"
	viewRole       = "lessons-view"
	editRole       = "lessons-edit"
	siroRole       = "lessons-siro"
)

// lessonsResources are the plural resource names of the five kinds.
var lessonsResources = []string{"incidents", "rootcauseanalyses", "improvementactions", "lessonsreports", "processreviews"}

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

// violation breaks one thing in a correctly rendered tree.
type violation struct {
	name    string
	overlay string
	mutate  func(b *bundle)
	want    string // a substring of the problem the checks must report
}

// TestChecksCatchViolations proves that every check can fail: it breaks one
// thing at a time in a correctly rendered tree and expects the checks to name
// the problem.
func TestChecksCatchViolations(t *testing.T) {
	byName := map[string]expectation{}
	for _, o := range overlays {
		byName[o.name] = o
	}
	cases := slices.Concat(namespaceViolations, podSecurityViolations, managerViolations, rbacViolations,
		roleViolations, admissionViolations, metricsViolations, availabilityViolations)
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

// checkAll runs every check on a rendered tree; each check returns the
// problems it found, none when all is well.
func checkAll(b *bundle, want expectation) []string {
	var p []string
	p = append(p, checkNamespace(b)...)
	p = append(p, checkCRDs(b)...)
	p = append(p, checkPodSecurity(b)...)
	p = append(p, checkManager(b, want)...)
	p = append(p, checkRBAC(b)...)
	p = append(p, checkUserRoles(b)...)
	p = append(p, checkAdmission(b)...)
	p = append(p, checkMetricsService(b, want)...)
	p = append(p, checkAvailability(b, want)...)
	return p
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
