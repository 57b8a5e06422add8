package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

var reviewGoldenCases = []struct {
	name    string
	c       func() review.Case
	asAt    time.Time
	related []v1alpha1.Incident
}{
	{"review-closed-on-time", closedOnTimeCase, ts("2027-04-01T08:00:00Z").Time, nil},
	{"review-cyber-attack", cyberAttackCase, cyberAttackAsAt, relatedToCyberAttack()},
	{"review-no-analysis", noAnalysisCase, ts("2027-02-03T09:00:00Z").Time, nil},
}

func TestReviewMarkdownGolden(t *testing.T) {
	for _, tc := range reviewGoldenCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := ReviewMarkdown(&buf, tc.c(), tc.asAt, tc.related...); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.name, buf.String())
		})
	}
}

func reviewMarkdown(t *testing.T, c review.Case, asAt time.Time) string {
	t.Helper()
	var buf bytes.Buffer
	if err := ReviewMarkdown(&buf, c, asAt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestReviewSignOffStandsOnTheCondition(t *testing.T) {
	approved := func(edit func(*v1alpha1.RootCauseAnalysis)) review.Case {
		c := cyberAttackCase()
		edit(c.RCA)
		return c
	}
	for _, tc := range []struct {
		name string
		c    review.Case
		want string
	}{
		{"standing", cyberAttackCase(), "**Sign-off:** Signed off. Approved by david.okafor@example.nhs.uk on 26 May 2026 10:00 UTC.\n"},
		{"stale", approved(func(r *v1alpha1.RootCauseAnalysis) {
			r.Status.Conditions[0].Status, r.Status.Conditions[0].Reason = metav1.ConditionFalse, "IncidentChanged"
			r.Status.Conditions[0].Message = "the incident was reclassified"
		}), "**Sign-off:** Sign-off stale. Approved by david.okafor@example.nhs.uk on 26 May 2026 10:00 UTC, but what it was approved for has changed since (the incident was reclassified): the approval no longer stands, and the SIRO must review the analysis and sign off again.\n"},
		{"not judged yet", approved(func(r *v1alpha1.RootCauseAnalysis) { r.Status.Conditions = nil }),
			"**Sign-off:** Approval not yet confirmed. Approved by david.okafor@example.nhs.uk on 26 May 2026 10:00 UTC, but the operator has not yet confirmed that the approval stands.\n"},
		{"judged for an earlier generation", approved(func(r *v1alpha1.RootCauseAnalysis) { r.Generation = 2 }),
			"**Sign-off:** Approval not yet confirmed."},
		{"changes requested", approved(func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.SignOff.Decision, r.Spec.SignOff.Comment = v1alpha1.SignOffChangesRequested, "Add the dwell time."
		}), "**Sign-off:** Changes requested. The SIRO requested changes: david.okafor@example.nhs.uk on 26 May 2026 10:00 UTC. Comment: Add the dwell time.\n"},
		{"awaiting", approved(func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff, r.Status.Conditions = nil, nil }),
			"**Sign-off:** Not signed off. The analysis is submitted and waits for the SIRO's sign-off.\n"},
		{"draft", approved(func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff, r.Spec.State = nil, "" }),
			"**Sign-off:** Not signed off. The analysis is a draft: it has not been submitted for the SIRO's sign-off.\n"},
	} {
		if out := reviewMarkdown(t, tc.c, cyberAttackAsAt); !strings.Contains(out, tc.want) {
			t.Errorf("%s: want %q in\n%s", tc.name, tc.want, out)
		}
	}
}

func TestReviewMissingDataIsNotRecorded(t *testing.T) {
	c := noAnalysisCase()
	c.Incident.Status = v1alpha1.IncidentStatus{} // the operator has not seen it yet
	c.Incident.Spec.SIRO = ""
	out := reviewMarkdown(t, c, cyberAttackAsAt)
	wantIn(t, out,
		"| Contained | not recorded |",
		"| Senior Information Risk Owner (SIRO) | not recorded |",
		"| SIRO notified on time | not recorded (the operator has not assessed it yet) |",
		"## Timeline\n\nnot recorded (the operator records",
		"### Summary\n\nnot recorded\n",
	)
	if strings.Contains(out, "0m after detection") || strings.Contains(out, "1 January 0001") {
		t.Errorf("a missing time is shown as a value:\n%s", out)
	}
}

