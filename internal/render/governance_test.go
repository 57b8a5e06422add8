package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

func renderMarkdown(t *testing.T, r *v1alpha1.LessonsReport, reg Register) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, r, reg); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestGovernanceQuotesWorkaroundsAsLessonsAreQuoted(t *testing.T) {
	reg := realisticRegister()
	pr := reg.ProcessReviews[0].Review
	pr.Spec.Workarounds = []v1alpha1.Workaround{"Passwords sent by *e-mail* to ward.manager@example.nhs.uk | <b>daily</b>"}
	pr.Spec.Participants = []v1alpha1.Participants{{Group: v1alpha1.GroupStaff, Count: 4}}
	out := renderMarkdown(t, realisticReport(), reg)
	wantIn(t, out,
		"1. Passwords sent by \\*e-mail\\* to \\[name withheld\\] \\| \\<b\\>daily\\</b\\>",
		"- **User representation:** No: no user representative took part",
		"  - Staff: 4\n")
	if strings.Contains(out, "ward.manager@") {
		t.Errorf("a workaround names no person:\n%s", out)
	}
}

func TestGovernanceSaysWhyAnExerciseHasNoLessons(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Register)
		want   string
	}{
		{"a draft", func(r *Register) { r.Members[2].RCA.Spec.State = v1alpha1.RCAStateDraft }, "*Its root cause analysis is a draft: lessons are quoted once it is submitted.*"},
		{"no analysis", func(r *Register) { r.Members[2].RCA = nil }, "*No root cause analysis of the exercise is recorded yet: its lessons are not known.*"},
		{"none written", func(r *Register) { r.Members[2].RCA.Spec.Overview.LessonsLearned = " " }, "*Its root cause analysis records no lessons learned.*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := realisticRegister()
			tc.change(&reg)
			out := renderMarkdown(t, realisticReport(), reg)
			wantIn(t, out, tc.want)
			if strings.Contains(out, "**Lessons learned:**") {
				t.Errorf("no lesson may be quoted:\n%s", out)
			}
		})
	}
}

func TestGovernanceNamesAReviewOfAnotherNamespaceWithItsNamespace(t *testing.T) {
	reg := realisticRegister()
	reg.Namespace = "information-governance"
	out := renderMarkdown(t, realisticReport(), reg)
	wantIn(t, out,
		"#### Annual data security process workshop 2026/27 (northshire-trust/process-workshop-2027-02)",
		"(workshop-tap-and-go-night-shift) | northshire-trust/review/process-workshop-2027-02 |")
}

func TestGovernanceWithoutTheProcessReviewsSaysSo(t *testing.T) {
	reg := realisticRegister()
	reg.ProcessReviews, reg.ProcessReviewsUnread = nil, true
	out := renderMarkdown(t, realisticReport(), reg)
	wantIn(t, out, "1 process review was held in this period; they were not read with this report.")
}

func TestGovernanceCountsWhatItCannotName(t *testing.T) {
	r := realisticReport()
	r.Status.ConfidentialNamespaces = 1
	r.Status.Governance.ProcessReviews = 2
	reg := realisticRegister()
	reg.ProcessReviews = nil
	out := renderMarkdown(t, r, reg)
	wantIn(t, out,
		"In this period: 2 process reviews held,",
		"The process reviews and exercises of namespaces labelled confidential are counted, not named.",
		"No process review of this period can be named here.")
}
