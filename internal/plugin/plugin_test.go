package plugin

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		h := newHarness(t)
		if code := h.run(args...); code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		if out := h.stdout.String(); !strings.Contains(out, "Usage:\n  kubectl lessons <command>") || !strings.Contains(out, "  report ") {
			t.Errorf("%v: help = %q", args, out)
		}
	}
	for _, args := range [][]string{{"help", "report"}, {"report", "-h"}, {"report", "fy", "--help"}} {
		h := newHarness(t)
		if code := h.run(args...); code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		out := h.stdout.String()
		for _, want := range []string{"kubectl lessons report NAME [-n NAMESPACE] [--format markdown|html] [-o FILE]", "-n, --namespace NAMESPACE", "-o, --output FILE", "--kubeconfig FILE"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: help lacks %q:\n%s", args, want, out)
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Usage:\n  kubectl lessons <command>"},
		{[]string{"frob"}, `error: unknown command "frob"`},
		{[]string{"help", "frob"}, `error: unknown command "frob"`},
		{[]string{"report"}, "error: the name of a LessonsReport is required\nUsage: kubectl lessons report NAME"},
		{[]string{"report", "a", "b"}, "error: one LessonsReport at a time, got 2 names: a b"},
		{[]string{"report", "a", "--format", "pdf"}, `error: unknown --format "pdf": use markdown or html`},
		{[]string{"report", "a", "--colour"}, "error: flag provided but not defined: -colour"},
	} {
		h := newHarness(t)
		if code := h.run(tc.args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.Contains(h.stderr.String(), tc.want) {
			t.Errorf("%v: stderr = %q, want it to contain %q", tc.args, h.stderr.String(), tc.want)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	ns := fs.String("n", "", "")
	got, err := parseInterspersed(fs, []string{"a", "-n", "x", "b", "--", "-n", "c"})
	if err != nil || *ns != "x" || !reflect.DeepEqual(got, []string{"a", "b", "-n", "c"}) {
		t.Errorf("got %v, n=%q, err %v", got, *ns, err)
	}
}

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:6443"}
users:
- name: u
  user: {token: t}
contexts:
- name: trust
  context: {cluster: c, user: u, namespace: northshire-trust}
- name: bare
  context: {cluster: c, user: u}
current-context: trust
`

func TestResolveHonoursKubeconfigAndContextNamespace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(kubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBECONFIG", path)
	for _, tc := range []struct {
		flags KubeFlags
		ns    string
	}{
		{KubeFlags{}, "northshire-trust"},
		{KubeFlags{Namespace: "other"}, "other"},
		{KubeFlags{Context: "bare"}, "default"},
		{KubeFlags{Kubeconfig: path, Context: "trust"}, "northshire-trust"},
	} {
		cfg, ns, err := resolve(tc.flags)
		if err != nil {
			t.Fatalf("%+v: %v", tc.flags, err)
		}
		if ns != tc.ns || cfg.Host != "https://127.0.0.1:6443" {
			t.Errorf("%+v: namespace %q host %q, want %q", tc.flags, ns, cfg.Host, tc.ns)
		}
	}
	if _, _, err := resolve(KubeFlags{Context: "missing"}); err == nil {
		t.Error("an unknown context must be an error")
	}
	t.Setenv("KUBECONFIG", filepath.Join(t.TempDir(), "none"))
	t.Setenv("HOME", t.TempDir())
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	if _, _, err := resolve(KubeFlags{}); err == nil || !strings.Contains(err.Error(), "no kubeconfig found") {
		t.Errorf("without a kubeconfig: %v", err)
	}
}
