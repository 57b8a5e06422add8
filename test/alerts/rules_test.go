// Package alerts tests the shipped alerting: the Prometheus rules with
// promtool's unit tests, and the Alertmanager example's routing with amtool.
package alerts

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

var config = filepath.Join("..", "..", "config")

// tool finds a Debian prometheus or prometheus-alertmanager binary; `make
// test` installs them, so a missing one is a failure, not a skip.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: run `make test` (it installs it) or `apt-get install %s`", name, pkg)
	}
	return path
}

// run runs a tool and fails the test with its output when it fails.
func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

// ruleFile writes the PrometheusRule's groups as a plain rule file, the
// form promtool reads, into dir, and returns the alerts' names.
func ruleFile(t *testing.T, dir string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(config, "prometheus", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var rule struct {
		Spec struct {
			Groups []map[string]any `json:"groups"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(raw, &rule); err != nil {
		t.Fatalf("rules.yaml: %v", err)
	}
	plain, err := yaml.Marshal(map[string]any{"groups": rule.Spec.Groups})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), plain, 0o644); err != nil {
		t.Fatal(err)
	}
	var alerts []string
	for _, m := range regexp.MustCompile(`(?m)^\s*- alert: (\S+)`).FindAllStringSubmatch(string(raw), -1) {
		alerts = append(alerts, m[1])
	}
	return alerts
}

// TestRules checks the rules and runs their unit tests, and asks that
// every alert be tested.
func TestRules(t *testing.T) {
	promtool := tool(t, "promtool", "prometheus")
	dir := t.TempDir()
	alerts := ruleFile(t, dir)
	run(t, dir, promtool, "check", "rules", "rules.yaml")

	tests, err := filepath.Glob(filepath.Join(config, "prometheus", "tests", "*.yaml"))
	if err != nil || len(tests) == 0 {
		t.Fatalf("no promtool tests found under config/prometheus/tests (%v)", err)
	}
	var names []string
	var all strings.Builder
	for _, f := range tests {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(raw)
		// The tests name rules.yaml, so they run next to the plain copy.
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(f))
	}
	run(t, dir, promtool, append([]string{"test", "rules"}, names...)...)
	for _, a := range alerts {
		if !strings.Contains(all.String(), "alertname: "+a+"\n") {
			t.Errorf("alert %s has no promtool test under config/prometheus/tests", a)
		}
	}
}

// TestAlertmanagerRoutesByOwner checks the example configuration and where
// it sends each kind of owner.
func TestAlertmanagerRoutesByOwner(t *testing.T) {
	amtool := tool(t, "amtool", "prometheus-alertmanager")
	file := filepath.Join(config, "alertmanager", "alertmanager.yaml")
	run(t, ".", amtool, "check-config", file)
	for _, c := range []struct {
		labels   []string
		receiver string
	}{
		{[]string{"alertname=LessonsImprovementActionOverdue", "owner=ig-lead@trust.example"}, "owner-email"},
		{[]string{"alertname=LessonsImprovementActionOverdue", "owner=team:infrastructure"}, "team"},
		{[]string{"alertname=LessonsSIRONotNotified", "owner=siro@trust.example"}, "owner-email"},
		{[]string{"alertname=LessonsExternalReportOverdue", "owner=ig-lead@trust.example"}, "owner-email"},
		{[]string{"alertname=LessonsExternalReportOverdue", "owner=team:cyber-security"}, "team"},
		{[]string{"alertname=LessonsObjectUnreadable", "namespace=trust"}, "service-desk"},
		{[]string{"alertname=LessonsRCAOverdue", "owner=someone"}, "service-desk"},
	} {
		run(t, ".", amtool, append([]string{"config", "routes", "test", "--config.file=" + file, "--verify.receivers=" + c.receiver}, c.labels...)...)
	}
}
