package lint

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
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

// lintNow is the present of the tests: after the clean folder's and the
// samples' completedAt, long before the broken folder's.
var lintNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// lintPaths finds the files of paths and checks them at lintNow, as the
// command does.
func lintPaths(t *testing.T, paths ...string) (Result, []string) {
	t.Helper()
	files, err := FindFiles(paths)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(context.Background(), files, lintNow)
	if err != nil {
		t.Fatal(err)
	}
	return res, files
}

// assertFindings compares the findings, as the command prints them, with
// want.
func assertFindings(t *testing.T, got []Finding, want []string) {
	t.Helper()
	var g []string
	for _, f := range got {
		g = append(g, filepath.ToSlash(f.String()))
	}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("got %d findings:\n%s\nwant %d:\n%s", len(g), strings.Join(g, "\n"), len(want), strings.Join(want, "\n"))
	}
}

func TestSamplesAreClean(t *testing.T) {
	files, err := FindFiles([]string{filepath.Join("..", "..", "config", "samples"), filepath.Join("..", "..", "config", "samples-organisation")})
	if err != nil {
		t.Fatal(err)
	}
	l, err := check(context.Background(), files, lintNow)
	if err != nil {
		t.Fatal(err)
	}
	assertFindings(t, l.findings, nil)
	// The samples tell one story in every kind: each was checked.
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

func TestCleanFolder(t *testing.T) {
	res, files := lintPaths(t, filepath.Join("testdata", "clean"))
	assertFindings(t, res.Findings, nil)
	// Four files: the kustomization's patch file (a partial Incident) and
	// the hidden folder are not read; the ConfigMap is not counted.
	if res.Objects != 6 || len(files) != 4 {
		t.Errorf("%d objects in %d files %q, want 6 in 4", res.Objects, len(files), files)
	}
}

func TestBrokenFolder(t *testing.T) {
	const d = "testdata/broken/"
	res, files := lintPaths(t, filepath.FromSlash("testdata/broken"))
	assertFindings(t, res.Findings, []string{
		d + `actions.yml:1: improvementaction/encrypt-laptops: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: spec.dueDate: Required value`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: spec.owner: Required value`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: no owner: DSPT D2.b asks for a responsible owner for every improvement action`,
		d + `actions.yml:6: improvementaction/encrypt-laptops: no due date: DSPT D2.b asks for a deadline for every improvement action`,
		d + `actions.yml:18: improvementaction/restore-test: spec.evidence: Invalid value: at least one spec.evidence item is required when spec.state is Done`,
		d + `actions.yml:25: warning: improvementaction/restore-test: due 2026-07-31T17:00:00Z, later than a Critical priority allows: 30d after the incident's detection, by 2026-06-19T02:00:00Z (the operator's default timescale); bring the deadline forward or agree the priority`,
		d + `actions.yml:27: warning: improvementaction/restore-test: completed 2996-07-01T12:00:00Z, which has not come yet: the operator counts the action as open until then; write the time the work was done`,
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
	if errs, warnings := res.Counts(); errs != 16 || warnings != 4 || res.Objects != 9 || len(files) != 6 {
		t.Errorf("%d errors and %d warnings in %d objects (%d files), want 16 and 4 in 9 (6 files)", errs, warnings, res.Objects, len(files))
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
func TestCELRuleAtTheLineOfTheField(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml":        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: trust-a\n---\n" + strings.Replace(incidentWithoutSIRO, "%s", "Incident", 1),
		"near-miss.yml": strings.NewReplacer("%s", "NearMiss", "lost-laptop", "near-miss").Replace(incidentWithoutSIRO),
	})
	res, _ := lintPaths(t, dir)
	want := filepath.ToSlash(filepath.Join(dir, "a.yaml")) + ":11: incident/lost-laptop: spec.siro: Invalid value: spec.siro is required when spec.type is Incident: incidents are reported to the Senior Information Risk Owner"
	assertFindings(t, res.Findings, []string{want})
}

func TestSchemaErrorsPointAtTheirLines(t *testing.T) {
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
	at := filepath.ToSlash(f)
	res, _ := lintPaths(t, f)
	assertFindings(t, res.Findings, []string{
		at + `:1: rootcauseanalysis/Phishing_RCA: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
		at + `:4: rootcauseanalysis/Phishing_RCA: metadata.name: Invalid value: "Phishing_RCA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		at + `:5: rootcauseanalysis/Phishing_RCA: unknown field "metadata.colour"`,
		at + `:13: rootcauseanalysis/Phishing_RCA: spec.causes[1].type: Unsupported value: "Human": supported values: "Technical", "NonTechnical"`,
		at + `:15: rootcauseanalysis/Phishing_RCA: unknown field "spec.causes[1].weight"`,
		at + `:23: rootcauseanalysis/Phishing_RCA: unknown field "status.surprise"`,
		at + `:35: incident/phishing: spec.containedAt: Invalid value: spec.containedAt must not be before spec.detectedAt`,
		at + `:39: incidnet/typo: no matches for kind "Incidnet" in version "lessons.dspt.io/v1alpha1": the kinds of lessons.dspt.io are ImprovementAction, Incident, LessonsReport, ProcessReview, RootCauseAnalysis`,
	})

	// Once the blocking errors are fixed, the CEL rules run: the URL rule
	// points at the second evidence item's url.
	fixed := strings.NewReplacer("Phishing_RCA", "phishing", "  colour: blue\n", "", "Human", "NonTechnical", "    weight: 3\n", "", "  surprise: true\n", "").Replace(mustRead(t, f))
	if err := os.WriteFile(f, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ = lintPaths(t, f)
	assertFindings(t, res.Findings, []string{
		at + `:18: rootcauseanalysis/phishing: spec.evidence[1].url: Invalid value: "ftp://files.example.nhs.uk/report.pdf": must be an http(s) URL`,
		at + `:32: incident/phishing: spec.containedAt: Invalid value: spec.containedAt must not be before spec.detectedAt`,
		at + `:36: incidnet/typo: no matches for kind "Incidnet" in version "lessons.dspt.io/v1alpha1": the kinds of lessons.dspt.io are ImprovementAction, Incident, LessonsReport, ProcessReview, RootCauseAnalysis`,
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

func TestFindFiles(t *testing.T) {
	clean := filepath.Join("testdata", "clean")
	got, err := FindFiles([]string{clean, filepath.Join(clean, "near-miss.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	// The patch file and the hidden folder are left out; a file is listed
	// once, however often it is named.
	want := []string{"kustomization.yaml", "near-miss.yaml", "phishing/incident.yaml", "phishing/review.yml"}
	for i := range want {
		want[i] = filepath.Join(clean, filepath.FromSlash(want[i]))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindFiles = %q, want %q", got, want)
	}

	dir := writeFiles(t, map[string]string{"incident.txt": "kind: Incident\n"})
	if got, err := FindFiles([]string{dir}); err != nil || len(got) != 0 {
		t.Errorf("a folder is read for *.yaml and *.yml only: %q, %v", got, err)
	}
	named := filepath.Join(dir, "incident.txt")
	if got, err := FindFiles([]string{named}); err != nil || !reflect.DeepEqual(got, []string{named}) {
		t.Errorf("a file named is read whatever its name: %q, %v", got, err)
	}

	missing := filepath.Join("testdata", "no-such-folder")
	if _, err := FindFiles([]string{missing}); err == nil || err.Error() != "cannot read "+missing+": no such file or directory" {
		t.Errorf("a missing path: %v", err)
	}
}

// An object with no metadata is refused for its missing name, as the API
// server refuses it, rather than stopping the run.
func TestObjectWithoutMetadata(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": "apiVersion: lessons.dspt.io/v1alpha1\nkind: Incident\n"})
	res, _ := lintPaths(t, dir)
	at := filepath.ToSlash(filepath.Join(dir, "a.yaml"))
	assertFindings(t, res.Findings, []string{
		at + ":1: incident: metadata.name: Required value: name or generateName is required",
		at + ":1: incident: spec: Required value",
		at + ":1: incident: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
	})
}
