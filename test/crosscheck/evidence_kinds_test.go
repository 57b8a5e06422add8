package crosscheck_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The kinds are read from the generated CRDs, so that a kind added later
// is held to the same rules without anyone listing it: whatever keeps
// evidence in status.keptAsEvidence is protected from deletion by the
// policy keyed on it, every kind kept as evidence can be released for
// deletion by a signer, and the shipped roles reach every kind.

// crds reads the generated CRDs.
func crds(t *testing.T) []apiextensionsv1.CustomResourceDefinition {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testenv.RepoRoot(), "config", "crd", "bases", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRDs: %v", err)
	}
	var out []apiextensionsv1.CustomResourceDefinition
	for _, f := range files {
		var crd apiextensionsv1.CustomResourceDefinition
		readYAML(t, f, &crd)
		out = append(out, crd)
	}
	return out
}

// readYAML reads the first document of file into v.
func readYAML(t *testing.T, file string, v any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// policies reads the ValidatingAdmissionPolicies of a file of config/admission.
func policies(t *testing.T, file string) map[string]admissionregistrationv1.ValidatingAdmissionPolicy {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "config", "admission", file))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]admissionregistrationv1.ValidatingAdmissionPolicy{}
	for _, doc := range bytes.Split(data, []byte("\n---\n")) {
		var p admissionregistrationv1.ValidatingAdmissionPolicy
		if err := yaml.Unmarshal(doc, &p); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if p.Kind == "ValidatingAdmissionPolicy" {
			out[p.Name] = p
		}
	}
	return out
}

// matched lists the resources a policy matches.
func matched(p admissionregistrationv1.ValidatingAdmissionPolicy) []string {
	var out []string
	for _, r := range p.Spec.MatchConstraints.ResourceRules {
		out = append(out, r.Resources...)
	}
	return out
}

// keepsEvidence tells whether a CRD's status has keptAsEvidence, and
// whether its spec can be signed off.
func keepsEvidence(crd apiextensionsv1.CustomResourceDefinition) (kept, signed bool) {
	root := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
	_, kept = root.Properties["status"].Properties["keptAsEvidence"]
	_, signed = root.Properties["spec"].Properties["signOff"]
	return kept, signed
}

func TestEveryKindKeptAsEvidenceIsProtectedAndReleasable(t *testing.T) {
	guard := policies(t, "deletion_protection_policy.yaml")
	keyed, ok := guard["closed-incident-deletion-protection"]
	if !ok {
		t.Fatal("no policy closed-incident-deletion-protection")
	}
	signedGuard, ok := guard["signed-off-deletion-protection"]
	if !ok {
		t.Fatal("no policy signed-off-deletion-protection")
	}
	release, ok := policies(t, "release_for_deletion_policy.yaml")["release-for-deletion"]
	if !ok {
		t.Fatal("no policy release-for-deletion")
	}
	evidenceKinds := 0
	for _, crd := range crds(t) {
		plural := crd.Spec.Names.Plural
		kept, signed := keepsEvidence(crd)
		if kept {
			evidenceKinds++
			if !slices.Contains(matched(keyed), plural) {
				t.Errorf("%s keeps status.keptAsEvidence, but closed-incident-deletion-protection does not match %s", crd.Spec.Names.Kind, plural)
			}
		}
		if signed && !slices.Contains(matched(signedGuard), plural) {
			t.Errorf("%s can be signed off, but signed-off-deletion-protection does not match %s", crd.Spec.Names.Kind, plural)
		}
		if (kept || signed) && !slices.Contains(matched(release), plural) {
			t.Errorf("%s is kept as evidence, but release-for-deletion does not match %s: a release could be set by anyone", crd.Spec.Names.Kind, plural)
		}
	}
	// Incident, ImprovementAction and ProcessReview at least.
	if evidenceKinds < 3 {
		t.Errorf("%d kinds keep status.keptAsEvidence, want at least 3", evidenceKinds)
	}
}

func TestTheRolesReachEveryKind(t *testing.T) {
	for _, c := range []struct {
		file  string
		verbs []string
	}{
		{"lessons_view_role.yaml", []string{"get", "list", "watch"}},
		{"lessons_edit_role.yaml", []string{"get", "list", "watch", "create", "update", "patch", "delete"}},
		// A SIRO reads everything and may release any record for deletion.
		{"lessons_siro_role.yaml", []string{"get", "list", "watch", "update", "patch", "sign-off"}},
	} {
		var role rbacv1.ClusterRole
		readYAML(t, filepath.Join(testenv.RepoRoot(), "config", "rbac", c.file), &role)
		for _, crd := range crds(t) {
			for _, verb := range c.verbs {
				granted := slices.ContainsFunc(role.Rules, func(r rbacv1.PolicyRule) bool {
					return slices.Contains(r.APIGroups, crd.Spec.Group) && slices.Contains(r.Resources, crd.Spec.Names.Plural) && slices.Contains(r.Verbs, verb)
				})
				if !granted {
					t.Errorf("ClusterRole %s does not grant %s on %s", role.Name, verb, crd.Spec.Names.Plural)
				}
			}
		}
	}
}
