package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var goldenCases = []struct {
	name     string
	report   func() *v1alpha1.LessonsReport
	register func() Register
}{
	{"financial-year", realisticReport, realisticRegister},
	{"empty", emptyReport, emptyRegister},
	{"signed-off", signedOffReport, realisticRegister},
	{"stale-sign-off", staleReport, realisticRegister},
	{"not-computed", uncomputedReport, func() Register { return Register{} }},
}

func TestMarkdownGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Markdown(&buf, tc.report(), tc.register()); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.name, buf.String())
		})
	}
}

// checkGolden compares a rendered document with testdata/NAME.golden.md,
// or rewrites that file with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	checkGoldenFile(t, name+".golden.md", got)
}

// checkGoldenFile compares a rendered document with testdata/file.
func checkGoldenFile(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./internal/render/ -update` to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the rendered document (run with -update if the change is intended):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			out = append(out, "line "+strconv.Itoa(i+1)+":\n  want: "+wl+"\n  got:  "+gl)
		}
	}
	return strings.Join(out, "\n")
}

func TestMarkdownEscapesUserText(t *testing.T) {
	r := realisticReport()
	r.Status.Lessons = []v1alpha1.Lesson{{Incident: "inc-1", Lesson: "<script>alert(1)</script> | *bold* [link](http://x)\n- not a list\n2. not a list either"}}
	var buf bytes.Buffer
	if err := Markdown(&buf, r, Register{}); err != nil {
		t.Fatal(err)
	}
	want := "1. **inc-1**: \\<script\\>alert(1)\\</script\\> \\| \\*bold\\* \\[link\\](http://x)  \n   \\- not a list  \n   2\\. not a list either\n"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("lesson not escaped as expected; want\n%q\nin\n%s", want, buf.String())
	}
}

func TestMarkdownStatesNoDataNeverZero(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, emptyReport(), Register{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, kpi := range []string{"Mean time to contain", "SIRO notified within the deadline", "Actions completed on time", "Near misses per incident"} {
		if !strings.Contains(out, "| "+kpi+" |") || strings.Contains(out, "| "+kpi+" | 0") {
			t.Errorf("%s must be listed as no data, not 0", kpi)
		}
	}
	if strings.Contains(out, "0%") || strings.Contains(out, "| 0s |") {
		t.Error("an omitted KPI is shown as zero")
	}
}

func TestHelpers(t *testing.T) {
	from := ts("2026-04-01T00:00:00Z").Time
	to := ts("2027-04-01T00:00:00Z").Time
	odd := ts("2027-01-15T12:30:00Z").Time
	for _, tc := range []struct {
		to   *time.Time
		want string
	}{{&to, "1 April 2026 to 31 March 2027"}, {nil, "1 April 2026 to date"}, {&odd, "1 April 2026 to 15 January 2027 12:30 UTC"}} {
		if got := periodText(from, tc.to); got != tc.want {
			t.Errorf("periodText = %q, want %q", got, tc.want)
		}
	}
	for in, want := range map[int32][2]int32{0: {1, 1}, 3: {3, 1}, 7: {8, 2}, 12: {15, 5}, 34: {40, 10}, 480: {500, 100}} {
		if top, step := niceScale(in); top != want[0] || step != want[1] {
			t.Errorf("niceScale(%d) = %d, %d; want %v", in, top, step, want)
		}
	}
}
