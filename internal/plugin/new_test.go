package plugin

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/lint"
)

// newArgs makes one object of each kind, all about one incident, and the
// year's process review with an action it raised.
var newArgs = map[string][]string{
	"incident":      {"new", "incident", "lost-laptop"},
	"rca":           {"new", "rca", "lost-laptop"},
	"action":        {"new", "action", "lost-laptop-encryption", "--incident", "lost-laptop"},
	"report":        {"new", "report", "fy-2026-27"},
	"processreview": {"new", "processreview", "annual-review-2026"},
	"review-action": {"new", "action", "smartcard-readers", "--process-review", "annual-review-2026"},
}

// fills are the values a reviewer writes in place of the placeholders,
// by kind and field name.
var fills = map[string]map[string]string{
	"incident": {
		"title": "Unencrypted laptop left on a train", "summary": "A laptop with referral letters was lost.",
		"type": "Incident", "category": "PersonalDataBreach", "severity": "Medium",
		"detectedAt": "2026-05-12T08:40:00Z", "owner": "team:information-governance", "siro": "siro@example.nhs.uk",
	},
	"rca": {
		"lead": "team:information-governance", "whatHappened": "The laptop was not encrypted.",
		"containment": "The device was wiped remotely.", "lessonsLearned": "Encrypt every laptop.",
		"type": "Technical", "description": "Disk encryption was optional.",
		"organisationalFactors": "Laptops were issued before the build was checked.",
		"responsePlanAdequacy":  "Adequate.", "remedialActivities": "The wipe worked.",
		"personnelCompetency": "Staff reported the loss at once.", "url": "https://example.nhs.uk/inc-1",
	},
	"action": {
		"title": "Encrypt every laptop", "description": "No laptop leaves the build unencrypted.",
		"area": "SystemConfiguration", "priority": "High", "owner": "team:infrastructure",
		"dueDate": "2026-07-01T17:00:00Z",
	},
	"report": {"from": "2026-04-01T00:00:00Z", "siro": "siro@example.nhs.uk"},
	"processreview": {
		"heldAt": "2026-11-18T10:00:00Z", "title": "Annual data security process workshop 2026/27",
		"processes": "Starters, movers and leavers; remote access.", "chair": "team:information-governance",
		"role": "Ward clerks", "count": "4", "findings": "Smartcard readers fail often enough to force shared log-ins.",
	},
	"review-action": {
		"title": "Replace the failing smartcard readers", "description": "No ward shares a log-in.",
		"area": "SystemConfiguration", "priority": "High", "owner": "team:infrastructure",
		"dueDate": "2027-01-29T17:00:00Z",
	},
}

// placeholderLine is a field whose value is a placeholder, comment kept.
var placeholderLine = regexp.MustCompile(`^(\s*(?:- )?)(\w+): ` + lint.Placeholder + `(.*)$`)

// fill replaces each placeholder of a kind's YAML with its value in fills.
func fill(t *testing.T, kind, yaml string) string {
	t.Helper()
	lines := strings.Split(yaml, "\n")
	for i, line := range lines {
		if !strings.Contains(line, lint.Placeholder) || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		m := placeholderLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("%s: a placeholder the test cannot fill: %q", kind, line)
		}
		v, ok := fills[kind][m[2]]
		if !ok {
			t.Fatalf("%s: no value to fill %s with", kind, m[2])
		}
		lines[i] = m[1] + m[2] + ": " + v + m[3]
	}
	return strings.Join(lines, "\n")
}

