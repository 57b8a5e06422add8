package monitoring

import (
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/yaml"
)

// RuleFileName is the name WriteRuleFile gives the rule file; the promtool
// tests under config/prometheus/tests name it.
const RuleFileName = "rules.yaml"

// WriteRuleFile writes the groups of the shipped PrometheusRule
// (config/prometheus/rules.yaml) as a plain rule file, the form promtool
// and Prometheus read, into dir. With shortFor set, every rule's `for:` is
// that instead, so an end-to-end test sees alerts fire in seconds; the
// expressions, labels and annotations stay the shipped ones. It returns
// the file's path and the alerts' names.
func WriteRuleFile(dir, shortFor string) (path string, alerts []string, err error) {
	raw, err := os.ReadFile(configFile("prometheus", "rules.yaml"))
	if err != nil {
		return "", nil, err
	}
	var rule struct {
		Spec struct {
			Groups []map[string]any `json:"groups"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(raw, &rule); err != nil {
		return "", nil, fmt.Errorf("config/prometheus/rules.yaml: %w", err)
	}
	for _, g := range rule.Spec.Groups {
		rules, _ := g["rules"].([]any)
		for _, r := range rules {
			r, ok := r.(map[string]any)
			if !ok {
				return "", nil, fmt.Errorf("config/prometheus/rules.yaml: a rule of group %v is not a mapping", g["name"])
			}
			if name, ok := r["alert"].(string); ok {
				alerts = append(alerts, name)
			}
			if _, has := r["for"]; has && shortFor != "" {
				r["for"] = shortFor
			}
		}
	}
	plain, err := yaml.Marshal(map[string]any{"groups": rule.Spec.Groups})
	if err != nil {
		return "", nil, err
	}
	path = filepath.Join(dir, RuleFileName)
	return path, alerts, os.WriteFile(path, plain, 0o644)
}
