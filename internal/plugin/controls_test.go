package plugin

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Text stored before the API server refused control characters still
// reaches the plugin. Whatever it holds, nothing the plugin writes for
// people carries a character that acts, but line breaks and tabs of its
// own.

// withText is objs with every person, title, reason and reference that
// the on-call view or a document shows written by text.
func withText(objs []client.Object, text func() string) []client.Object {
	for _, o := range objs {
		switch o := o.(type) {
		case *v1alpha1.Incident:
			o.Spec.Title, o.Spec.Summary, o.Spec.Owner = text(), text(), v1alpha1.Person(text())
			if o.Spec.SIRO != "" {
				o.Spec.SIRO = v1alpha1.Person(text())
			}
			for i := range o.Spec.ExternalReports {
				o.Spec.ExternalReports[i].Reference = text()
			}
		case *v1alpha1.RootCauseAnalysis:
			o.Spec.Lead = v1alpha1.Person(text())
		case *v1alpha1.ImprovementAction:
			o.Spec.Title, o.Spec.Owner = text(), v1alpha1.Person(text())
		case *v1alpha1.LessonsReport:
			o.Spec.SIRO = v1alpha1.Person(text())
		}
	}
	return objs
}

// expectShown fails unless out, written for people, holds no character
// that acts but line breaks and tabs.
func expectShown(t *testing.T, what, out string) {
	t.Helper()
	if acting := fixtures.Acting(out); len(acting) > 0 {
		t.Errorf("%s holds %q: a character that acts got through:\n%q", what, acting, out)
	}
}

// statusLines runs status -A on objs and returns its lines.
func statusLines(t *testing.T, objs []client.Object) []string {
	t.Helper()
	h := newHarness(t, objs...)
	if code := h.runAt(fixtures.OnCallNow, "status", "-A"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	expectShown(t, "status", h.stdout.String())
	expectShown(t, "its warnings", h.stderr.String())
	return strings.Split(h.stdout.String(), "\n")
}

// TestStatusCannotBeForged is the screen an engineer forged: an owner that
// clears the screen, writes an "OK ... Closed" row of its own and
// overwrites the line.
func TestStatusCannotBeForged(t *testing.T) {
	clean := statusLines(t, fixtures.OnCallMorning())
	forged := statusLines(t, withText(fixtures.OnCallMorning(), func() string { return fixtures.ScreenForgery }))
	if len(forged) != len(clean) {
		t.Errorf("status has %d lines, want %d: a text started a row of its own", len(forged), len(clean))
	}
	for _, l := range forged {
		if strings.HasPrefix(l, "forged") || strings.HasPrefix(l, "OK") {
			t.Errorf("a row of the text's own: %q", l)
		}
	}
	if !strings.Contains(strings.Join(forged, "\n"), `\x1b[2J\x1b[H\x1b]0;title\aOK\tincident\tClosed\r\nforged\x00\u009b31m\u202efdp.exe`) {
		t.Error("the owner is not shown, escaped, in its cell")
	}
}

// TestStatusColoursOnlyItsOwnRows checks that the only escape sequences of
// a coloured summary are its colours.
func TestStatusColoursOnlyItsOwnRows(t *testing.T) {
	h := newHarness(t, withText(fixtures.OnCallMorning(), func() string { return fixtures.ScreenForgery })...)
	r, err := cached.Lists(h.client).Reviews(context.Background(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := writeStatus(&out, review.Summarise(review.DefaultPolicy(), r, nil, fixtures.OnCallNow), statusView{DueSoonWindow: 72 * time.Hour, Colour: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), ansiRed) {
		t.Fatal("no row is coloured")
	}
	expectShown(t, "status, its colours aside", ansi.ReplaceAllString(out.String(), ""))
}

// TestNoOutputCarriesAControlCharacter runs the commands that show users'
// text with every such text random and crowded with characters that act.
func TestNoOutputCarriesAControlCharacter(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	text := func() string { return fixtures.HostileText(r, 24) }
	lines := len(statusLines(t, fixtures.OnCallMorning()))
	for i := range 20 {
		if got := len(statusLines(t, withText(fixtures.OnCallMorning(), text))); got != lines {
			t.Fatalf("round %d: status has %d lines, want %d", i, got, lines)
		}
		for _, args := range [][]string{{"review", "phishing"}, {"review", "phishing", "--format", "html"}} {
			h := newHarness(t, withText(reviewObjects(), text)...)
			if code := h.runAt(reviewNow, args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, h.stderr.String())
			}
			expectShown(t, strings.Join(args, " "), h.stdout.String())
			expectShown(t, strings.Join(args, " ")+": its warnings", h.stderr.String())
		}
	}
}

func TestWarningsAndErrorsShowControlCharactersAsEscapes(t *testing.T) {
	var warnings bytes.Buffer
	warnUnreadable(&warnings, []review.Unreadable{{Kind: "Incident", Namespace: "trust-a", Name: "phishing", Why: fixtures.ScreenForgery}})
	expectShown(t, "the warning", warnings.String())
	if strings.Count(warnings.String(), "\n") != 1 {
		t.Errorf("a warning is one line: %q", warnings.String())
	}

	failing := []Command{{Name: "fail", Run: func(context.Context, *Env, []string) error { return errors.New(fixtures.ScreenForgery) }}}
	var stdout, stderr bytes.Buffer
	if code := Main(context.Background(), &Env{Stdout: &stdout, Stderr: &stderr}, failing, []string{"fail"}); code != 1 {
		t.Fatalf("exit %d", code)
	}
	expectShown(t, "the error", stderr.String())
	if !strings.Contains(stderr.String(), `\x1b[2J`) {
		t.Errorf("the error is not shown: %q", stderr.String())
	}

	h := newHarness(t)
	if code := h.run("new", "incident", "phishing\x1b[2J"); code != 2 {
		t.Fatalf("new: exit %d", code)
	}
	expectShown(t, "new's usage error", h.stderr.String())

	s := &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: fixtures.ScreenForgery, Comment: fixtures.ScreenForgery}
	expectShown(t, "a sign-off described", describeSignOff(s))
}

func TestLintShowsControlCharactersAsEscapes(t *testing.T) {
	dir := t.TempDir()
	incident := `apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: phishing
spec:
  title: "Phishing\e[2J\e[HOK\tClosed\r\nforged"
  type: NearMiss
  category: ConfidentialityBreach
  severity: Low
  detectedAt: "2026-05-04T09:30:00Z"
  owner: "ig.lead\e]0;x\a@example.nhs.uk"
`
	if err := os.WriteFile(filepath.Join(dir, "incident\x1b[2J.yaml"), []byte(incident), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	if code := h.run("lint", dir); code != 1 {
		t.Fatalf("exit %d:\n%s%s", code, h.stdout.String(), h.stderr.String())
	}
	expectShown(t, "lint's findings", h.stdout.String())
	expectShown(t, "lint's summary", h.stderr.String())
	for _, want := range []string{
		`incident\x1b[2J.yaml:`,
		`spec.title: Invalid value: "Phishing\x1b[2J\x1b[HOK\tClosed\r\nforged": must be a single line of printable text: no control characters`,
		`spec.owner: Invalid value: "ig.lead\x1b]0;x\a@example.nhs.uk": must be a single line of printable text: no control characters`,
	} {
		if !strings.Contains(h.stdout.String(), want) {
			t.Errorf("lint does not say %q:\n%s", want, h.stdout.String())
		}
	}
}
