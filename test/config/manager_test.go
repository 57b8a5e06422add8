package config_test

import (
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// checkManager checks what the manager Deployment needs to run: its
// service account, image, flags, probes, resources and shutdown.
func checkManager(b *bundle, want expectation) []string {
	d := b.manager()
	if d == nil {
		return []string{"no Deployment " + managerName}
	}
	var p []string
	add := func(format string, args ...any) {
		p = append(p, fmt.Sprintf("Deployment %s: ", d.Name)+fmt.Sprintf(format, args...))
	}
	pod := d.Spec.Template.Spec
	if pod.TerminationGracePeriodSeconds == nil || *pod.TerminationGracePeriodSeconds != 10 {
		add("terminationGracePeriodSeconds must be 10, got %v", deref(pod.TerminationGracePeriodSeconds))
	}

	// What the manager needs.
	if d.Spec.Selector == nil || len(d.Spec.Selector.MatchLabels) == 0 {
		add("has no selector")
	} else if !selects(d.Spec.Selector, d.Spec.Template.Labels) {
		add("selector does not match the pod template labels")
	}
	if pod.ServiceAccountName != managerName {
		add("serviceAccountName must be %s, got %q", managerName, pod.ServiceAccountName)
	} else if !slices.ContainsFunc(b.serviceAccounts, func(sa corev1.ServiceAccount) bool { return sa.Name == managerName }) {
		add("serviceAccountName %s has no ServiceAccount", managerName)
	}
	c := managerContainer(b)
	if c == nil {
		add("no container %s", containerName)
		return p
	}
	if c.Image != managerImage {
		add("container image must be %s, got %s", managerImage, c.Image)
	}
	if !slices.Equal(c.Command, []string{"/manager"}) {
		add("container command must be [/manager], got %v", c.Command)
	}
	wantArgs := []string{"--leader-elect", fmt.Sprintf("--health-probe-bind-address=:%d", probePort),
		fmt.Sprintf("--metrics-bind-address=:%d", want.metricsPort)}
	if want.secure {
		wantArgs = append(wantArgs, "--metrics-secure")
	} else {
		wantArgs = append(wantArgs, "--metrics-secure=false")
	}
	if want.devel {
		wantArgs = append(wantArgs, "--zap-devel")
	}
	for _, a := range wantArgs {
		if !slices.Contains(c.Args, a) {
			add("container args must contain %s, got %v", a, c.Args)
		}
	}
	if grace := deref(pod.TerminationGracePeriodSeconds); !shutsDownWithin(c.Args, time.Duration(grace)*time.Second) {
		add("container args must set --graceful-shutdown-timeout below terminationGracePeriodSeconds (%ds), got %v", grace, c.Args)
	}
	if !want.devel && slices.Contains(c.Args, "--zap-devel") {
		add("container args must not contain --zap-devel outside dev")
	}
	probe := func(name string, pr *corev1.Probe, path string) {
		if pr == nil || pr.HTTPGet == nil {
			add("%s must be an HTTP GET of %s on %d", name, path, probePort)
			return
		}
		if pr.HTTPGet.Path != path || portNumber(c, pr.HTTPGet.Port) != probePort {
			add("%s must be an HTTP GET of %s on %d, got %s on %s", name, path, probePort, pr.HTTPGet.Path, pr.HTTPGet.Port.String())
		}
	}
	probe("livenessProbe", c.LivenessProbe, "/healthz")
	probe("readinessProbe", c.ReadinessProbe, "/readyz")
	for _, r := range []struct {
		list corev1.ResourceList
		kind string
		name corev1.ResourceName
		want string
	}{
		{c.Resources.Requests, "requests", corev1.ResourceCPU, "10m"},
		{c.Resources.Requests, "requests", corev1.ResourceMemory, "128Mi"},
		{c.Resources.Limits, "limits", corev1.ResourceCPU, "500m"},
		{c.Resources.Limits, "limits", corev1.ResourceMemory, "512Mi"},
	} {
		got, ok := r.list[r.name]
		if !ok || got.Cmp(resource.MustParse(r.want)) != 0 {
			add("container resources.%s.%s must be %s, got %s", r.kind, r.name, r.want, got.String())
		}
	}
	if problem := checkMemoryLimit(c); problem != "" {
		add("%s", problem)
	}
	return p
}

// checkMemoryLimit checks that GOMEMLIMIT (Go's syntax, e.g. 460MiB) keeps
// the heap between 80% and 95% of the container's memory limit: above, the
// binary and stacks push the container over it; below, memory is wasted.
func checkMemoryLimit(c *corev1.Container) string {
	i := slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "GOMEMLIMIT" })
	if i < 0 {
		return "container env must set GOMEMLIMIT"
	}
	goLimit, err := resource.ParseQuantity(strings.TrimSuffix(c.Env[i].Value, "B"))
	if err != nil || !strings.HasSuffix(c.Env[i].Value, "iB") {
		return fmt.Sprintf("GOMEMLIMIT %q is not a size in Go's syntax, such as 460MiB", c.Env[i].Value)
	}
	limit := c.Resources.Limits[corev1.ResourceMemory]
	if ratio := float64(goLimit.Value()) / float64(limit.Value()); ratio < 0.8 || ratio > 0.95 {
		return fmt.Sprintf("GOMEMLIMIT %s is %.0f%% of resources.limits.memory %s, want 80%% to 95%%", c.Env[i].Value, 100*ratio, limit.String())
	}
	return ""
}

