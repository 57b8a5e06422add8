package plugin

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFiles writes files (name: content) under a new temporary folder
// and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func assertLines(t *testing.T, got string, want []string) {
	t.Helper()
	g := lines(got)
	if !reflect.DeepEqual(g, want) {
		t.Errorf("got %d lines:\n%s\nwant %d lines:\n%s", len(g), strings.Join(g, "\n"), len(want), strings.Join(want, "\n"))
	}
}

func TestLintSamplesAreClean(t *testing.T) {
	samples := filepath.Join("..", "..", "config", "samples")
	h := newHarness(t)
	if code := h.run("lint", samples); code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, h.stdout.String(), h.stderr.String())
	}
	if h.stdout.Len() != 0 {
		t.Errorf("the samples must lint clean:\n%s", h.stdout.String())
	}
	if !strings.HasPrefix(h.stderr.String(), "0 errors and 0 warnings in ") {
		t.Errorf("stderr = %q", h.stderr.String())
	}
	// The samples tell one story in every kind: each was checked.
	files, err := lintFiles([]string{samples})
	if err != nil {
		t.Fatal(err)
	}
	l := &linter{}
	if l.schemas, err = loadCRDSchemas(); err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		l.lintFile(context.Background(), f, i, b)
	}
	kinds := map[string]bool{}
	for _, o := range l.objects {
		kinds[o.kind] = true
	}
	for _, k := range []string{"Incident", "RootCauseAnalysis", "ImprovementAction", "LessonsReport"} {
		if !kinds[k] {
			t.Errorf("no %s checked in the samples (checked: %v)", k, kinds)
		}
	}
}

func TestLintCleanFolder(t *testing.T) {
	h := newHarness(t)
	if code := h.run("lint", filepath.Join("testdata", "lint", "clean")); code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, h.stdout.String(), h.stderr.String())
	}
	if h.stdout.Len() != 0 {
		t.Errorf("unexpected findings:\n%s", h.stdout.String())
	}
	// Four files: the kustomization's patch file (a partial Incident) and
	// the hidden folder are not read; the ConfigMap is not counted.
	if got, want := h.stderr.String(), "0 errors and 0 warnings in 6 objects (4 files)\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestLintBrokenFolder(t *testing.T) {
	const d = "testdata/lint/broken/"
	h := newHarness(t)
	if code := h.run("lint", filepath.FromSlash("testdata/lint/broken")); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, h.stderr.String())
	}
	assertLines(t, filepath.ToSlash(h.stdout.String()), []string{
		d + `actions.yml:1: improvementaction/encrypt-laptops: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: spec.dueDate: Required value`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: spec.owner: Required value`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: no owner: DSPT D2.b asks for a responsible owner for every improvement action`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: no due date: DSPT D2.b asks for a deadline for every improvement action`,
		d + `actions.yml:18: improvementaction/restore-test: spec.evidence: Invalid value: at least one spec.evidence item is required when spec.state is Done`,
		d + `actions.yml:36: improvementaction/typo-in-reference: dangling incidentRef: no Incident "ransomwear" in namespace "trust-a" in the folder`,
		d + `incidents.yaml:5: warning: incident/lost-laptop: no root cause analysis yet (DSPT D2.a asks for one after every incident and near miss)`,
		d + `incidents.yaml:7: incident/lost-laptop: spec.siro: Invalid value: spec.siro is required when spec.type is Incident: incidents are reported to the Senior Information Risk Owner`,
		d + `incidents.yaml:16: incident/ransomware: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
		d + `incidents.yaml:25: incident/ransomware: spec.severity: Unsupported value: "Huge": supported values: "Low", "Medium", "High", "Critical"`,
		d + `incidents.yaml:29: incident/ransomware: unknown field "spec.colour"`,
		d + `nested/not-yaml.yaml:4: invalid YAML: did not find expected key`,
		d + `ransomware-copy.yaml:4: incident/ransomware: defined twice: also at ` + d + `incidents.yaml:19`,
		d + `reviews.yaml:19: warning: rootcauseanalysis/ransomware-second-opinion: incident "ransomware" has more than one root cause analysis: also rootcauseanalysis/ransomware at ` + d + `reviews.yaml:4 (the operator follows the most advanced one)`,
		d + `reviews.yaml:20: rootcauseanalysis/ransomware-second-opinion: spec.lead: Invalid value: "the external incident response firm": must be an e-mail address (name@example.nhs.uk) or a team written as team:<name>`,
		d + `reviews.yaml:30: rootcauseanalysis/lost-laptop: dangling incidentRef: no Incident "lost-laptop" in namespace "trust-b" in the folder`,
		d + `wrong-version.yaml:1: incident/from-the-future: no matches for kind "Incident" in version "lessons.dspt.io/v1": use lessons.dspt.io/v1alpha1`,
	})
	if got, want := h.stderr.String(), "error: 16 errors and 2 warnings in 9 objects (6 files)\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

