package plugin

import (
	"bytes"
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// runAt runs the plugin like run, with the clock fixed at now.
func (h *harness) runAt(now time.Time, args ...string) int {
	env := &Env{Stdin: h.stdin, Stdout: &h.stdout, Stderr: &h.stderr, Now: func() time.Time { return now }, Connect: func(k KubeFlags) (client.Client, string, error) {
		h.gotFlags = k
		ns := "trust-a"
		if k.Namespace != "" {
			ns = k.Namespace
		}
		return h.client, ns, nil
	}}
	return Main(context.Background(), env, Commands(), args)
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestStatusOneNamespace(t *testing.T) {
	h := newHarness(t, fixtures.OnCallMorning()...)
	if code := h.runAt(fixtures.OnCallNow, "status", "-n", "trust-a"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	want := `Incident reviews in namespace trust-a at 2026-07-01 12:00 UTC

Open incidents (4)
NAME         PHASE             SEVERITY   OWNER                    ACTIONS   OVERDUE   NEXT DUE
ransomware   AwaitingSignOff   Critical   team:cyber-security      0/1       1         2026-07-03 12:00 UTC
phishing     Remediating       High       team:cyber-security      1/4       2         2026-07-02 09:00 UTC
laptop       Open              Medium     ig.lead@example.nhs.uk   0/0       1         2026-07-27 09:00 UTC
letter       Open              Low        ig.lead@example.nhs.uk   0/0       0         2026-07-01 18:00 UTC

Overdue actions (1), most overdue first
NAME   INCIDENT   OWNER                 PRIORITY   DUE                    OVERDUE BY
mfa    phishing   team:infrastructure   High       2026-06-20 17:00 UTC   10d19h

Actions due within 72h (2)
NAME       INCIDENT     OWNER                    PRIORITY   DUE                    DUE IN
training   phishing     trainer@example.nhs.uk   High       2026-07-02 09:00 UTC   21h
patching   ransomware   team:infrastructure      Critical   2026-07-03 12:00 UTC   2d

Overdue root cause analyses (0), most overdue first: none

SIRO notification overdue (1)
INCIDENT     SEVERITY   SIRO                  DUE                    OVERDUE BY
ransomware   Critical   siro@example.nhs.uk   2026-07-01 08:00 UTC   4h

Decisions on reporting outside the organisation overdue (0): none

External reports (3)
INCIDENT     OWNER                    DUE                    STATE             REPORTED
laptop       ig.lead@example.nhs.uk   2026-06-30 09:00 UTC   overdue by 1d3h   -
ransomware   team:cyber-security      2026-07-03 20:00 UTC   due in 2d8h       -
phishing     team:cyber-security      2026-05-07 09:30 UTC   reported late     ICO DSPT-IRT-2026-0142, 2026-05-08 10:00 UTC

Root cause analyses awaiting SIRO sign-off (1)
NAME         INCIDENT     LEAD                      DUE
ransomware   ransomware   rca.lead@example.nhs.uk   2026-07-15 20:00 UTC

Learning to share with staff and the reporter (1)
ANALYSIS   INCIDENT   LEAD                      DUE                    STATE
phishing   phishing   rca.lead@example.nhs.uk   2026-07-01 10:00 UTC   overdue by 2h

Reports past their sign-off deadline (0): none

Governance cycle: process reviews and exercises due (0), most overdue first: none
`
	if got := h.stdout.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestStatusAllNamespaces(t *testing.T) {
	h := newHarness(t, fixtures.OnCallMorning()...)
	if code := h.runAt(fixtures.OnCallNow, "status", "-A", "--due-soon-window", "24h"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	want := `Incident reviews in all namespaces at 2026-07-01 12:00 UTC

Open incidents (5)
NAMESPACE   NAME               PHASE             SEVERITY   OWNER                    ACTIONS   OVERDUE   NEXT DUE
trust-a     ransomware         AwaitingSignOff   Critical   team:cyber-security      0/1       1         2026-07-03 12:00 UTC
trust-a     phishing           Remediating       High       team:cyber-security      1/4       2         2026-07-02 09:00 UTC
trust-a     laptop             Open              Medium     ig.lead@example.nhs.uk   0/0       1         2026-07-27 09:00 UTC
trust-a     letter             Open              Low        ig.lead@example.nhs.uk   0/0       0         2026-07-01 18:00 UTC
trust-b     trust-b-incident   Open              High       team:cyber-security      0/1       2         none

Overdue actions (3), most overdue first
NAMESPACE   NAME            INCIDENT           OWNER                 PRIORITY   DUE                    OVERDUE BY
trust-b     printer-audit   printer            team:infrastructure   High       2026-06-15 17:00 UTC   15d19h
trust-a     mfa             phishing           team:infrastructure   High       2026-06-20 17:00 UTC   10d19h
trust-b     firewall        trust-b-incident   team:infrastructure   High       2026-06-29 12:00 UTC   2d

Actions due within 24h (1)
NAMESPACE   NAME       INCIDENT   OWNER                    PRIORITY   DUE                    DUE IN
trust-a     training   phishing   trainer@example.nhs.uk   High       2026-07-02 09:00 UTC   21h

Overdue root cause analyses (1), most overdue first
NAMESPACE   NAME            INCIDENT           LEAD                  DUE                    OVERDUE BY
trust-b     (not written)   trust-b-incident   team:cyber-security   2026-05-19 09:30 UTC   43d2h

SIRO notification overdue (1)
NAMESPACE   INCIDENT     SEVERITY   SIRO                  DUE                    OVERDUE BY
trust-a     ransomware   Critical   siro@example.nhs.uk   2026-07-01 08:00 UTC   4h

Decisions on reporting outside the organisation overdue (0): none

External reports (3)
NAMESPACE   INCIDENT     OWNER                    DUE                    STATE             REPORTED
trust-a     laptop       ig.lead@example.nhs.uk   2026-06-30 09:00 UTC   overdue by 1d3h   -
trust-a     ransomware   team:cyber-security      2026-07-03 20:00 UTC   due in 2d8h       -
trust-a     phishing     team:cyber-security      2026-05-07 09:30 UTC   reported late     ICO DSPT-IRT-2026-0142, 2026-05-08 10:00 UTC

Root cause analyses awaiting SIRO sign-off (1)
NAMESPACE   NAME         INCIDENT     LEAD                      DUE
trust-a     ransomware   ransomware   rca.lead@example.nhs.uk   2026-07-15 20:00 UTC

Learning to share with staff and the reporter (1)
NAMESPACE   ANALYSIS   INCIDENT   LEAD                      DUE                    STATE
trust-a     phishing   phishing   rca.lead@example.nhs.uk   2026-07-01 10:00 UTC   overdue by 2h

Reports past their sign-off deadline (1)
NAMESPACE   NAME                     SIRO                  DUE                    OVERDUE BY
trust-b     financial-year-2025-26   siro@example.nhs.uk   2026-05-01 00:00 UTC   61d12h

Governance cycle: process reviews and exercises due (0), most overdue first: none
`
	if got := h.stdout.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if h.gotFlags.Namespace != "" {
		t.Errorf("-A must not choose a namespace: %+v", h.gotFlags)
	}
}

func TestStatusNothingToReport(t *testing.T) {
	h := newHarness(t)
	if code := h.runAt(fixtures.OnCallNow, "status", "-n", "quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	want := `Incident reviews in namespace quiet at 2026-07-01 12:00 UTC

Open incidents (0): none

Overdue actions (0), most overdue first: none

Actions due within 72h (0): none

Overdue root cause analyses (0), most overdue first: none

SIRO notification overdue (0): none

Decisions on reporting outside the organisation overdue (0): none

External reports (0): none required

Root cause analyses awaiting SIRO sign-off (0): none

Learning to share with staff and the reporter (0): none

Reports past their sign-off deadline (0): none

Governance cycle: process reviews and exercises due (0), most overdue first: none
`
	if got := h.stdout.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestStatusAnnualCycle: a report whose period runs owes a process review
// and an exercise, and the actions a process review raised are listed with
// the others, named with their review.
func TestStatusAnnualCycle(t *testing.T) {
	h := newHarness(t, fixtures.OnCallAnnualCycle()...)
	if code := h.runAt(fixtures.OnCallNow, "status", "-n", "trust-c"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	want := `Incident reviews in namespace trust-c at 2026-07-01 12:00 UTC

Open incidents (0): none

Overdue actions (1), most overdue first
NAME                INCIDENT               OWNER                 PRIORITY   DUE                    OVERDUE BY
shared-smartcards   review/workshop-2025   team:infrastructure   High       2026-06-01 17:00 UTC   29d19h

Actions due within 72h (1)
NAME                INCIDENT               OWNER                    PRIORITY   DUE                    DUE IN
leavers-checklist   review/workshop-2025   hr.lead@example.nhs.uk   High       2026-07-02 09:00 UTC   21h

Overdue root cause analyses (0), most overdue first: none

SIRO notification overdue (0): none

Decisions on reporting outside the organisation overdue (0): none

External reports (0): none required

Root cause analyses awaiting SIRO sign-off (0): none

Learning to share with staff and the reporter (0): none

Reports past their sign-off deadline (0): none

Governance cycle: process reviews and exercises due (2), most overdue first
REPORT                   DUE                      SIRO                  DUE SINCE              OVERDUE BY
financial-year-2026-27   process review (DSS 5)   siro@example.nhs.uk   2026-04-01 00:00 UTC   91d12h
financial-year-2026-27   exercise (DSS 7)         siro@example.nhs.uk   2026-06-10 09:00 UTC   21d3h
`
	if got := h.stdout.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

var (
	ansi     = regexp.MustCompile("\x1b\\[[0-9;]*m")
	rowStart = regexp.MustCompile("^(\x1b\\[3[123]m)?([-a-z]+ +[-a-z]+)")
)

func TestStatusColoursWholeRowsWithoutBreakingAlignment(t *testing.T) {
	r, err := cached.Lists(newHarness(t, fixtures.OnCallMorning()...).client).Reviews(context.Background(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	s := review.Summarise(review.DefaultPolicy(), r, nil, fixtures.OnCallNow)
	var plain, coloured bytes.Buffer
	if err := writeStatus(&plain, s, statusView{DueSoonWindow: 72 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	if err := writeStatus(&coloured, s, statusView{DueSoonWindow: 72 * time.Hour, Colour: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Errorf("no colour was asked for:\n%q", plain.String())
	}
	if got := ansi.ReplaceAllString(coloured.String(), ""); got != plain.String() {
		t.Errorf("colour changed the text or its alignment:\n%s\nwant:\n%s", got, plain.String())
	}
	colourOf := map[string]string{}
	for _, l := range strings.Split(coloured.String(), "\n") {
		// The first table a row is in: incidents, then actions.
		if m := rowStart.FindStringSubmatch(l); m != nil {
			if _, seen := colourOf[m[2]]; !seen {
				colourOf[m[2]] = m[1]
			}
		}
	}
	for row, want := range map[string]string{
		"trust-a     ransomware":       ansiRed,    // SIRO not told
		"trust-a     phishing":         ansiRed,    // an action overdue
		"trust-a     letter":           ansiYellow, // SIRO to be told within hours
		"trust-b     trust-b-incident": ansiRed,
		"trust-a     mfa":              ansiRed,
		"trust-a     training":         ansiYellow,
		"trust-a     patching":         ansiYellow,
	} {
		if got, ok := colourOf[row]; !ok || got != want {
			t.Errorf("row %q: colour %q (found %v), want %q", row, got, ok, want)
		}
	}
	for _, l := range strings.Split(coloured.String(), "\n") {
		if strings.HasPrefix(l, "NAMESPACE") && strings.Contains(l, "\x1b") {
			t.Errorf("headers are not coloured: %q", l)
		}
		if strings.Contains(l, "2026-07-01 08:00 UTC   4h") && !strings.HasPrefix(l, ansiRed) {
			t.Errorf("an overdue SIRO notification is red: %q", l)
		}
		if strings.Contains(l, "rca.lead@example.nhs.uk") && strings.Contains(l, "ransomware") && !strings.HasPrefix(l, ansiGreen) {
			t.Errorf("an RCA awaiting sign-off on time is green: %q", l)
		}
		if strings.Contains(l, "overdue by 2h") && !strings.HasPrefix(l, ansiRed) {
			t.Errorf("learning still to share past its deadline is red: %q", l)
		}
		if strings.Contains(l, "\x1b") && !strings.HasSuffix(l, ansiReset) {
			t.Errorf("a coloured row must end with a reset: %q", l)
		}
	}
}

func TestUseColour(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	terminal := func(io.Writer) bool { return true }
	notTerminal := func(io.Writer) bool { return false }
	for _, tc := range []struct {
		name     string
		noColor  bool
		env      map[string]string
		terminal func(io.Writer) bool
		want     bool
	}{
		{"a terminal", false, nil, terminal, true},
		{"a pipe or file", false, nil, notTerminal, false},
		{"--no-color", true, nil, terminal, false},
		{"NO_COLOR set", false, map[string]string{"NO_COLOR": "1"}, terminal, false},
		{"NO_COLOR empty", false, map[string]string{"NO_COLOR": ""}, terminal, true},
		{"TERM=dumb", false, map[string]string{"TERM": "dumb"}, terminal, false},
	} {
		if got := useColour(io.Discard, tc.noColor, env(tc.env), tc.terminal); got != tc.want {
			t.Errorf("%s: colour %v, want %v", tc.name, got, tc.want)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) || isTerminal(&bytes.Buffer{}) {
		t.Error("a pipe and a buffer are not terminals")
	}
}

func TestStatusUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"status", "-A", "-n", "x"}, "error: -A and -n are mutually exclusive"},
		{[]string{"status", "incidents"}, "error: status takes no arguments, got incidents"},
		{[]string{"status", "--due-soon-window", "0s"}, "error: the due-soon window must be positive, got 0s"},
		{[]string{"status", "--due-soon-window", "3 days"}, `error: invalid value "3 days" for flag -due-soon-window`},
	} {
		h := newHarness(t)
		if code := h.runAt(fixtures.OnCallNow, tc.args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.HasPrefix(h.stderr.String(), tc.want) {
			t.Errorf("%v: stderr = %q, want it to start with %q", tc.args, h.stderr.String(), tc.want)
		}
	}
	h := newHarness(t)
	if code := h.runAt(fixtures.OnCallNow, "status", "-h"); code != 0 || !strings.Contains(h.stdout.String(), "-A, --all-namespaces") || !strings.Contains(h.stdout.String(), "--due-soon-window DURATION") {
		t.Errorf("help: exit %d\n%s", code, h.stdout.String())
	}
}