// shutsDownWithin reports whether --graceful-shutdown-timeout is set and
// shorter than grace, so that the manager stops (and releases its leader
// lease) before the kubelet kills it. The manager's default is longer.
func shutsDownWithin(args []string, grace time.Duration) bool {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--graceful-shutdown-timeout="); ok {
			d, err := time.ParseDuration(v)
			return err == nil && d > 0 && d < grace
		}
	}
	return false
}

// managerViolations break what the manager needs, or the flags of an overlay.
var managerViolations = []violation{
	{"terminationGracePeriodSeconds changed", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.TerminationGracePeriodSeconds = ptr(int64(30))
	}, "terminationGracePeriodSeconds"},
	{"image not rewritten", "default", func(b *bundle) {
		managerContainer(b).Image = "controller:latest"
	}, "image"},
	{"command changed", "default", func(b *bundle) {
		managerContainer(b).Command = []string{"/bin/sh"}
	}, "command"},
	{"liveness probe path changed", "default", func(b *bundle) {
		managerContainer(b).LivenessProbe.HTTPGet.Path = "/"
	}, "livenessProbe"},
	{"readiness probe removed", "default", func(b *bundle) {
		managerContainer(b).ReadinessProbe = nil
	}, "readinessProbe"},
	{"probe on another port", "default", func(b *bundle) {
		managerContainer(b).LivenessProbe.HTTPGet.Port = intstr.FromInt32(8080)
	}, "livenessProbe"},
	{"limits removed", "default", func(b *bundle) {
		managerContainer(b).Resources.Limits = nil
	}, "resources.limits.cpu"},
	{"memory request changed", "default", func(b *bundle) {
		managerContainer(b).Resources.Requests[corev1.ResourceMemory] = resource.MustParse("1Gi")
	}, "resources.requests.memory"},
	{"GOMEMLIMIT removed", "production", func(b *bundle) {
		managerContainer(b).Env = nil
	}, "GOMEMLIMIT"},
	{"GOMEMLIMIT at the container's limit", "default", func(b *bundle) {
		managerContainer(b).Env[0].Value = "512MiB"
	}, "GOMEMLIMIT"},
	{"GOMEMLIMIT in the API's syntax", "default", func(b *bundle) {
		managerContainer(b).Env[0].Value = "460Mi"
	}, "GOMEMLIMIT"},
	{"leader election off", "production", func(b *bundle) {
		c := managerContainer(b)
		c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--leader-elect" })
	}, "--leader-elect"},
	{"graceful shutdown outlasts the grace period", "default", func(b *bundle) {
		c := managerContainer(b)
		c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return strings.HasPrefix(a, "--graceful-shutdown-timeout=") })
	}, "--graceful-shutdown-timeout"},
	{"grace period shorter than shutdown", "dev", func(b *bundle) {
		b.manager().Spec.Template.Spec.TerminationGracePeriodSeconds = ptr(int64(5))
	}, "--graceful-shutdown-timeout"},
	{"pod labels do not match selector", "default", func(b *bundle) {
		b.manager().Spec.Template.Labels = map[string]string{"app": "other"}
	}, "selector does not match"},
	{"service account missing", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.ServiceAccountName = "default"
	}, "serviceAccountName"},
	{"manager deployment missing", "default", func(b *bundle) {
		b.deployments = nil
	}, "no Deployment"},
	{"metrics not secure", "production", func(b *bundle) {
		c := managerContainer(b)
		c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--metrics-secure" })
	}, "--metrics-secure"},
	{"dev without development logging", "dev", func(b *bundle) {
		c := managerContainer(b)
		c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--zap-devel" })
	}, "--zap-devel"},
	{"dev metrics still secure", "dev", func(b *bundle) {
		c := managerContainer(b)
		c.Args = slices.DeleteFunc(c.Args, func(a string) bool { return a == "--metrics-secure=false" })
	}, "--metrics-secure=false"},
}
