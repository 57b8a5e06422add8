package lint

import (
	"path/filepath"
	"strings"
	"testing"
)

// reportSignedOffWith is a LessonsReport approved with assessment.
const reportSignedOffWith = `apiVersion: lessons.dspt.io/v1alpha1
kind: LessonsReport
metadata:
  name: fy-2026-27
spec:
  period:
    from: "2026-04-01T00:00:00Z"
    to: "2027-04-01T00:00:00Z"
  siro: siro@example.nhs.uk
  signOff:
    decision: Approved
    by: siro@example.nhs.uk
    at: "2027-04-20T10:00:00Z"
    assessment: %s
`

// The SIRO's assessment belongs on a report's sign-off, bounded in size;
// an RCA's sign-off takes none.
func TestAssessment(t *testing.T) {
	rca := `apiVersion: lessons.dspt.io/v1alpha1
kind: RootCauseAnalysis
metadata:
  name: phishing-rca
spec:
  incidentRef:
    name: phishing
  lead: team:cyber-security
  state: Submitted
  signOff:
    decision: Approved
    by: siro@example.nhs.uk
    at: "2026-06-01T10:00:00Z"
    assessment: Handled well.
`
	dir := writeFiles(t, map[string]string{
		"report.yaml":      strings.Replace(reportSignedOffWith, "%s", "Phishing came back twice; training is the priority.", 1),
		"long-report.yaml": strings.Replace(strings.Replace(reportSignedOffWith, "%s", strings.Repeat("a", 16385), 1), "fy-2026-27", "long", 1),
		"rca.yaml":         rca,
	})
	res, _ := lintPaths(t, dir)
	at := func(f string) string { return filepath.ToSlash(filepath.Join(dir, f)) }
	var got []string
	for _, f := range res.Findings {
		got = append(got, filepath.ToSlash(f.String()))
	}
	joined := strings.Join(got, "\n")
	if strings.Contains(joined, at("report.yaml")) {
		t.Errorf("a report's assessment is refused:\n%s", joined)
	}
	for _, want := range []string{
		at("long-report.yaml") + ":14: lessonsreport/long: spec.signOff.assessment: Too long: may not be more than 16384 bytes",
		at("rca.yaml") + ":10: rootcauseanalysis/phishing-rca: spec.signOff: Invalid value: spec.signOff.assessment belongs to a LessonsReport's sign-off",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("findings lack %q:\n%s", want, joined)
		}
	}
}
