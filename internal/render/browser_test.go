package render

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// chromium finds Debian's Chromium. Without it the test fails (the page
// a SIRO prints must be checked in a real browser), unless
// LESSONS_SKIP_BROWSER=1 says to skip it.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("LESSONS_SKIP_BROWSER") == "1" {
		t.Skip("LESSONS_SKIP_BROWSER=1: headless-browser test skipped")
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatal("Chromium is not installed: run `make chromium` (or set LESSONS_SKIP_BROWSER=1 to skip this test)")
	return ""
}

// runChromium runs headless Chromium on a page with a fresh profile, with
// no network features, and returns what it printed.
func runChromium(t *testing.T, bin, page string, args ...string) []byte {
	t.Helper()
	profile, err := os.MkdirTemp("", "lessons-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// Chromium's helpers may still be writing to the profile as it exits.
	t.Cleanup(func() { _ = os.RemoveAll(profile) })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v (timeout 60s)\n%s", args, err, tail(stderr.String(), 2000))
	}
	return stdout.Bytes()
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// writePage renders a page into a file of a fresh directory.
func writePage(t *testing.T, name string, render func(io.Writer) error) string {
	t.Helper()
	page := filepath.Join(t.TempDir(), name)
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return page
}

// browserDOM is the page's DOM as the browser built it.
func browserDOM(t *testing.T, bin, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(runChromium(t, bin, page, "--dump-dom")))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestReportInHeadlessChromium(t *testing.T) {
	bin := chromium(t)
	r := realisticReport()
	page := writePage(t, "report.html", func(w io.Writer) error { return HTML(w, r, realisticRegister()) })

	t.Run("dom", func(t *testing.T) {
		doc := browserDOM(t, bin, page)
		for _, id := range []string{"chart-incidents-by-month", "chart-actions-by-area", "chart-on-time"} {
			svg := byID(doc, id)
			if svg == nil || svg.Data != "svg" {
				t.Fatalf("the browser's DOM has no <svg id=%q>", id)
			}
			if n := len(findAll(svg, "rect")); n < 3 {
				t.Errorf("%s: %d <rect> elements in the browser's DOM, want bars", id, n)
			}
		}
		body := text(doc)
		for _, l := range r.Status.Lessons {
			if !strings.Contains(body, l.Lesson) {
				t.Errorf("lesson of %s missing from the rendered page", l.Incident)
			}
		}
		register := bodyRows(byID(doc, "table-action-register"))
		if got := len(register); got != 4 {
			t.Errorf("the action register has %d rows in the browser's DOM, want 4", got)
		}
		if len(register) > 1 && register[1][1] != "review/process-workshop-2027-02" {
			t.Errorf("a process review's action is named %q in the register, want its review", register[1][1])
		}
		governance := byID(doc, "governance")
		if governance == nil {
			t.Fatal("the browser's DOM has no governance cycle")
		}
		if got := len(bodyRows(byID(doc, "table-governance"))); got != 2 {
			t.Errorf("the governance table has %d rows in the browser's DOM, want the two yearly duties", got)
		}
		workshop := byID(doc, "process-review-process-workshop-2027-02")
		if workshop == nil {
			t.Fatal("the process review is missing from the browser's DOM")
		}
		if got := len(findAll(workshop, "li")); got != 2 {
			t.Errorf("%d workarounds in the browser's DOM, want 2", got)
		}
		if tables := findAll(workshop, "table"); len(tables) != 2 || len(bodyRows(tables[0])) != 3 || len(bodyRows(tables[1])) != 2 {
			t.Errorf("the process review wants its participants by group (3) and its actions (2) in the browser's DOM")
		}
		if !strings.Contains(text(byID(doc, "exercises")), "Contacts and runbooks the response needs must be kept where the attack cannot reach them.") {
			t.Errorf("the exercise's lessons are missing from the browser's DOM")
		}
		if got := len(findAll(byID(doc, "list-recurring-themes"), "li")); got != len(r.Status.Recurrence.Themes) {
			t.Errorf("%d recurring themes in the browser's DOM, want %d", got, len(r.Status.Recurrence.Themes))
		}
		if !strings.Contains(text(byID(doc, "exercises")), "exercise-2026-10-ransomware-tabletop") {
			t.Errorf("the exercise is missing from the browser's DOM")
		}
	})

	t.Run("screenshot", func(t *testing.T) { checkScreenshot(t, bin, page, 2400) })
}

func TestReviewInHeadlessChromium(t *testing.T) {
	bin := chromium(t)
	c := cyberAttackCase()
	page := writePage(t, "review.html", func(w io.Writer) error { return ReviewHTML(w, c, cyberAttackAsAt) })

	t.Run("dom", func(t *testing.T) {
		doc := browserDOM(t, bin, page)
		for _, id := range []string{"incident", "analysis", "actions", "timeline", "sign-off"} {
			if byID(doc, id) == nil {
				t.Errorf("the browser's DOM has no element with id %q", id)
			}
		}
		if got := len(bodyRows(byID(doc, "table-actions"))); got != len(c.Actions) {
			t.Errorf("the actions table has %d rows in the browser's DOM, want %d", got, len(c.Actions))
		}
		for _, a := range c.Actions {
			if byID(doc, "action-"+a.Name) == nil {
				t.Errorf("no section for action %s", a.Name)
			}
		}
		body := text(doc)
		for _, want := range []string{c.RCA.Spec.OrganisationalFactors, c.RCA.Spec.Investigation.ChainOfCustody.Notes, "Overdue by 4d16h."} {
			if !strings.Contains(body, want) {
				t.Errorf("%q missing from the rendered page", want)
			}
		}
	})

	t.Run("screenshot", func(t *testing.T) { checkScreenshot(t, bin, page, 3000) })
}

// checkScreenshot shoots the page 1280 pixels wide and height high, and
// checks that the browser drew it: a PNG of that size with many colours.
func checkScreenshot(t *testing.T, bin, page string, height int) {
	t.Helper()
	shot := strings.TrimSuffix(page, ".html") + ".png"
	runChromium(t, bin, page, "--screenshot="+shot, fmt.Sprintf("--window-size=1280,%d", height), "--hide-scrollbars")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer func() { _ = f.Close() }()
	if st, _ := f.Stat(); st.Size() < 50_000 {
		t.Errorf("screenshot is only %d bytes: the page looks empty", st.Size())
	}
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != height {
		t.Errorf("screenshot is %v, want 1280x%d", b, height)
	}
	// A drawn page has many colours: text, rules, bars and marks.
	colours := map[[3]uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
		}
	}
	if len(colours) < 20 {
		t.Errorf("screenshot has %d colours: the page did not render", len(colours))
	}
}
