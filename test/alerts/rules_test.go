// Package alerts tests the shipped alerting: the Prometheus rules with
// promtool's unit tests, and the Alertmanager example's routing with amtool.
package alerts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/monitoring"
)

var config = filepath.Join("..", "..", "config")

// tool finds a Debian prometheus or prometheus-alertmanager binary; `make
// test` installs them, so a missing one is a failure, not a skip.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := monitoring.Binary(name, pkg)
	if err != nil {
		t.Fatal(err)
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

// TestRules checks the rules and runs their unit tests, and asks that
// every alert be tested.
func TestRules(t *testing.T) {
	promtool := tool(t, "promtool", "prometheus")
	dir := t.TempDir()
	_, alerts, err := monitoring.WriteRuleFile(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	run(t, dir, promtool, "check", "rules", monitoring.RuleFileName)

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
	checkRoutes(t, filepath.Join(config, "alertmanager", "alertmanager.yaml"))
}

// The end-to-end alerting suite runs Alertmanager with the example's
// receivers made webhooks: it must route as the example does.
func TestAlertmanagerTestConfigKeepsTheRoutes(t *testing.T) {
	derived, err := monitoring.TestAlertmanagerConfig("http://127.0.0.1:1", monitoring.Timing{GroupWait: time.Second, GroupInterval: time.Second, RepeatInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "alertmanager.yaml")
	if err := os.WriteFile(file, derived, 0o600); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(derived), "email_configs") {
		t.Errorf("the test configuration still sends e-mail:\n%s", derived)
	}
	checkRoutes(t, file)
}

// checkRoutes checks an Alertmanager configuration and where it sends each
// kind of owner.
func checkRoutes(t *testing.T, file string) {
	t.Helper()
	amtool := tool(t, "amtool", "prometheus-alertmanager")
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
