package plugin

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/internal/lint"
)

// The engine's own tests say what is found; these say how the command
// prints it and which exit code it gives.

// lintNow is the clock of the lint tests: after the clean folder's and the
// samples' completedAt, long before the broken folder's.
var lintNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// lintTestdata is a folder of the engine's fixtures.
func lintTestdata(elem ...string) string {
	return filepath.Join(append([]string{"..", "lint", "testdata"}, elem...)...)
}

func TestLintSamplesAreClean(t *testing.T) {
	h := newHarness(t)
	if code := h.run("lint", filepath.Join("..", "..", "config", "samples")); code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, h.stdout.String(), h.stderr.String())
	}
	if h.stdout.Len() != 0 {
		t.Errorf("the samples must lint clean:\n%s", h.stdout.String())
	}
	if !strings.HasPrefix(h.stderr.String(), "0 errors and 0 warnings in ") {
		t.Errorf("stderr = %q", h.stderr.String())
	}
}

func TestLintCleanFolder(t *testing.T) {
	h := newHarness(t)
	if code := h.run("lint", lintTestdata("clean")); code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, h.stdout.String(), h.stderr.String())
	}
	if h.stdout.Len() != 0 {
		t.Errorf("unexpected findings:\n%s", h.stdout.String())
	}
	if got, want := h.stderr.String(), "0 errors and 0 warnings in 6 objects (4 files)\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestLintBrokenFolderPrintsEveryFinding(t *testing.T) {
	broken := lintTestdata("broken")
	files, err := lint.FindFiles([]string{broken})
	if err != nil {
		t.Fatal(err)
	}
	res, err := lint.Check(context.Background(), files, lintNow)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, f := range res.Findings {
		want.WriteString(f.String() + "\n")
	}

	h := newHarness(t)
	if code := h.runAt(lintNow, "lint", broken); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, h.stderr.String())
	}
	if got := h.stdout.String(); got != want.String() {
		t.Errorf("stdout:\n%s\nwant one finding a line:\n%s", got, want.String())
	}
	if got, want := h.stderr.String(), "error: 16 errors and 4 warnings in 9 objects (6 files)\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

// The command judges a completedAt by its environment's clock.
func TestLintJudgesTimesByTheClock(t *testing.T) {
	completed := time.Date(2026, 6, 5, 16, 30, 0, 0, time.UTC) // the clean folder's one completedAt
	for _, c := range []struct {
		now     time.Time
		warning bool
	}{{completed.Add(-time.Hour), true}, {completed.Add(time.Hour), false}} {
		h := newHarness(t)
		if code := h.runAt(c.now, "lint", lintTestdata("clean")); code != 0 {
			t.Fatalf("at %s: exit %d, want 0: %s", c.now, code, h.stderr.String())
		}
		if got := strings.Contains(h.stdout.String(), "completed 2026-06-05T16:30:00Z, which has not come yet"); got != c.warning {
			t.Errorf("at %s: stdout %q; want the completion still to come: %v", c.now, h.stdout.String(), c.warning)
		}
	}
}

func TestLintWarningsFailOnlyWithStrict(t *testing.T) {
	// An incident whose analysis is in another file: a warning alone.
	incident := lintTestdata("clean", "phishing", "incident.yaml")
	warning := incident + ":4: warning: incident/phishing-2026-05: no root cause analysis yet (DSPT D2.a asks for one after every incident and near miss)\n"

	h := newHarness(t)
	if code := h.run("lint", incident); code != 0 {
		t.Fatalf("exit %d, want 0: %s", code, h.stderr.String())
	}
	if got := h.stdout.String(); got != warning {
		t.Errorf("stdout = %q, want %q", got, warning)
	}
	if got, want := h.stderr.String(), "0 errors and 1 warning in 1 object (1 file)\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}

	h = newHarness(t)
	if code := h.run("lint", "--strict", incident); code != 1 {
		t.Fatalf("--strict: exit %d, want 1", code)
	}
	if got := h.stdout.String(); got != warning {
		t.Errorf("--strict: stdout = %q, want %q", got, warning)
	}
	if got, want := h.stderr.String(), "error: 0 errors and 1 warning in 1 object (1 file); --strict fails on warnings\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestLintWarnsWhenNothingIsFound(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t)
	if code := h.run("lint", dir); code != 0 {
		t.Fatalf("exit %d, want 0: %s", code, h.stderr.String())
	}
	if got, want := h.stderr.String(), "warning: no lessons.dspt.io objects found in "+dir+"\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestLintUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lint"}, "error: a folder or file to lint is required\nUsage: kubectl lessons lint DIR|FILE... [--strict]"},
		{[]string{"lint", filepath.Join("testdata", "no-such-folder")}, "error: cannot read " + filepath.Join("testdata", "no-such-folder") + ": no such file or directory"},
		{[]string{"lint", "--fix", "x"}, "error: flag provided but not defined: -fix"},
	} {
		h := newHarness(t)
		if code := h.run(tc.args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.HasPrefix(h.stderr.String(), tc.want) {
			t.Errorf("%v: stderr = %q, want it to start with %q", tc.args, h.stderr.String(), tc.want)
		}
	}
}

// A folder from a hostile pull request: a link to a file outside it is
// refused by name, and nothing of the file is printed.
func TestLintRefusesALinkOutOfTheFolder(t *testing.T) {
	outside := t.TempDir()
	secret := "apiVersion: lessons.dspt.io/v1alpha1\nkind: Incident\nmetadata:\n  name: secret\nspec:\n  severity: the-secret-from-outside\n"
	if err := os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "incident.yaml")
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}

	h := newHarness(t)
	if code := h.run("lint", dir); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := "error: " + link + ": a symbolic link to a file outside " + dir + "; lint follows links only within the folder it checks: remove the link, or lint its target on its own\n"
	if got := h.stderr.String(); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if strings.Contains(h.stdout.String()+h.stderr.String(), "secret") {
		t.Errorf("the output quotes the file outside:\n%s%s", h.stdout.String(), h.stderr.String())
	}
}

func TestLintRefusesADevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	h := newHarness(t)
	if code := h.run("lint", "/dev/zero"); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if got, want := h.stderr.String(), "error: /dev/zero: a character device, not a regular file; lint reads only regular files: name YAML files or folders instead\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

// The help states the limits the engine applies.
func TestLintHelpStatesTheLimits(t *testing.T) {
	limits := fmt.Sprintf("at most %d MiB each and %d MiB in all", lint.MaxFileSize>>20, lint.MaxTotalSize>>20)
	if !strings.Contains(strings.Join(strings.Fields(lintDescription), " "), limits) {
		t.Errorf("the help of lint does not say %q", limits)
	}
}