func TestReviewCyberSectionAndMissingSections(t *testing.T) {
	c := closedOnTimeCase()
	if out := reviewMarkdown(t, c, ts("2027-04-01T08:00:00Z").Time); !strings.Contains(out, "### Cyber attack\n\nNot applicable: the incident is not recorded as a cyber attack.\n") {
		t.Errorf("a non-cyber incident's section must say it does not apply:\n%s", out)
	}
	c.Incident.Spec.CyberAttack = true // reclassified: the section is now required
	out := reviewMarkdown(t, c, ts("2027-04-01T08:00:00Z").Time)
	wantIn(t, out,
		"Sections still required before the SIRO can sign off:\n\n- cyberAttack.exploitedWeaknesses: the weaknesses exploited\n",
		"#### Weaknesses exploited\n\nnot recorded\n",
		"#### Attacker dwell time\n\nnot recorded\n",
		"**Phase:** Draft",
		"**Sign-off:** Sign-off stale. Approved by siro@northshire.example.nhs.uk on 15 March 2027 08:45 UTC, but what it was approved for has changed since (required sections are missing): the approval no longer stands",
	)
}

func TestReviewExerciseNeedsNoSIRONotification(t *testing.T) {
	c := noAnalysisCase()
	c.Incident.Spec.Type = v1alpha1.IncidentTypeExercise
	c.Incident.Status.SIRONotification = v1alpha1.ReasonNotRequired
	out := reviewMarkdown(t, c, cyberAttackAsAt)
	wantIn(t, out, "| Type | Exercise (a test of the response plan) |", "| SIRO notified on time | Not required: an exercise has no SIRO notification deadline. |")
}

// An incident reclassified as an exercise after its SIRO deadline was
// missed keeps the breach in its evidence.
func TestReviewExerciseKeepsAMissedSIRONotification(t *testing.T) {
	c := noAnalysisCase()
	c.Incident.Spec.Type = v1alpha1.IncidentTypeExercise
	c.Incident.Status.SIRONotification = v1alpha1.ReasonNotRequired
	c.Incident.Status.SIRONotificationBreach = &v1alpha1.SIRONotificationBreach{DueAt: ts("2027-03-10T21:00:00Z"), NotifiedAt: tsp("2027-03-11T08:00:00Z")}
	out := reviewMarkdown(t, c, cyberAttackAsAt)
	wantIn(t, out, "| SIRO notified on time | No: not required now (an exercise has no SIRO notification deadline), but the deadline of 10 March 2027 21:00 UTC was missed while it applied, told 11 March 2027 08:00 UTC; the breach stays on record. |")
}

// An approval dated after the document's time is not believed there.
func TestReviewSignOffStillToCome(t *testing.T) {
	out := reviewMarkdown(t, closedOnTimeCase(), cyberAttackAsAt)
	wantIn(t, out, "**Phase:** Awaiting sign-off",
		"**Sign-off:** Approval dated ahead. Approved by siro@northshire.example.nhs.uk on 15 March 2027 08:45 UTC, a date still to come: the approval is not believed until then.")
}

