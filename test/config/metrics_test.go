package config_test

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// checkMetricsService: the metrics Service reaches the manager's metrics
// port, HTTPS where the overlay serves it securely.
func checkMetricsService(b *bundle, want expectation) []string {
	svc := b.service(metricsSvc)
	if svc == nil {
		return []string{"no metrics Service " + metricsSvc}
	}
	var p []string
	d := b.manager()
	if d == nil || len(svc.Spec.Selector) == 0 ||
		!labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
		p = append(p, fmt.Sprintf("metrics Service %s does not select the manager pods", svc.Name))
	}
	name := "http"
	if want.secure {
		name = "https"
	}
	c := managerContainer(b)
	if !slices.ContainsFunc(svc.Spec.Ports, func(sp corev1.ServicePort) bool {
		return sp.Name == name && sp.Port == want.metricsPort && c != nil && portNumber(c, sp.TargetPort) == want.metricsPort
	}) {
		p = append(p, fmt.Sprintf("metrics Service %s must expose port %s %d to the manager's %d, got %v",
			svc.Name, name, want.metricsPort, want.metricsPort, svc.Spec.Ports))
	}
	return p
}

// metricsViolations disconnect the metrics Service.
var metricsViolations = []violation{
	{"metrics service on another port", "default", func(b *bundle) {
		b.service(metricsSvc).Spec.Ports[0].Port = 443
	}, "metrics Service"},
	{"metrics service selects nothing", "default", func(b *bundle) {
		b.service(metricsSvc).Spec.Selector = map[string]string{"app": "other"}
	}, "metrics Service"},
}
