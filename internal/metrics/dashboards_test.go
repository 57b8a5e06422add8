package metrics

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/monitoring"
)

var metricName = regexp.MustCompile(`lessons_[a-z_]+`)

// exposed lists the metric names the collector serves.
func exposed() map[string]bool {
	ch := make(chan *prometheus.Desc, 32)
	(&Collector{}).Describe(ch)
	close(ch)
	names := map[string]bool{}
	for d := range ch {
		names[regexp.MustCompile(`fqName: "([a-z_]+)"`).FindStringSubmatch(d.String())[1]] = true
	}
	return names
}

// TestAlertsAndDashboardUseServedMetrics keeps the shipped alerts and
// dashboard in step with the metrics the manager serves.
func TestAlertsAndDashboardUseServedMetrics(t *testing.T) {
	served := exposed()
	if len(served) != 21 {
		t.Fatalf("want 21 gauges, the collector describes %v", served)
	}
	root := filepath.Join("..", "..", "config")
	rules, err := os.ReadFile(filepath.Join(root, "prometheus", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var rule struct {
		Spec struct {
			Groups []struct {
				Rules []struct {
					Alert string `json:"alert"`
					Expr  string `json:"expr"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(rules, &rule); err != nil {
		t.Fatalf("rules.yaml: %v", err)
	}
	var exprs []string
	for _, g := range rule.Spec.Groups {
		for _, r := range g.Rules {
			exprs = append(exprs, r.Expr)
		}
	}
	if len(exprs) < 2 {
		t.Fatalf("want the overdue-action and SIRO alerts at least, found %d rules", len(exprs))
	}

	panels, err := monitoring.DashboardPanels()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range panels {
		for _, target := range p.Targets {
			exprs = append(exprs, target.Expr)
		}
	}
	used := map[string]bool{}
	for _, e := range exprs {
		names := metricName.FindAllString(e, -1)
		if len(names) == 0 {
			t.Errorf("expression %q uses none of the operator's metrics", e)
		}
		for _, n := range names {
			used[n] = true
			if !served[n] {
				t.Errorf("expression %q uses %s, which the manager does not serve", e, n)
			}
		}
	}
	for n := range served {
		if !used[n] {
			t.Errorf("%s is served but neither alerted on nor shown on the dashboard", n)
		}
	}
}
