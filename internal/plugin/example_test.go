package plugin

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/lint"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The example review is true on any day it is written: it lints clean,
// and at that moment it owes nothing overdue; its first action falls
// overdue after --due-in, not before.
func TestTheExampleIsTrueOnAnyDay(t *testing.T) {
	for _, day := range []string{"2026-12-07T11:00:00Z", "2031-02-28T23:59:59Z", "2049-06-01T03:00:00Z"} {
		now := at(day)
		h := newHarness(t)
		if code := h.runAt(now, "new", "--example", "--due-in", "25s", "-n", "demo"); code != 0 {
			t.Fatalf("%s: exit %d: %s", day, code, h.stderr.String())
		}
		file := filepath.Join(t.TempDir(), "example.yaml")
		if err := os.WriteFile(file, h.stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := lint.Check(context.Background(), []string{file}, now)
		if err != nil || len(res.Findings) > 0 || res.Objects != 4 {
			t.Fatalf("%s: lint found %v (%v) in %d objects:\n%s", day, res.Findings, err, res.Objects, h.stdout.String())
		}
		reviews := decodeReviews(t, h.stdout.Bytes())
		p := review.DefaultPolicy()
		overdue := func(at time.Time) []string {
			var out []string
			for _, d := range reviews.Duties(p, at) {
				if d.Overdue() {
					out = append(out, string(d.Kind)+" "+d.Name)
				}
			}
			return out
		}
		if got := overdue(now); len(got) > 0 {
			t.Errorf("%s: overdue as written: %v", day, got)
		}
		if got := overdue(now.Add(26 * time.Second)); len(got) != 1 || !strings.HasSuffix(got[0], "-autocomplete") {
			t.Errorf("%s: after --due-in, overdue %v, want the first action alone", day, got)
		}
	}
}

// decodeReviews reads the reviews of a manifest.
func decodeReviews(t *testing.T, manifest []byte) review.Reviews {
	t.Helper()
	objs, err := testenv.DecodeManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var r review.Reviews
	for _, u := range objs {
		into := func(obj any) {
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj); err != nil {
				t.Fatal(err)
			}
		}
		switch u.GetKind() {
		case "Incident":
			inc := &v1alpha1.Incident{}
			into(inc)
			r.Incidents = append(r.Incidents, inc)
		case "RootCauseAnalysis":
			rca := &v1alpha1.RootCauseAnalysis{}
			into(rca)
			r.RCAs = append(r.RCAs, rca)
		case "ImprovementAction":
			a := &v1alpha1.ImprovementAction{}
			into(a)
			r.Actions = append(r.Actions, a)
		}
	}
	return r
}
