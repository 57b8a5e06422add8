package lint

import (
	"path/filepath"
	"testing"
)

// A submitted analysis without organisationalFactors, written before the
// section was required, is refused as the API server refuses it on create.
func TestSubmittedWithoutOrganisationalFactors(t *testing.T) {
	const d = "testdata/legacy/"
	res, _ := lintPaths(t, filepath.FromSlash(d))
	assertFindings(t, res.Findings, []string{
		d + `review.yaml:20: rootcauseanalysis/misdirected-referral: spec.organisationalFactors: Invalid value: a submitted RCA needs spec.organisationalFactors: ` +
			`describe the organisational processes and vulnerabilities behind the incident, or set spec.state to Draft`,
	})
	if errs, warnings := res.Counts(); errs != 1 || warnings != 0 || res.Objects != 2 {
		t.Errorf("%d errors and %d warnings in %d objects, want 1 and 0 in 2", errs, warnings, res.Objects)
	}
}
