package monitoring

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Panel is one panel of the shipped Grafana dashboard, with the PromQL of
// its queries.
type Panel struct {
	Title   string `json:"title"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
}

// DashboardPanels reads the panels of the shipped Grafana dashboard
// (config/grafana/lessons-dashboard.json).
func DashboardPanels() ([]Panel, error) {
	raw, err := os.ReadFile(configFile("grafana", "lessons-dashboard.json"))
	if err != nil {
		return nil, err
	}
	var dash struct {
		Panels []Panel `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		return nil, fmt.Errorf("config/grafana/lessons-dashboard.json: %w", err)
	}
	return dash.Panels, nil
}

// DashboardQuery is the query of the shipped Grafana dashboard's panel
// titled title, with the dashboard's $namespace variable set to namespace,
// for Prometheus to answer as Grafana would ask.
func DashboardQuery(title, namespace string) (string, error) {
	panels, err := DashboardPanels()
	if err != nil {
		return "", err
	}
	for _, p := range panels {
		if p.Title == title && len(p.Targets) == 1 {
			return strings.ReplaceAll(p.Targets[0].Expr, "$namespace", namespace), nil
		}
	}
	return "", fmt.Errorf("config/grafana/lessons-dashboard.json has no panel %q with one query", title)
}
