package lint

import (
	"path/filepath"
	"strings"
	"testing"
)

// annualReview is a process review held with staff and user
// representatives, which looked at one incident, and an action it raised.
const annualReview = `apiVersion: lessons.dspt.io/v1alpha1
kind: ProcessReview
metadata:
  name: annual-review-2026
spec:
  heldAt: "2026-11-18T10:00:00Z"
  title: Annual data security process workshop 2026/27
  chair: team:information-governance
  participants:
  - group: Staff
    role: Ward clerks
    count: 6
  - group: UserRepresentative
    count: 2
  workarounds:
  - Shared log-ins on the ward PC when the smartcard reader fails.
  incidentsReviewed:
  - lost-laptop
  - phishing-2025
---
apiVersion: lessons.dspt.io/v1alpha1
kind: ImprovementAction
metadata:
  name: smartcard-readers
spec:
  processReviewRef:
    name: annual-review-2026
  title: Replace the failing smartcard readers on the wards
  area: SystemConfiguration
  priority: High
  owner: team:infrastructure
  dueDate: "2027-03-31T17:00:00Z"
`

// lostLaptop is an incident with its analysis, so that it is reviewed
// and analysed as the linter asks.
const lostLaptop = `apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: lost-laptop
spec:
  title: Unencrypted laptop lost on a train
  type: NearMiss
  category: PersonalDataBreach
  severity: Low
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

// A process review is checked against its CRD, and across the folder: an
// incident it reviewed that the folder lacks is warned of (it may be
// kept elsewhere), an action naming a review the folder lacks is a
// dangling reference as an action naming a missing incident is, and a
// review without user representatives is warned of, as the operator's
// UserRepresentation condition says.
func TestProcessReviewCheckedAcrossTheFolder(t *testing.T) {
	dir := writeFiles(t, map[string]string{"review.yaml": annualReview, "incident.yaml": lostLaptop})
	at := filepath.ToSlash(filepath.Join(dir, "review.yaml"))
	res, _ := lintPaths(t, dir)
	assertFindings(t, res.Findings, []string{
		at + `:19: warning: processreview/annual-review-2026: spec.incidentsReviewed names no Incident "phishing-2025" in the folder: the review cannot be traced to it; add the incident or correct the name`,
	})
	if res.Objects != 4 {
		t.Errorf("%d objects checked, want 4", res.Objects)
	}

	// The action's review renamed, its participants all staff, in a
	// namespace of their own.
	broken := strings.NewReplacer(
		"    name: annual-review-2026", "    name: annual-reveiw-2026",
		"  - group: UserRepresentative\n", "  - group: Clinical\n",
		"metadata:\n", "metadata:\n  namespace: trust-a\n",
	).Replace(annualReview)
	dir = writeFiles(t, map[string]string{"review.yaml": broken})
	at = filepath.ToSlash(filepath.Join(dir, "review.yaml"))
	res, _ = lintPaths(t, dir)
	assertFindings(t, res.Findings, []string{
		at + `:5: warning: processreview/annual-review-2026: no UserRepresentative among the participants: Data Security Standard 5 asks that users of the processes take part in their review`,
		at + `:19: warning: processreview/annual-review-2026: spec.incidentsReviewed names no Incident "lost-laptop" in namespace "trust-a" in the folder: the review cannot be traced to it; add the incident or correct the name`,
		at + `:20: warning: processreview/annual-review-2026: spec.incidentsReviewed names no Incident "phishing-2025" in namespace "trust-a" in the folder: the review cannot be traced to it; add the incident or correct the name`,
		at + `:29: improvementaction/smartcard-readers: dangling processReviewRef: no ProcessReview "annual-reveiw-2026" in namespace "trust-a" in the folder`,
	})
}

// What the API server refuses of a process review, and of an action's
// references, lint refuses at the line, in the CRD's words.
func TestProcessReviewSchemaOffline(t *testing.T) {
	broken := strings.NewReplacer(
		`heldAt: "2026-11-18T10:00:00Z"`, `heldAt: "3026-11-18T10:00:00Z"`,
		"    count: 6", "    count: 0",
		"  - group: UserRepresentative", "  - group: Patients",
		"  processReviewRef:\n", "  incidentRef: {name: lost-laptop}\n  processReviewRef:\n",
	).Replace(annualReview)
	dir := writeFiles(t, map[string]string{"review.yaml": broken, "incident.yaml": lostLaptop})
	at := filepath.ToSlash(filepath.Join(dir, "review.yaml"))
	res, _ := lintPaths(t, dir)
	assertFindings(t, res.Findings, []string{
		at + `:1: processreview/annual-review-2026: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
		at + `:4: warning: processreview/annual-review-2026: no UserRepresentative among the participants: Data Security Standard 5 asks that users of the processes take part in their review`,
		at + `:12: processreview/annual-review-2026: spec.participants[0].count: Invalid value: 0: spec.participants[0].count in body should be greater than or equal to 1`,
		at + `:13: processreview/annual-review-2026: spec.participants[1].group: Unsupported value: "Patients": supported values: "Staff", "UserRepresentative", "InformationGovernance", "CyberSecurity", "Clinical", "Management", "Board", "Supplier"`,
		at + `:19: warning: processreview/annual-review-2026: spec.incidentsReviewed names no Incident "phishing-2025" in the folder: the review cannot be traced to it; add the incident or correct the name`,
		at + `:25: improvementaction/smartcard-readers: spec: Invalid value: exactly one of spec.incidentRef and spec.processReviewRef is required: an action carries out the lessons of one Incident, or an improvement raised by one ProcessReview`,
		// Named by both, the action is judged against its incident too.
		at + `:33: warning: improvementaction/smartcard-readers: due 2027-03-31T17:00:00Z, later than a High priority allows: 90d after the incident's detection, by 2026-08-10T08:40:00Z (the operator's default timescale); bring the deadline forward or agree the priority`,
	})

	// With the blocking errors fixed, the CEL rule on heldAt runs; an
	// action with no reference at all is refused.
	fixed := strings.NewReplacer("    count: 0", "    count: 6", "  - group: Patients", "  - group: UserRepresentative",
		"  incidentRef: {name: lost-laptop}\n  processReviewRef:\n    name: annual-review-2026\n", "").Replace(broken)
	dir = writeFiles(t, map[string]string{"review.yaml": fixed, "incident.yaml": lostLaptop})
	at = filepath.ToSlash(filepath.Join(dir, "review.yaml"))
	res, _ = lintPaths(t, dir)
	assertFindings(t, res.Findings, []string{
		at + `:6: processreview/annual-review-2026: spec.heldAt: Invalid value: "3026-11-18T10:00:00Z": must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z`,
		at + `:19: warning: processreview/annual-review-2026: spec.incidentsReviewed names no Incident "phishing-2025" in the folder: the review cannot be traced to it; add the incident or correct the name`,
		at + `:25: improvementaction/smartcard-readers: spec: Invalid value: exactly one of spec.incidentRef and spec.processReviewRef is required: an action carries out the lessons of one Incident, or an improvement raised by one ProcessReview`,
	})
}

// A placeholder left in a process review is refused, as in every kind.
func TestProcessReviewPlaceholdersRefused(t *testing.T) {
	dir := writeFiles(t, map[string]string{"review.yaml": strings.Replace(annualReview, "role: Ward clerks", "role: "+Placeholder, 1), "incident.yaml": lostLaptop})
	at := filepath.ToSlash(filepath.Join(dir, "review.yaml"))
	res, _ := lintPaths(t, dir)
	assertFindings(t, res.Findings, []string{
		at + `:11: processreview/annual-review-2026: spec.participants[0].role: REPLACE-ME is a placeholder: fill it in`,
		at + `:19: warning: processreview/annual-review-2026: spec.incidentsReviewed names no Incident "phishing-2025" in the folder: the review cannot be traced to it; add the incident or correct the name`,
	})
}
