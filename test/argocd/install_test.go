package argocd_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// stockArgoCDCM is argocd-cm as Argo CD's install manifests create it.
const stockArgoCDCM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
  labels:
    app.kubernetes.io/name: argocd-cm
    app.kubernetes.io/part-of: argocd
`

// usersArgoCDCM is an argocd-cm a user keeps in a file of their own.
const usersArgoCDCM = stockArgoCDCM + `data:
  url: https://argocd.example.nhs.uk
  resource.customizations.health.cert-manager.io_Certificate: |
    hs = {}
    hs.status = "Healthy"
    return hs
`

// TestInstallOnARunningArgoCD runs the commands README.md gives against a
// real API server: the five health checks arrive in argocd-cm, and the keys
// it already had stay, also when the user's own manifests are applied again
// afterwards.
func TestInstallOnARunningArgoCD(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not on PATH")
	}
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		t.Skip("KUBEBUILDER_ASSETS is not set: `make test` sets it")
	}
	env, err := testenv.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Error(err)
		}
	})
	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := env.WriteAdminKubeconfig(kubeconfig); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(kubectl, append([]string{"--kubeconfig", kubeconfig}, args...)...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return stdout.Bytes()
	}
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	stock := write("stock.yaml", stockArgoCDCM)
	users := write("users.yaml", usersArgoCDCM)
	rendered := write("lessons-health.yaml", string(testenv.KustomizeT(t, testenv.ConfigDir("argocd"))))
	argocdDir := testenv.ConfigDir("argocd")
	data := func(t *testing.T) map[string]string {
		t.Helper()
		var cm corev1.ConfigMap
		if err := json.Unmarshal(run(t, "get", "--namespace", "argocd", "configmap", "argocd-cm", "--output", "json"), &cm); err != nil {
			t.Fatal(err)
		}
		return cm.Data
	}
	run(t, "create", "namespace", "argocd")

	t.Run("merge patch over an argocd-cm kept with kubectl apply", func(t *testing.T) {
		run(t, "delete", "--namespace", "argocd", "configmap", "argocd-cm", "--ignore-not-found")
		run(t, "apply", "--filename", users)
		run(t, "patch", "--namespace", "argocd", "configmap", "argocd-cm", "--type", "merge", "--patch-file", rendered)
		check := func(step string) {
			d := data(t)
			if d["url"] == "" || d["resource.customizations.health.cert-manager.io_Certificate"] == "" || len(d) != 2+len(scripts) {
				t.Errorf("%s: keys %v, want the user's two and the five health checks", step, keysOf(d))
			}
			wantHealthKeys(t, d)
		}
		check("after the patch")
		run(t, "apply", "--filename", users)
		check("after the user applies their file again")
	})

	t.Run("kubectl apply -k over a stock install edited by hand", func(t *testing.T) {
		run(t, "delete", "--namespace", "argocd", "configmap", "argocd-cm", "--ignore-not-found")
		run(t, "apply", "--filename", stock)
		run(t, "patch", "--namespace", "argocd", "configmap", "argocd-cm", "--type", "merge", "--patch", `{"data":{"url":"https://argocd.example.nhs.uk"}}`)
		run(t, "apply", "--kustomize", argocdDir)
		d := data(t)
		if d["url"] == "" || len(d) != 1+len(scripts) {
			t.Errorf("keys %v, want the hand-set url and the five health checks", keysOf(d))
		}
		wantHealthKeys(t, d)
	})
}

func keysOf(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
