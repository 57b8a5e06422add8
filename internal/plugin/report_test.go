package plugin

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

func lessonsReport(ns, name string, computed bool) *v1alpha1.LessonsReport {
	from := metav1.NewTime(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	to := metav1.NewTime(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC))
	r := &v1alpha1.LessonsReport{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       v1alpha1.LessonsReportSpec{Period: v1alpha1.ReportPeriod{From: from, To: &to}, SIRO: "siro@example.nhs.uk"},
	}
	if computed {
		r.Status.Incidents = &v1alpha1.IncidentFigures{Total: 3, Incidents: 1, NearMisses: 2}
		r.Status.KPIs = &v1alpha1.ReportKPIs{NearMissRatio: "2.00"}
		r.Status.Lessons = []v1alpha1.Lesson{{Incident: "inc-1", Lesson: "Check the recipient before sending."}}
	}
	return r
}

// harness runs the plugin against a fake cluster whose kubeconfig context
// namespace is "trust-a".
type harness struct {
	t              *testing.T
	client         client.Client
	stdin          io.Reader
	stdout, stderr bytes.Buffer
	gotFlags       KubeFlags
}

func newHarness(t *testing.T, objs ...client.Object) *harness {
	t.Helper()
	scheme, err := newScheme()
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, client: fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).Build()}
}

func (h *harness) run(args ...string) int {
	env := &Env{Stdout: &h.stdout, Stderr: &h.stderr, Connect: func(k KubeFlags) (client.Client, string, error) {
		h.gotFlags = k
		ns := "trust-a"
		if k.Namespace != "" {
			ns = k.Namespace
		}
		return h.client, ns, nil
	}}
	return Main(context.Background(), env, Commands(), args)
}

func TestReportRendersMarkdownToStdout(t *testing.T) {
	for _, args := range [][]string{
		{"report", "fy-2026-27"},
		{"report", "fy-2026-27", "--format", "markdown"},
		{"report", "--format=md", "fy-2026-27"},
	} {
		h := newHarness(t, lessonsReport("trust-a", "fy-2026-27", true))
		if code := h.run(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, h.stderr.String())
		}
		out := h.stdout.String()
		if !strings.HasPrefix(out, "# Lessons learned report: fy-2026-27 (1 April 2026 to 31 March 2027)\n") || !strings.Contains(out, "Check the recipient before sending.") {
			t.Errorf("%v: unexpected output:\n%s", args, out)
		}
		if h.stderr.Len() != 0 {
			t.Errorf("%v: unexpected stderr: %s", args, h.stderr.String())
		}
	}
}

func TestReportNamespaceFlagsWhereverTheyStand(t *testing.T) {
	for _, args := range [][]string{
		{"report", "fy", "-n", "trust-b"},
		{"report", "-n", "trust-b", "fy"},
		{"report", "--namespace=trust-b", "fy"},
		{"report", "fy", "--namespace", "trust-b", "--kubeconfig", "/k", "--context", "prod"},
	} {
		h := newHarness(t, lessonsReport("trust-b", "fy", true))
		if code := h.run(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, h.stderr.String())
		}
		if h.gotFlags.Namespace != "trust-b" {
			t.Errorf("%v: namespace %q", args, h.gotFlags.Namespace)
		}
	}
	h := newHarness(t)
	h.run("report", "fy", "--kubeconfig", "/k", "--context", "prod")
	if h.gotFlags.Kubeconfig != "/k" || h.gotFlags.Context != "prod" {
		t.Errorf("kube flags not passed on: %+v", h.gotFlags)
	}
}

func TestReportWritesHTMLFile(t *testing.T) {
	expectDocumentFiles(t, []client.Object{lessonsReport("trust-a", "fy", true)}, "# Lessons learned report", `lessonsreport "fy"`, "report", "fy")
}

// expectDocumentFiles runs a document command with -o FILE: HTML for a
// FILE ending in .html or for --format html, Markdown (starting markdown)
// for anything else; standard output stays empty, and standard error says
// that what was written.
func expectDocumentFiles(t *testing.T, objs []client.Object, markdown, what string, command ...string) {
	t.Helper()
	dir := t.TempDir()
	for _, tc := range []struct {
		args       []string
		file, want string
	}{
		{[]string{"-o", filepath.Join(dir, "a.html")}, "a.html", "<!DOCTYPE html>"},
		{[]string{"--output", filepath.Join(dir, "b.md"), "--format", "html"}, "b.md", "<!DOCTYPE html>"},
		{[]string{"-o", filepath.Join(dir, "c.txt")}, "c.txt", markdown},
	} {
		h := newHarness(t, objs...)
		if code := h.run(append(command, tc.args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, h.stderr.String())
		}
		b, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil || !strings.HasPrefix(string(b), tc.want) {
			t.Errorf("%v: file starts %.40q (%v), want %q", tc.args, b, err, tc.want)
		}
		if h.stdout.Len() != 0 || !strings.Contains(h.stderr.String(), what+" written to") {
			t.Errorf("%v: stdout %q, stderr %q", tc.args, h.stdout.String(), h.stderr.String())
		}
	}
}

func TestReportNotFound(t *testing.T) {
	expectNotFound(t, newHarness(t, lessonsReport("trust-a", "other", true)), "lessonsreport", "report", "x", "-n", "y")
}

// expectNotFound runs a command for the object x in namespace y, which
// does not exist: it must fail naming both, and render nothing.
func expectNotFound(t *testing.T, h *harness, resource string, args ...string) {
	t.Helper()
	if code := h.run(args...); code != 1 {
		t.Fatalf("%v: exit %d, want 1", args, code)
	}
	if got, want := h.stderr.String(), "error: "+resource+" \"x\" not found in namespace \"y\"\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if h.stdout.Len() != 0 {
		t.Errorf("nothing may be rendered for a missing %s: %q", resource, h.stdout.String())
	}
}

func TestReportNotComputedWarnsAndStillRenders(t *testing.T) {
	h := newHarness(t, lessonsReport("trust-a", "fresh", false))
	if code := h.run("report", "fresh"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if !strings.Contains(h.stderr.String(), `lessonsreport "fresh" in namespace "trust-a" has not been computed by the operator yet`) {
		t.Errorf("no warning: %q", h.stderr.String())
	}
	if !strings.Contains(h.stdout.String(), "The operator has not computed this report's figures yet") {
		t.Errorf("the rendered report must say so too:\n%s", h.stdout.String())
	}
}

func TestGetReportErrors(t *testing.T) {
	scheme, _ := newScheme()
	fail := func(err error) client.Client {
		return interceptor.NewClient(fake.NewClientBuilder().WithScheme(scheme).Build(), interceptor.Funcs{
			Get: func(context.Context, client.WithWatch, client.ObjectKey, client.Object, ...client.GetOption) error {
				return err
			},
		})
	}
	gk := schema.GroupKind{Group: "lessons.dspt.io", Kind: "LessonsReport"}
	_, err := getReport(context.Background(), fail(&meta.NoKindMatchError{GroupKind: gk, SearchedVersions: []string{"v1alpha1"}}), "ns", "r")
	if err == nil || !strings.Contains(err.Error(), "install the operator's CRDs") {
		t.Errorf("no-match error = %v", err)
	}
	boom := errors.New("connection refused")
	_, err = getReport(context.Background(), fail(boom), "ns", "r")
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), `get lessonsreport "r" in namespace "ns"`) {
		t.Errorf("other error = %v", err)
	}
}
