package monitoring

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// Timing is how long Alertmanager waits before it notifies a group, sends
// its changes, and reminds; the shipped minutes and hours made seconds.
type Timing struct {
	GroupWait, GroupInterval, RepeatInterval time.Duration
}

// TestAlertmanagerConfig is the shipped example configuration
// (config/alertmanager/alertmanager.yaml) with its routes, matchers and
// inhibition rules unchanged, every receiver's e-mail or webhook configs
// replaced by one webhook to webhookBase + "/" + the receiver's name (with
// the shipped send_resolved), and the route tree's timings replaced by t.
// The path tells which receiver the route chose.
func TestAlertmanagerConfig(webhookBase string, t Timing) ([]byte, error) {
	raw, err := os.ReadFile(configFile("alertmanager", "alertmanager.yaml"))
	if err != nil {
		return nil, err
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("config/alertmanager/alertmanager.yaml: %w", err)
	}
	receivers, _ := cfg["receivers"].([]any)
	if len(receivers) == 0 {
		return nil, fmt.Errorf("config/alertmanager/alertmanager.yaml has no receivers")
	}
	for _, r := range receivers {
		r, ok := r.(map[string]any)
		name, _ := r["name"].(string)
		if !ok || name == "" {
			return nil, fmt.Errorf("config/alertmanager/alertmanager.yaml: a receiver has no name")
		}
		sendResolved := false
		for key, v := range r {
			if !strings.HasSuffix(key, "_configs") {
				continue
			}
			for _, c := range asList(v) {
				if c, ok := c.(map[string]any); ok && c["send_resolved"] == true {
					sendResolved = true
				}
			}
			delete(r, key)
		}
		r["webhook_configs"] = []any{map[string]any{
			"url":           webhookBase + "/" + url.PathEscape(name),
			"send_resolved": sendResolved,
		}}
	}
	route, ok := cfg["route"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("config/alertmanager/alertmanager.yaml has no route")
	}
	retime(route, t)
	return yaml.Marshal(cfg)
}

// retime sets the timings on the route and on every child route that
// sets its own.
func retime(route map[string]any, t Timing) {
	for key, d := range map[string]time.Duration{"group_wait": t.GroupWait, "group_interval": t.GroupInterval, "repeat_interval": t.RepeatInterval} {
		if _, has := route[key]; has {
			route[key] = d.String()
		}
	}
	for _, child := range asList(route["routes"]) {
		if child, ok := child.(map[string]any); ok {
			retime(child, t)
		}
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }
