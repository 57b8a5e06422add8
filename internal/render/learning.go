package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// assessmentView is the SIRO's written overall assessment of the report,
// which the documents put first. Caveat says why it may not speak for the
// figures below: a sign-off gone stale, or one not yet confirmed.
type assessmentView struct {
	Text, By, Caveat string
}

// assessmentOf shows the assessment of an approval, with the caveat its
// sign-off state calls for; nil when there is none to show.
func assessmentOf(so *v1alpha1.SignOff, state signOffView) *assessmentView {
	if so == nil || so.Decision != v1alpha1.SignOffApproved || strings.TrimSpace(so.Assessment) == "" {
		return nil
	}
	a := &assessmentView{Text: so.Assessment, By: fmt.Sprintf("%s, %s", so.By, formatDateTime(so.At.Time))}
	switch state.State {
	case "stale":
		a.Caveat = "This assessment was given for other figures: the figures changed after the SIRO approved them, and the SIRO has not yet assessed the figures below."
	case "unconfirmed":
		a.Caveat = "The operator has not yet confirmed that the approval this assessment belongs to stands for the figures below."
	}
	return a
}

// trendLine is one recurring theme or cause category in words: "phishing:
// 4 incidents this period, 2 last period".
type trendLine struct {
	Label, Text string
}

// trendLines words a recurrence list, each named as written (themes and
// cause categories are words already); withPrevious says whether a previous
// period exists to compare with.
func trendLines(items []v1alpha1.Recurring, withPrevious bool) []trendLine {
	var out []trendLine
	for _, r := range items {
		text := incidentsCount(r.Incidents) + " this period"
		if withPrevious {
			text += ", " + lastPeriod(r.PreviousPeriod)
		}
		out = append(out, trendLine{Label: r.Name, Text: text})
	}
	return out
}

func incidentsCount(n int32) string {
	if n == 1 {
		return "1 incident"
	}
	return fmt.Sprintf("%d incidents", n)
}

func lastPeriod(n int32) string {
	if n == 0 {
		return "none last period"
	}
	return fmt.Sprintf("%d last period", n)
}

// themesAsRecurring reads recurring themes as any other recurrence.
func themesAsRecurring(ts []v1alpha1.RecurringTheme) []v1alpha1.Recurring {
	out := make([]v1alpha1.Recurring, len(ts))
	for i, t := range ts {
		out[i] = v1alpha1.Recurring{Name: t.Theme, Incidents: t.Incidents, PreviousPeriod: t.PreviousPeriod}
	}
	return out
}

// exerciseView is one exercise of the period (a test of the response
// plan, Data Security Standard 7) with the actions it raised.
type exerciseView struct {
	Name, Title, Phase, Detected string
	Actions                      []actionView
	// Lesson is what its analysis learned, quoted as the report quotes
	// lessons; NoLesson says why there is none to quote.
	Lesson, NoLesson string

	detectedAt time.Time
}

// exercisesView lists the period's exercises, read with the register.
type exercisesView struct {
	Read  bool // the register was read: the list is known
	Count int32
	Rows  []exerciseView
}

// exercisesOf lists the register's exercises, oldest first, with their
// actions; count is the operator's tally of them.
func exercisesOf(reg Register, count int32) exercisesView {
	v := exercisesView{Read: !reg.AsAt.IsZero(), Count: count}
	for _, m := range reg.Members {
		inc := m.Incident
		if inc == nil || inc.Spec.Type != v1alpha1.IncidentTypeExercise {
			continue
		}
		e := exerciseView{
			Name: reg.incidentOf(inc.Namespace, inc.Name), Title: inc.Spec.Title, Detected: formatDateTime(inc.Spec.DetectedAt.Time),
			Phase:      cmp.Or(stateName(string(inc.Status.Phase)), "not computed yet"),
			detectedAt: inc.Spec.DetectedAt.Time,
		}
		e.Lesson, e.NoLesson = exerciseLesson(&m)
		for i := range m.Actions {
			e.Actions = append(e.Actions, newActionView(m.Actions[i], reg.AsAt))
		}
		slices.SortFunc(e.Actions, func(a, b actionView) int { return cmp.Compare(a.Name, b.Name) })
		v.Rows = append(v.Rows, e)
	}
	slices.SortFunc(v.Rows, func(a, b exerciseView) int {
		return cmp.Or(a.detectedAt.Compare(b.detectedAt), cmp.Compare(a.Name, b.Name))
	})
	return v
}

// exerciseLesson quotes an exercise's lessons learned from its analysis,
// submitted or signed off only, as the report quotes lessons; or says why
// there are none: no analysis, a draft, or none written down.
func exerciseLesson(m *review.Case) (lesson, none string) {
	if l := report.LessonOf(m); l != "" {
		return l, ""
	}
	switch {
	case m.RCA == nil:
		return "", "No root cause analysis of the exercise is recorded yet: its lessons are not known."
	case review.RCAState(m.RCA) != v1alpha1.RCAStateSubmitted:
		return "", "Its root cause analysis is a draft: lessons are quoted once it is submitted."
	}
	return "", "Its root cause analysis records no lessons learned."
}
