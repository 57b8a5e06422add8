package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The rules on occurredAt, external reports, themes and related incidents
// reach the linter with the CRD's schema and CEL rules, at the lines of the
// fields, as the API server would refuse them; an incident that names
// itself as related is warned of, and so are facts that disagree, as the
// operator's FactsConsistent condition says.
func TestLearningFieldsCheckedOffline(t *testing.T) {
	const d = "testdata/learning/incidents.yaml"
	const noRCA = "no root cause analysis yet (DSPT D2.a asks for one after every incident and near miss)"
	const itself = "spec.relatedIncidents names the incident itself: list other incidents that share a cause or a theme with it"
	res, _ := lintPaths(t, filepath.FromSlash(d))
	assertFindings(t, res.Findings, []string{
		d + `:4: incident/lost-laptop: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
		d + `:7: warning: incident/lost-laptop: ` + noRCA,
		d + `:17: incident/lost-laptop: spec.themes[1]: Invalid value: "Encryption": spec.themes[1] in body should match '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'`,
		d + `:18: incident/lost-laptop: spec.relatedIncidents[1]: Invalid value: "Phishing_2025": spec.relatedIncidents[1] in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'`,
		d + `:18: warning: incident/lost-laptop: ` + itself,
		d + `:24: incident/lost-laptop: spec.externalReports[1].authority: Unsupported value: "GDPR": supported values: "ICO", "NHSEngland", "DHSC", "NCSC", "Police", "Other"`,
		d + `:30: warning: incident/stolen-phone: recorded facts disagree: spec.externalReports[0].reportedAt (2026-05-12T09:00:00Z) is before the incident's spec.detectedAt (2026-05-12T18:40:00Z); correct the fact that is wrong`,
		d + `:30: warning: incident/stolen-phone: ` + noRCA,
		d + `:36: incident/stolen-phone: spec.occurredAt: Invalid value: spec.occurredAt must not be after spec.detectedAt: it is when the incident began, detection came later`,
		d + `:40: warning: incident/stolen-phone: ` + itself,
		d + `:42: incident/stolen-phone: spec.externalReports: Invalid value: spec.externalReports[].reportedAt must not be before spec.detectedAt`,
	})
}

// Facts are judged against the analysis that speaks for the incident, as
// the operator chooses it: a draft listed first, whose dwell time is
// longer than the incident lasted, is not the one that counts.
func TestFactsAreJudgedOnTheChosenAnalysis(t *testing.T) {
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "config", "samples", f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	draft := `apiVersion: lessons.dspt.io/v1alpha1
kind: RootCauseAnalysis
metadata:
  name: an-early-draft
spec:
  incidentRef: {name: phishing-credential-compromise-2025-05}
  lead: team:cyber-security
  cyberAttack:
    attackerDwellTime: 100h
`
	dir := writeFiles(t, map[string]string{
		"a-draft.yaml":   draft,
		"incident.yaml":  read("lessons_v1alpha1_incident.yaml"),
		"submitted.yaml": read("lessons_v1alpha1_rootcauseanalysis.yaml"),
	})
	res, _ := lintPaths(t, dir)
	for _, f := range res.Findings {
		if strings.Contains(f.String(), "recorded facts disagree") {
			t.Errorf("the draft was judged, not the submitted analysis that speaks for the incident: %s", f)
		}
	}
	// The submitted analysis's own dwell time, made too long, is found.
	long := strings.Replace(read("lessons_v1alpha1_rootcauseanalysis.yaml"), "attackerDwellTime: 36h", "attackerDwellTime: 100h", 1)
	res, _ = lintPaths(t, writeFiles(t, map[string]string{"a-draft.yaml": draft, "incident.yaml": read("lessons_v1alpha1_incident.yaml"), "submitted.yaml": long}))
	found := false
	for _, f := range res.Findings {
		found = found || strings.Contains(f.String(), "analysis phishing-credential-compromise-2025-05's spec.cyberAttack.attackerDwellTime (4d4h)")
	}
	if !found {
		t.Errorf("the chosen analysis's dwell time was not judged: %v", res.Findings)
	}
}
