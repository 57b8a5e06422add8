package render

import (
	"strings"
	"testing"
)

// The SIRO's assessment comes first, and says so when it was given for
// other figures.
func TestHTMLAssessment(t *testing.T) {
	for _, c := range []struct {
		name, caveat string
		shown        bool
		report       func() string
	}{
		{"not signed off: none", "", false, func() string { s, _ := renderHTML(t, realisticReport()); return s }},
		{"approved: shown", "", true, func() string { s, _ := renderHTML(t, signedOffReport()); return s }},
		{"stale: shown, given for other figures", "This assessment was given for other figures", true, func() string { s, _ := renderHTML(t, staleReport()); return s }},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := c.report()
			at := strings.Index(page, `<section id="assessment">`)
			if (at >= 0) != c.shown {
				t.Fatalf("assessment shown %v, want %v", at >= 0, c.shown)
			}
			if !c.shown {
				return
			}
			if headline := strings.Index(page, `<section id="headline">`); at > headline {
				t.Errorf("the assessment comes after the headline figures")
			}
			if !strings.Contains(page, "Phishing came back four times") {
				t.Errorf("the assessment's text is missing")
			}
			if (c.caveat != "") != strings.Contains(page, "given for other figures") || c.caveat != "" && !strings.Contains(page, c.caveat) {
				t.Errorf("caveat: want %q", c.caveat)
			}
		})
	}
}

// Changes requested carry no assessment to show, whatever was written.
func TestNoAssessmentWithoutApproval(t *testing.T) {
	r := signedOffReport()
	r.Spec.SignOff.Decision = "ChangesRequested"
	if page, _ := renderHTML(t, r); strings.Contains(page, `id="assessment"`) {
		t.Errorf("an assessment is shown for changes requested")
	}
}

func TestHTMLRecurrenceTrendAndExercises(t *testing.T) {
	_, doc := renderHTML(t, realisticReport())
	var themes []string
	for _, li := range findAll(byID(doc, "list-recurring-themes"), "li") {
		themes = append(themes, text(li))
	}
	want := []string{"phishing: 4 incidents this period, 2 last period", "misdirected-letter: 3 incidents this period, 5 last period", "tailgating: 2 incidents this period, none last period"}
	if strings.Join(themes, "\n") != strings.Join(want, "\n") {
		t.Errorf("themes %q, want %q", themes, want)
	}
	if got := len(findAll(byID(doc, "list-recurring-categories"), "li")); got != 3 {
		t.Errorf("%d recurring cause categories, want 3", got)
	}
	if s := text(byID(doc, "exercises")); !strings.Contains(s, "1 exercise was held in this period; they were not read with this report.") {
		t.Errorf("exercises not read: %q", s)
	}
	r := realisticReport()
	r.Status.PreviousPeriod = nil
	if v := build(r, Register{}); len(v.RecurringThemes) == 0 || strings.Contains(v.RecurringThemes[0].Text, "last period") {
		t.Errorf("without a previous period a theme is compared with it: %+v", v.RecurringThemes)
	}
}
