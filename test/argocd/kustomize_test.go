package argocd_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// keyPrefix is how Argo CD names a health check in argocd-cm:
// resource.customizations.health.<group>_<kind>.
const keyPrefix = "resource.customizations.health.lessons.dspt.io_"

// configMaps decodes rendered YAML, failing on anything but ConfigMaps.
func configMaps(t *testing.T, rendered []byte) []corev1.ConfigMap {
	t.Helper()
	var out []corev1.ConfigMap
	for _, doc := range strings.Split(string(rendered), "\n---\n") {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var cm corev1.ConfigMap
		if err := yaml.UnmarshalStrict([]byte(doc), &cm); err != nil {
			t.Fatalf("%v in\n%s", err, doc)
		}
		if cm.APIVersion != "v1" || cm.Kind != "ConfigMap" {
			t.Fatalf("rendered %s %s, want only ConfigMaps", cm.APIVersion, cm.Kind)
		}
		out = append(out, cm)
	}
	return out
}

// wantHealthKeys checks that data holds one key per kind whose value is
// exactly that kind's script.
func wantHealthKeys(t *testing.T, data map[string]string) {
	t.Helper()
	for kind := range scripts {
		key := keyPrefix + kind
		got, ok := data[key]
		if !ok {
			t.Errorf("no key %s", key)
			continue
		}
		if want := readScript(t, kind); got != want {
			t.Errorf("%s does not hold %s as it is on disk", key, scripts[kind])
		}
	}
}

// TestArgoCDConfigMap renders config/argocd: one argocd-cm in namespace
// argocd, labelled as Argo CD's, carrying exactly the five health checks.
func TestArgoCDConfigMap(t *testing.T) {
	cms := configMaps(t, testenv.KustomizeT(t, testenv.ConfigDir("argocd")))
	if len(cms) != 1 {
		t.Fatalf("rendered %d ConfigMaps, want 1", len(cms))
	}
	cm := cms[0]
	if cm.Name != "argocd-cm" || cm.Namespace != "argocd" {
		t.Errorf("rendered %s/%s, want argocd/argocd-cm", cm.Namespace, cm.Name)
	}
	if got := cm.Labels["app.kubernetes.io/part-of"]; got != "argocd" {
		t.Errorf("label app.kubernetes.io/part-of is %q, want argocd", got)
	}
	var keys []string
	for k := range cm.Data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{keyPrefix + "ImprovementAction", keyPrefix + "Incident", keyPrefix + "LessonsReport", keyPrefix + "ProcessReview", keyPrefix + "RootCauseAnalysis"}
	if !slices.Equal(keys, want) {
		t.Errorf("data keys are %v, want exactly %v", keys, want)
	}
	if len(cm.BinaryData) != 0 {
		t.Errorf("binaryData is %v, want none", cm.BinaryData)
	}
	wantHealthKeys(t, cm.Data)
}

// TestComponentMergesIntoAnInstall includes the health component in a
// kustomization that installs Argo CD, as a user who manages Argo CD with
// kustomize would: the five keys join argocd-cm and its own keys stay.
func TestComponentMergesIntoAnInstall(t *testing.T) {
	component, err := filepath.Abs(testenv.ConfigDir("argocd/health"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// kustomize takes components by relative path only.
	component, err = filepath.Rel(dir, component)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"install.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  labels:
    app.kubernetes.io/name: argocd-cm
    app.kubernetes.io/part-of: argocd
data:
  url: https://argocd.example.nhs.uk
  resource.customizations.health.cert-manager.io_Certificate: |
    hs = {}
    hs.status = "Healthy"
    return hs
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-rbac-cm
`,
		"kustomization.yaml": `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: argocd
resources:
- install.yaml
components:
- ` + filepath.ToSlash(component) + "\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cms := configMaps(t, testenv.KustomizeT(t, dir))
	var argocdCM []corev1.ConfigMap
	for _, cm := range cms {
		if cm.Name == "argocd-cm" {
			argocdCM = append(argocdCM, cm)
		}
	}
	if len(cms) != 2 || len(argocdCM) != 1 {
		t.Fatalf("rendered %d ConfigMaps, %d of them argocd-cm; want argocd-cm merged into the install's", len(cms), len(argocdCM))
	}
	data := argocdCM[0].Data
	if data["url"] != "https://argocd.example.nhs.uk" || data["resource.customizations.health.cert-manager.io_Certificate"] == "" {
		t.Errorf("the install's own keys were lost: %v", data)
	}
	if len(data) != 2+len(scripts) {
		t.Errorf("argocd-cm has %d keys, want the install's 2 and the %d health checks", len(data), len(scripts))
	}
	wantHealthKeys(t, data)
}
