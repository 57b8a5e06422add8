package config_test

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// checkPodSecurity checks the manager Deployment against the restricted Pod
// Security Standard, which its namespace enforces.
func checkPodSecurity(b *bundle) []string {
	d := b.manager()
	if d == nil {
		return nil // reported by checkManager
	}
	var p []string
	add := func(format string, args ...any) {
		p = append(p, fmt.Sprintf("Deployment %s: ", d.Name)+fmt.Sprintf(format, args...))
	}
	pod := d.Spec.Template.Spec

	// Restricted Pod Security Standard, pod level.
	psc := pod.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	if !isTrue(psc.RunAsNonRoot) {
		add("pod securityContext.runAsNonRoot must be true")
	}
	if psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		add("pod securityContext.seccompProfile.type must be RuntimeDefault")
	}
	if psc.RunAsUser != nil && *psc.RunAsUser == 0 {
		add("pod securityContext.runAsUser must not be 0")
	}
	if pod.HostNetwork || pod.HostPID || pod.HostIPC {
		add("must not share host namespaces (hostNetwork, hostPID, hostIPC)")
	}
	for _, v := range pod.Volumes {
		if v.HostPath != nil {
			add("volume %s must not be a hostPath", v.Name)
		}
	}
	if pod.AutomountServiceAccountToken != nil && !*pod.AutomountServiceAccountToken {
		add("automountServiceAccountToken must be left default: the manager talks to the API server")
	}

	// Restricted Pod Security Standard, every container.
	all := slices.Concat(pod.InitContainers, pod.Containers)
	for _, c := range all {
		cadd := func(format string, args ...any) { add("container %s: "+format, append([]any{c.Name}, args...)...) }
		sc := c.SecurityContext
		if sc == nil {
			cadd("has no securityContext")
			continue
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			cadd("securityContext.allowPrivilegeEscalation must be false")
		}
		if !isTrue(sc.ReadOnlyRootFilesystem) {
			cadd("securityContext.readOnlyRootFilesystem must be true")
		}
		if !isTrue(sc.RunAsNonRoot) {
			cadd("securityContext.runAsNonRoot must be true")
		}
		if sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			cadd("securityContext.runAsUser must not be 0")
		}
		if isTrue(sc.Privileged) {
			cadd("must not be privileged")
		}
		if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
			cadd("securityContext.capabilities.drop must contain ALL")
		}
		if sc.Capabilities != nil && len(sc.Capabilities.Add) > 0 {
			cadd("securityContext.capabilities.add must be empty, got %v", sc.Capabilities.Add)
		}
		if sc.SeccompProfile != nil && sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault &&
			sc.SeccompProfile.Type != corev1.SeccompProfileTypeLocalhost {
			cadd("securityContext.seccompProfile.type must be RuntimeDefault or Localhost, got %s", sc.SeccompProfile.Type)
		}
		for _, port := range c.Ports {
			if port.HostPort != 0 {
				cadd("port %s must not use a hostPort", port.Name)
			}
		}
	}
	return p
}

// podSecurityViolations break the restricted Pod Security Standard.
var podSecurityViolations = []violation{
	{"pod runAsNonRoot removed", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.SecurityContext.RunAsNonRoot = nil
	}, "pod securityContext.runAsNonRoot"},
	{"pod securityContext removed", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.SecurityContext = nil
	}, "pod securityContext.runAsNonRoot"},
	{"pod seccompProfile removed", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.SecurityContext.SeccompProfile = nil
	}, "seccompProfile.type"},
	{"pod seccompProfile unconfined", "production", func(b *bundle) {
		b.manager().Spec.Template.Spec.SecurityContext.SeccompProfile.Type = corev1.SeccompProfileTypeUnconfined
	}, "seccompProfile.type"},
	{"container seccompProfile unconfined", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}
	}, "seccompProfile.type"},
	{"allowPrivilegeEscalation removed", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.AllowPrivilegeEscalation = nil
	}, "allowPrivilegeEscalation"},
	{"allowPrivilegeEscalation true", "dev", func(b *bundle) {
		managerContainer(b).SecurityContext.AllowPrivilegeEscalation = ptr(true)
	}, "allowPrivilegeEscalation"},
	{"readOnlyRootFilesystem false", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.ReadOnlyRootFilesystem = ptr(false)
	}, "readOnlyRootFilesystem"},
	{"capabilities not dropped", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.Capabilities = nil
	}, "capabilities.drop"},
	{"capability added", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.Capabilities.Add = []corev1.Capability{"NET_ADMIN"}
	}, "capabilities.add"},
	{"container runAsNonRoot removed", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.RunAsNonRoot = nil
	}, "container manager: securityContext.runAsNonRoot"},
	{"container securityContext removed", "default", func(b *bundle) {
		managerContainer(b).SecurityContext = nil
	}, "has no securityContext"},
	{"runAsUser root", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.RunAsUser = ptr(int64(0))
	}, "runAsUser"},
	{"privileged", "default", func(b *bundle) {
		managerContainer(b).SecurityContext.Privileged = ptr(true)
	}, "privileged"},
	{"host network", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.HostNetwork = true
	}, "host namespaces"},
	{"hostPath volume", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.Volumes = append(b.manager().Spec.Template.Spec.Volumes, corev1.Volume{
			Name: "host", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}},
		})
	}, "hostPath"},
	{"hostPort", "default", func(b *bundle) {
		managerContainer(b).Ports[0].HostPort = 8443
	}, "hostPort"},
	{"init container not restricted", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox"}}
	}, "container init: has no securityContext"},
	{"service account token disabled", "default", func(b *bundle) {
		b.manager().Spec.Template.Spec.AutomountServiceAccountToken = ptr(false)
	}, "automountServiceAccountToken"},
}
