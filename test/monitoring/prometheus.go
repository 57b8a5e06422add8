package monitoring

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"sigs.k8s.io/yaml"
)

// PrometheusOptions say what Prometheus scrapes, evaluates and notifies.
type PrometheusOptions struct {
	// Dir holds its configuration, the rule file and its data.
	Dir string
	// Target is the metrics endpoint scraped over plain HTTP, host:port.
	Target string
	// RuleFile is a rule file, as WriteRuleFile writes it.
	RuleFile string
	// Alertmanager is where alerts go, host:port.
	Alertmanager string
	// Interval is both the scrape and the evaluation interval.
	Interval time.Duration
	// Echo, when set, also receives its output.
	Echo io.Writer
}

// Prometheus is a running Prometheus.
type Prometheus struct{ *Server }

// StartPrometheus runs Debian's Prometheus on a free local port. Firing
// alerts are sent again every Interval rather than every minute, so a
// test that misses none does not wait.
func StartPrometheus(o PrometheusOptions) (*Prometheus, error) {
	bin, err := Binary("prometheus", "prometheus")
	if err != nil {
		return nil, err
	}
	interval := o.Interval.String()
	config, err := yaml.Marshal(map[string]any{
		"global":     map[string]any{"scrape_interval": interval, "evaluation_interval": interval},
		"rule_files": []string{o.RuleFile},
		"alerting": map[string]any{"alertmanagers": []any{
			map[string]any{"static_configs": []any{map[string]any{"targets": []string{o.Alertmanager}}}},
		}},
		"scrape_configs": []any{map[string]any{
			"job_name":       "lessons-operator",
			"static_configs": []any{map[string]any{"targets": []string{o.Target}}},
		}},
	})
	if err != nil {
		return nil, err
	}
	file := filepath.Join(o.Dir, "prometheus.yaml")
	if err := os.WriteFile(file, config, 0o600); err != nil {
		return nil, err
	}
	s, err := start("prometheus", bin, o.Dir, o.Echo,
		"--config.file="+file,
		"--storage.tsdb.path="+filepath.Join(o.Dir, "prometheus-data"),
		"--rules.alert.resend-delay="+interval,
	)
	if err != nil {
		return nil, err
	}
	return &Prometheus{s}, nil
}

// Sample is one series of an instant query's answer.
type Sample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

// Query runs an instant query and returns its series.
func (p *Prometheus) Query(expr string) ([]Sample, error) {
	var answer struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string   `json:"resultType"`
			Result     []Sample `json:"result"`
		} `json:"data"`
	}
	if err := p.get("/api/v1/query?query="+url.QueryEscape(expr), &answer); err != nil {
		return nil, err
	}
	if answer.Status != "success" || answer.Data.ResultType != "vector" {
		return nil, fmt.Errorf("query %s: %s %s (%s)", expr, answer.Status, answer.Error, answer.Data.ResultType)
	}
	return answer.Data.Result, nil
}

// ActiveAlert is an alert Prometheus holds, pending or firing.
type ActiveAlert struct {
	State       string            `json:"state"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

// Alerts are the alerts pending or firing now.
func (p *Prometheus) Alerts() ([]ActiveAlert, error) {
	var answer struct {
		Data struct {
			Alerts []ActiveAlert `json:"alerts"`
		} `json:"data"`
	}
	return answer.Data.Alerts, p.get("/api/v1/alerts", &answer)
}

func (p *Prometheus) get(path string, into any) error {
	resp, err := http.Get(p.URL() + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: %s\n%s", path, resp.Status, body)
	}
	return json.NewDecoder(resp.Body).Decode(into)
}