// writeNew runs new for every kind, passes each output through edit and
// writes it to a folder, which it returns.
func writeNew(t *testing.T, edit func(kind, yaml string) string) string {
	t.Helper()
	dir := t.TempDir()
	for kind, args := range newArgs {
		h := newHarness(t)
		if code := h.run(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, h.stderr.String())
		}
		if err := os.WriteFile(filepath.Join(dir, kind+".yaml"), []byte(edit(kind, h.stdout.String())), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func lintFolder(t *testing.T, dir string) lint.Result {
	t.Helper()
	files, err := lint.FindFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := lint.Check(context.Background(), files, lintNow)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestNewFilledLintsClean(t *testing.T) {
	dir := writeNew(t, func(kind, yaml string) string { return fill(t, kind, yaml) })
	res := lintFolder(t, dir)
	if res.Objects != len(newArgs) {
		t.Errorf("%d objects checked, want %d", res.Objects, len(newArgs))
	}
	for _, f := range res.Findings {
		if !f.Warning {
			t.Errorf("filled in, yet: %s", f)
		}
	}
}

func TestNewUnfilledIsRefused(t *testing.T) {
	placeholders := 0
	dir := writeNew(t, func(_, yaml string) string {
		for _, line := range strings.Split(yaml, "\n") {
			if placeholderLine.MatchString(line) {
				placeholders++
			}
		}
		return yaml
	})
	res := lintFolder(t, dir)
	refused := 0
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "is a placeholder: fill it in") {
			refused++
		}
	}
	if placeholders == 0 || refused != placeholders {
		t.Errorf("%d placeholder findings for %d placeholders:\n%v", refused, placeholders, res.Findings)
	}
}

func TestNewGuidance(t *testing.T) {
	h := newHarness(t)
	if code := h.run("new", "action", "a", "-n", "ig"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	out := h.stdout.String()
	wants := []string{"namespace: ig\n", "priority, a responsible owner and a deadline", "never a sanction"}
	for _, a := range v1alpha1.ImprovementAreas {
		wants = append(wants, "#   "+string(a)+" ")
	}
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("the action lacks %q:\n%s", want, out)
		}
	}
	h = newHarness(t)
	h.run("new", "rca", "x")
	for _, want := range []string{"name processes, not people", "organisational processes and\n# vulnerabilities", "    name: x\n"} {
		if !strings.Contains(h.stdout.String(), want) {
			t.Errorf("the rca lacks %q", want)
		}
	}
}

func TestNewUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "incident"}, "a kind (incident, rca, action, report or processreview) and a name are required"},
		{[]string{"new", "ticket", "x"}, `unknown kind "ticket"`},
		{[]string{"new", "incident", "Bad_Name"}, `invalid name "Bad_Name"`},
		{[]string{"new", "incident", "x", "-n", "a.b"}, `invalid namespace "a.b"`},
		{[]string{"new", "report", "x", "--incident", "y"}, "--incident applies to an rca or an action"},
		{[]string{"new", "processreview", "x", "--incident", "y"}, "--incident applies to an rca or an action, not a processreview"},
		{[]string{"new", "rca", "x", "--process-review", "y"}, "--process-review applies to an action, not a rca"},
		{[]string{"new", "action", "x", "--incident", "y", "--process-review", "z"}, "an action belongs to an incident or to a process review, not both"},
		{[]string{"new", "action", "x", "--process-review", "Annual_Review"}, `invalid process review name "Annual_Review"`},
	} {
		h := newHarness(t)
		if code := h.run(tc.args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.Contains(h.stderr.String(), tc.want) {
			t.Errorf("%v: stderr = %q, want %q", tc.args, h.stderr.String(), tc.want)
		}
	}
}

// The process review carries the guidance of Data Security Standard 5 and
// asks for user representatives; an action raised by it names the review
// and no incident.
func TestNewProcessReviewGuidance(t *testing.T) {
	h := newHarness(t)
	if code := h.run("new", "processreview", "annual-review-2026", "-n", "ig"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	out := h.stdout.String()
	for _, want := range []string{
		"kind: ProcessReview\n", "  name: annual-review-2026\n", "namespace: ig\n",
		"Data Security Standard 5", "at least\n# once a year", "workarounds", "user representation is crucial",
		"  - group: UserRepresentative\n", "name no one",
		"kubectl lessons new action NAME --process-review annual-review-2026",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the process review lacks %q:\n%s", want, out)
		}
	}
	for _, g := range v1alpha1.ParticipantGroups {
		if !strings.Contains(out, string(g)) {
			t.Errorf("the process review does not name the group %s", g)
		}
	}

	h = newHarness(t)
	if code := h.run("new", "action", "smartcard-readers", "--process-review", "annual-review-2026"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	out = h.stdout.String()
	if !strings.Contains(out, "  processReviewRef:\n") || !strings.Contains(out, "    name: annual-review-2026\n") {
		t.Errorf("the action does not name its process review:\n%s", out)
	}
	if strings.Contains(out, "incidentRef:") {
		t.Errorf("an action raised by a process review names an incident too:\n%s", out)
	}
}