func TestActionOutcomes(t *testing.T) {
	action := func(due, completed string, state v1alpha1.ActionState, extendedTo ...string) *v1alpha1.ImprovementAction {
		a := &v1alpha1.ImprovementAction{Spec: v1alpha1.ImprovementActionSpec{DueDate: ts(due), State: state}}
		if completed != "" {
			a.Spec.CompletedAt = tsp(completed)
		}
		for _, e := range extendedTo {
			a.Spec.Extensions = append(a.Spec.Extensions, v1alpha1.DeadlineExtension{DueDate: ts(e)})
		}
		return a
	}
	const due, agreed = "2026-09-30T17:00:00Z", "2026-10-31T17:00:00Z"
	asAt := ts("2026-11-02T17:00:00Z").Time
	cancelled := action(due, "", v1alpha1.ActionStateCancelled)
	cancelled.Spec.CancellationReason = "Superseded by the network replacement"
	for _, tc := range []struct {
		name string
		a    *v1alpha1.ImprovementAction
		want string
	}{
		{"on time", action(due, "2026-09-01T12:00:00Z", v1alpha1.ActionStateDone), "Completed 1 September 2026 12:00 UTC, by the deadline."},
		{"late", action(due, "2026-10-01T12:00:00Z", v1alpha1.ActionStateDone), "Completed 1 October 2026 12:00 UTC, after the deadline."},
		{"extended, by the original", action(due, "2026-09-01T12:00:00Z", v1alpha1.ActionStateDone, agreed), "Completed 1 September 2026 12:00 UTC, by the original deadline."},
		{"extended, by the agreed", action(due, "2026-10-01T12:00:00Z", v1alpha1.ActionStateDone, agreed), "Completed 1 October 2026 12:00 UTC, after the original deadline but by the agreed deadline."},
		{"extended, late", action(due, "2026-11-01T12:00:00Z", v1alpha1.ActionStateDone, agreed), "Completed 1 November 2026 12:00 UTC, after the original deadline and after the agreed deadline."},
		{"done, time not recorded", action(due, "", v1alpha1.ActionStateDone), "Done; when it was completed is not recorded."},
		{"cancelled", cancelled, "Cancelled: Superseded by the network replacement."},
		{"cancelled without a reason", action(due, "", v1alpha1.ActionStateCancelled), "Cancelled: not recorded."},
		{"overdue against the agreed deadline", action(due, "", v1alpha1.ActionStateInProgress, agreed), "Overdue by 2d."},
		{"open", action(due, "", v1alpha1.ActionStateOpen, "2026-12-31T17:00:00Z"), "Not completed yet."},
	} {
		if got := newActionView(tc.a, asAt).Outcome; got != tc.want {
			t.Errorf("%s: outcome %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestRegisterListsOpenOverdueAndExtendedActions(t *testing.T) {
	closed, cyber := closedOnTimeCase(), cyberAttackCase()
	// Read before the closed case's actions were done: finished early, so
	// that they are finished as the register is read.
	early := ts("2027-01-20T12:00:00Z")
	for i := range closed.Actions {
		closed.Actions[i].Spec.CompletedAt = &early
	}
	cancelled := cyber.Actions[0].DeepCopy()
	cancelled.Name, cancelled.Spec.State, cancelled.Spec.CompletedAt = "cancelled", v1alpha1.ActionStateCancelled, nil
	later := cyber.Actions[2].DeepCopy()
	later.Name, later.Spec.DueDate = "due-later", ts("2027-06-30T17:00:00Z")
	cyber.Actions = append(cyber.Actions, cancelled, later)
	reg := Register{Members: []review.Case{closed, cyber}, AsAt: cyberAttackAsAt}.view()
	var names []string
	for _, r := range reg.Rows {
		names = append(names, r.Name)
	}
	// Unfinished first, the most overdue leading; then finished but extended.
	want := []string{"phishing-2026-05-impossible-travel-alerting", "due-later", "phishing-2026-05-phishing-awareness-training"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("register rows %v, want %v", names, want)
	}
	if reg.Open != 2 || reg.Overdue != 1 || reg.Extended != 1 {
		t.Errorf("register counts open %d, overdue %d, extended %d; want 2, 1, 1", reg.Open, reg.Overdue, reg.Extended)
	}
	if (Register{}).view().Read {
		t.Error("a register never read must say so")
	}
}

func TestReviewMarkdownEscapesUserText(t *testing.T) {
	c := cyberAttackCase()
	c.Incident.Spec.Title = "<script>alert(1)</script> *bold*"
	c.RCA.Spec.OrganisationalFactors = "# not a heading\n- not a list\n| not | a table |"
	c.Actions[1].Spec.Links[0].Name = "[link](javascript:alert(1))"
	out := reviewMarkdown(t, c, cyberAttackAsAt)
	wantIn(t, out,
		"# Incident review: \\<script\\>alert(1)\\</script\\> \\*bold\\*\n",
		"\\# not a heading  \n\\- not a list  \n\\| not \\| a table \\|\n",
		"- \\[link\\](javascript:alert(1)): https://jira.example.nhs.uk/browse/IG-318\n",
	)
}

// wantIn reports each of wants that out lacks.
func wantIn(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("want %q in\n%s", w, out)
		}
	}
}

// An incident closed without actions shows why none was needed, in the
// analysis's own words.
func TestReviewShowsWhyNoActionIsNeeded(t *testing.T) {
	c := cyberAttackCase()
	c.Actions = nil
	c.RCA.Spec.NoActionsReason = "The exposure was a one-off configuration left by a retired migration tool, now removed."
	out := reviewMarkdown(t, c, cyberAttackAsAt)
	if !strings.Contains(out, "No improvement actions have been recorded for this incident. The root cause analysis says why none is needed: The exposure was a one-off") {
		t.Errorf("the reason no action is needed is not shown:\n%s", out)
	}
	if !strings.Contains(out, "| 1 | Technical | Configuration | Webmail was outside the conditional access policy. |") {
		t.Error("a cause's category is not shown")
	}
}

// Corrections show beside the facts, for the incident and its actions,
// with what changed, from, to, why, who agreed and when.
func TestReviewShowsCorrectionsOnRecord(t *testing.T) {
	c := noAnalysisCase()
	c.Incident.Spec.Corrections = []v1alpha1.IncidentCorrection{{Field: v1alpha1.FactType, CorrectionRecord: v1alpha1.CorrectionRecord{
		From: "Incident", To: "Exercise", Reason: "It was the annual test of the plan", By: "siro@northshire.example.nhs.uk", At: ts("2027-03-12T09:00:00Z")}}}
	c.Incident.Spec.Corrections = append(c.Incident.Spec.Corrections, v1alpha1.IncidentCorrection{Field: v1alpha1.FactContainedAt, CorrectionRecord: v1alpha1.CorrectionRecord{
		From: "2027-03-10T12:00:00Z", Reason: "Not contained yet", By: "team:cyber-security", At: ts("2027-03-12T10:00:00Z")}})
	out := reviewMarkdown(t, c, cyberAttackAsAt)
	wantIn(t, out, "### Corrections on record",
		"| incident | type | Incident | Exercise | It was the annual test of the plan | siro@northshire.example.nhs.uk | 12 March 2027 09:00 UTC |",
		"| incident | containedAt | 2027-03-10T12:00:00Z | removed | Not contained yet | team:cyber-security | 12 March 2027 10:00 UTC |")
}

// A report's register shows the corrections of its incidents and their
// actions, each named with its incident.
func TestReportRegisterShowsCorrections(t *testing.T) {
	c := cyberAttackCase()
	c.Actions[0].Spec.Corrections = []v1alpha1.ActionCorrection{{Field: v1alpha1.FactPriority, CorrectionRecord: v1alpha1.CorrectionRecord{
		From: "High", To: "Medium", Reason: "Reassessed at the governance board", By: "team:information-governance", At: ts("2026-06-01T10:00:00Z")}}}
	var buf strings.Builder
	if err := Markdown(&buf, realisticReport(), Register{Members: []review.Case{c}, AsAt: cyberAttackAsAt}); err != nil {
		t.Fatal(err)
	}
	wantIn(t, buf.String(), "### Corrections on record",
		"| action "+c.Actions[0].Name+" of "+c.Incident.Name+" | priority | High | Medium | Reassessed at the governance board | team:information-governance | 1 June 2026 10:00 UTC |")
}