const incidentWithoutSIRO = `# Told to nobody.
apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: lost-laptop
spec:
  title: Unencrypted laptop lost on a train
  type: %s
  category: PersonalDataBreach
  severity: High
  detectedAt: "2026-05-12T08:40:00Z"
  owner: team:information-governance
---
apiVersion: lessons.dspt.io/v1alpha1
kind: RootCauseAnalysis
metadata:
  name: lost-laptop
spec:
  incidentRef: {name: lost-laptop}
  lead: team:information-governance
`

// The SIRO rule is a CEL rule of the CRD (x-kubernetes-validations), not
// an OpenAPI one: it names spec.siro, which is absent, so the message
// points at spec.
func TestLintCELRuleAtTheLineOfTheField(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml":        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: trust-a\n---\n" + strings.Replace(incidentWithoutSIRO, "%s", "Incident", 1),
		"near-miss.yml": strings.NewReplacer("%s", "NearMiss", "lost-laptop", "near-miss").Replace(incidentWithoutSIRO),
	})
	h := newHarness(t)
	if code := h.run("lint", dir); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, h.stderr.String())
	}
	want := filepath.Join(dir, "a.yaml") + ":11: incident/lost-laptop: spec.siro: Invalid value: spec.siro is required when spec.type is Incident: incidents are reported to the Senior Information Risk Owner"
	assertLines(t, h.stdout.String(), []string{want})
}

func TestLintSchemaErrorsPointAtTheirLines(t *testing.T) {
	dir := writeFiles(t, map[string]string{"rca.yaml": `apiVersion: lessons.dspt.io/v1alpha1
kind: RootCauseAnalysis
metadata:
  name: Phishing_RCA
  colour: blue
spec:
  incidentRef:
    name: phishing
  lead: team:cyber-security
  causes:
  - type: Technical
    description: Password-only webmail.
  - type: Human
    description: Someone clicked.
    weight: 3
  evidence:
  - description: Ticket
    url: https://servicedesk.example.nhs.uk/INC1
  - description: Report
    url: ftp://files.example.nhs.uk/report.pdf
status:
  phase: Finished
  surprise: true
---
apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: phishing
spec:
  title: Phishing
  type: NearMiss
  category: PersonalDataBreach
  severity: Low
  detectedAt: "2026-05-12T08:40:00Z"
  containedAt: "2026-05-11T08:40:00Z"
  owner: team:cyber-security
---
apiVersion: lessons.dspt.io/v1alpha1
kind: Incidnet
metadata:
  name: typo
`})
	f := filepath.Join(dir, "rca.yaml")
	h := newHarness(t)
	if code := h.run("lint", f); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, h.stderr.String())
	}
	assertLines(t, h.stdout.String(), []string{
		f + `:1: rootcauseanalysis/Phishing_RCA: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
		f + `:4: rootcauseanalysis/Phishing_RCA: metadata.name: Invalid value: "Phishing_RCA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		f + `:5: rootcauseanalysis/Phishing_RCA: unknown field "metadata.colour"`,
		f + `:13: rootcauseanalysis/Phishing_RCA: spec.causes[1].type: Unsupported value: "Human": supported values: "Technical", "NonTechnical"`,
		f + `:15: rootcauseanalysis/Phishing_RCA: unknown field "spec.causes[1].weight"`,
		f + `:23: rootcauseanalysis/Phishing_RCA: unknown field "status.surprise"`,
		f + `:35: incident/phishing: spec.containedAt: Invalid value: spec.containedAt must not be before spec.detectedAt`,
		f + `:39: incidnet/typo: no matches for kind "Incidnet" in version "lessons.dspt.io/v1alpha1": the kinds of lessons.dspt.io are ImprovementAction, Incident, LessonsReport, RootCauseAnalysis`,
	})

	// Once the blocking errors are fixed, the CEL rules run: the URL rule
	// points at the second evidence item's url.
	fixed := strings.NewReplacer("Phishing_RCA", "phishing", "  colour: blue\n", "", "Human", "NonTechnical", "    weight: 3\n", "", "  surprise: true\n", "").Replace(mustRead(t, f))
	if err := os.WriteFile(f, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t)
	h.run("lint", f)
	assertLines(t, h.stdout.String(), []string{
		f + `:18: rootcauseanalysis/phishing: spec.evidence[1].url: Invalid value: "ftp://files.example.nhs.uk/report.pdf": must be an http(s) URL`,
		f + `:32: incident/phishing: spec.containedAt: Invalid value: spec.containedAt must not be before spec.detectedAt`,
		f + `:36: incidnet/typo: no matches for kind "Incidnet" in version "lessons.dspt.io/v1alpha1": the kinds of lessons.dspt.io are ImprovementAction, Incident, LessonsReport, RootCauseAnalysis`,
	})
}

