package monitoring

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// DashboardQuery is the query of the shipped Grafana dashboard's panel
// titled title (config/grafana/lessons-dashboard.json), with the
// dashboard's $namespace variable set to namespace, for Prometheus to
// answer as Grafana would ask.
func DashboardQuery(title, namespace string) (string, error) {
	raw, err := os.ReadFile(configFile("grafana", "lessons-dashboard.json"))
	if err != nil {
		return "", err
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		return "", fmt.Errorf("config/grafana/lessons-dashboard.json: %w", err)
	}
	for _, p := range dash.Panels {
		if p.Title == title && len(p.Targets) == 1 {
			return strings.ReplaceAll(p.Targets[0].Expr, "$namespace", namespace), nil
		}
	}
	return "", fmt.Errorf("config/grafana/lessons-dashboard.json has no panel %q with one query", title)
}
