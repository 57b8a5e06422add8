package config_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// chartDir is the Helm chart, kept in step with config/default.
var chartDir = filepath.Join(testenv.RepoRoot(), "charts", "lessons-operator")

// helm runs the pinned Helm that `make helm` builds into bin/.
func helm(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := testenv.Helm(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// renderChart renders the chart as release lessons-operator in
// lessons-system, the names and namespace config/default uses.
func renderChart(t *testing.T, set ...string) []object {
	t.Helper()
	args := []string{"template", "lessons-operator", chartDir, "--namespace", namespace, "--kube-version", "1.36.0"}
	for _, s := range set {
		args = append(args, "--set", s)
	}
	objs, err := decode(helm(t, args...))
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func TestHelmLint(t *testing.T) {
	helm(t, "lint", chartDir, "--strict")
}

// The chart with its default values installs what config/default installs,
// object by object, apart from labels and annotations (Helm's own), the
// image tag (the chart's appVersion) and the Namespace (helm install
// --create-namespace makes it).
func TestChartMatchesKustomize(t *testing.T) {
	for _, d := range chartDrift(t, renderChart(t)) {
		t.Error(d)
	}
}

// A change of values that config/default does not have is caught.
func TestChartDriftIsCaught(t *testing.T) {
	for _, set := range []string{"leaderElection.enabled=false", "trustedAppliers={system:serviceaccount:argocd:x}", "podDisruptionBudget.enabled=true"} {
		if len(chartDrift(t, renderChart(t, set))) == 0 {
			t.Errorf("--set %s: no difference from config/default reported", set)
		}
	}
}

// chartDrift lists how chart objects differ from config/default's.
func chartDrift(t *testing.T, chart []object) []string {
	t.Helper()
	kust, err := decode(render(t, "default"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]any{}
	for _, o := range kust {
		if o.kind != "Namespace" {
			want[o.String()] = normalised(t, o, managerImage)
		}
	}
	var drift []string
	appVersion := chartAppVersion(t)
	for _, o := range chart {
		w, ok := want[o.String()]
		if !ok {
			drift = append(drift, o.String()+": not in config/default")
			continue
		}
		delete(want, o.String())
		if got := normalised(t, o, "ghcr.io/dspt-lessons/lessons-operator:"+appVersion); !reflect.DeepEqual(got, w) {
			g, _ := yaml.Marshal(got)
			ww, _ := yaml.Marshal(w)
			drift = append(drift, fmt.Sprintf("%s differs:\nchart:\n%s\nconfig/default:\n%s", o, g, ww))
		}
	}
	var missing []string
	for k := range want {
		missing = append(missing, k+": in config/default, not in the chart")
	}
	sort.Strings(missing)
	return append(drift, missing...)
}

// normalised is an object without labels and annotations, with the
// manager's image, if it is image, written as "IMAGE".
func normalised(t *testing.T, o object, image string) map[string]any {
	t.Helper()
	js := strings.ReplaceAll(string(o.json), `"image":"`+image+`"`, `"image":"IMAGE"`)
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatal(err)
	}
	meta, _ := m["metadata"].(map[string]any)
	delete(meta, "labels")
	delete(meta, "annotations")
	return m
}

func chartAppVersion(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		AppVersion string `json:"appVersion"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil || c.AppVersion == "" {
		t.Fatalf("Chart.yaml has no appVersion: %v", err)
	}
	return c.AppVersion
}

// helm template knows no cluster: without --kube-version it fails with a
// message that says to pass one, rather than Helm's own about a version
// the user never gave.
func TestHelmTemplateWithoutAClusterSaysToPassTheVersion(t *testing.T) {
	_, err := testenv.Helm("template", "lessons-operator", chartDir)
	if err == nil {
		t.Fatal("rendered without a Kubernetes version, which would hide that 1.30 is needed")
	}
	for _, want := range []string{"needs Kubernetes 1.30 or later", "--kube-version"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q:\n%v", want, err)
		}
	}
	if _, err := testenv.Helm("template", "lessons-operator", chartDir, "--kube-version", "1.29.0"); err == nil {
		t.Error("rendered for Kubernetes 1.29, which has no ValidatingAdmissionPolicy v1")
	}
}