func mustRead(t *testing.T, f string) string {
	t.Helper()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLintWarningsFailOnlyWithStrict(t *testing.T) {
	dir := writeFiles(t, map[string]string{"incident.yaml": strings.Replace(strings.SplitN(incidentWithoutSIRO, "---\n", 2)[0], "%s", "NearMiss", 1)})
	warning := filepath.Join(dir, "incident.yaml") + ":5: warning: incident/lost-laptop: no root cause analysis yet (DSPT D2.a asks for one after every incident and near miss)"

	h := newHarness(t)
	if code := h.run("lint", dir); code != 0 {
		t.Fatalf("exit %d, want 0: %s", code, h.stderr.String())
	}
	assertLines(t, h.stdout.String(), []string{warning})
	if got, want := h.stderr.String(), "0 errors and 1 warning in 1 object (1 file)\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}

	h = newHarness(t)
	if code := h.run("lint", "--strict", dir); code != 1 {
		t.Fatalf("--strict: exit %d, want 1", code)
	}
	assertLines(t, h.stdout.String(), []string{warning})
	if got, want := h.stderr.String(), "error: 0 errors and 1 warning in 1 object (1 file); --strict fails on warnings\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestLintReadsNamedFilesWhateverTheirName(t *testing.T) {
	dir := writeFiles(t, map[string]string{"incident.txt": "apiVersion: lessons.dspt.io/v1alpha1\nkind: Incident\nmetadata:\n  name: x\nspec: {}\n"})
	h := newHarness(t)
	if code := h.run("lint", dir); code != 0 || !strings.Contains(h.stderr.String(), "warning: no lessons.dspt.io objects found in ") {
		t.Errorf("a folder is read for *.yaml and *.yml only: exit %d, %q", code, h.stderr.String())
	}
	h = newHarness(t)
	if code := h.run("lint", filepath.Join(dir, "incident.txt")); code != 1 || !strings.Contains(h.stdout.String(), "incident.txt:5: incident/x: spec.category: Required value") {
		t.Errorf("a file named is read: exit %d\n%s", code, h.stdout.String())
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

func TestSplitDocuments(t *testing.T) {
	in := "a: 1\n---\nb: 2\n--- # second\n# only a comment\n---x: not a separator\n---\n"
	got := splitDocuments([]byte(in))
	want := []yamlDocument{
		{line: 1, data: []byte("a: 1\n")},
		{line: 3, data: []byte("b: 2\n")},
		{line: 5, data: []byte("# only a comment\n---x: not a separator\n")},
		{line: 8},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestLineOf(t *testing.T) {
	doc := yamlDocument{line: 10, data: []byte(`# comment
kind: X
metadata:
  labels:
    app.kubernetes.io/name: x
spec:
  causes:
  - type: A
  - type: B
    description: d
  list: &l [1, 2]
  again: *l
`)}
	root, err := parseNode(doc)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{
		"":      11,
		"<nil>": 11,
		"kind":  11,
		"metadata.labels[app.kubernetes.io/name]": 14,
		"spec.causes[1].description":              19,
		"spec.causes[1]":                          18,
		"spec.causes[5].type":                     16,
		"spec.missing.deeper":                     15,
		"spec.again[1]":                           20,
	} {
		if got := lineOf(root, path); got != want {
			t.Errorf("lineOf(%q) = %d, want %d", path, got, want)
		}
	}
	if _, err := parseNode(yamlDocument{line: 5, data: []byte("a: b\n c: d: e\n")}); err == nil || err.Error() != "invalid YAML: mapping values are not allowed in this context" || err.(*yamlError).line != 6 {
		t.Errorf("syntax error = %v", err)
	}
	if n, err := parseNode(yamlDocument{line: 1, data: []byte("# nothing\n")}); n != nil || err != nil {
		t.Errorf("an empty document: %v, %v", n, err)
	}
}

func TestSplitFieldPath(t *testing.T) {
	for in, want := range map[string][]string{
		"spec.causes[0].type":                     {"spec", "causes", "0", "type"},
		"metadata.labels[app.kubernetes.io/name]": {"metadata", "labels", "app.kubernetes.io/name"},
		"spec": {"spec"},
		"":     nil,
	} {
		if got := splitFieldPath(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitFieldPath(%q) = %q, want %q", in, got, want)
		}
	}
}
