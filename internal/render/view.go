package render

import (
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

// document is what both templates render: the report's status turned into
// words and rows, with every missing figure already shown as "no data".
type document struct {
	Name, Namespace string
	Period          string
	OpenEnded       bool
	AsAt            string // when the figures were last computed, or ""
	SIRO            string
	SignOff         signOffView
	Assessment      *assessmentView // the SIRO's, shown first; nil when none
	Computed        bool            // the operator has written the figures
	Notices         []string        // things the reader must know before the figures

	PreviousPeriod string // "" when there is no previous period
	Headline       []figure
	KPIs           []figure
	OnTime         []figure // the on-time rates charted: actions, SIRO notification

	Categories []count
	Severities []count
	Months     []month
	MaxMonth   int32

	HasActions bool
	Actions    v1alpha1.ActionFigures
	Areas      []tally
	Priorities []tally

	Causes          []count
	HasCauses       bool
	RecurringAreas  []count
	RecurringCauses []count
	// RecurringThemes and RecurringCategories say how often each came back,
	// this period and last.
	RecurringThemes, RecurringCategories []trendLine

	// Governance is the annual cycle: process reviews (Data Security
	// Standard 5) and, with Exercises, tests of the response plan (7).
	Governance governanceView
	Exercises  exercisesView

	Lessons        []v1alpha1.Lesson
	LessonsOmitted int32

	Register registerView

	Generation, ObservedGeneration int64
}

// figure is one row of the headline or KPI table.
type figure struct {
	Label, Scope      string
	Value, Previous   string
	Change            string // "▲ +3", "▼ -2h", "= 0", or "" without both values
	Judgement         string // better, worse, or "" when neither is implied
	current, previous *float64
}

type count struct {
	Label string
	Count int32
}

type month struct {
	Label                        string
	Incidents, NearMisses, Total int32
}

// tally is one row of the actions tables: a partition of the total.
type tally struct {
	Label                                    string
	Total, Done, OnTrack, Overdue, Cancelled int32
}

func newTally(label string, t v1alpha1.ActionTally) tally {
	return tally{
		Label: label, Total: t.Total, Done: t.Done,
		OnTrack: max(t.Open-t.Overdue, 0), Overdue: t.Overdue,
		Cancelled: max(t.Total-t.Open-t.Done, 0),
	}
}

// build turns a LessonsReport and its action register into a document.
func build(r *v1alpha1.LessonsReport, reg Register) *document {
	st := &r.Status
	d := &document{
		Name: r.Name, Namespace: r.Namespace, SIRO: string(r.Spec.SIRO),
		Computed:   st.Incidents != nil,
		Generation: r.Generation, ObservedGeneration: st.ObservedGeneration,
		Lessons: st.Lessons, LessonsOmitted: st.LessonsOmitted,
		Register: reg.view(),
	}
	var to *time.Time
	if r.Spec.Period.To != nil {
		to = &r.Spec.Period.To.Time
	}
	d.Period, d.OpenEnded = periodText(r.Spec.Period.From.Time, to), to == nil
	if st.LastUpdated != nil {
		d.AsAt = formatDateTime(st.LastUpdated.Time)
	} else if d.OpenEnded && st.Period != nil && st.Period.To != nil {
		d.AsAt = formatDateTime(st.Period.To.Time)
	}
	d.SignOff = signOffOf(r.Spec.SignOff, st.Conditions, r.Generation, reportSignOff)
	d.Assessment = assessmentOf(r.Spec.SignOff, d.SignOff)
	d.Notices = append(noticesOf(r), scopeNotices(r, reg)...)

	d.headline(st)
	if st.Incidents != nil {
		in := st.Incidents
		d.Categories = []count{
			{categoryName(v1alpha1.CategoryPersonalDataBreach), in.ByCategory.PersonalDataBreach},
			{categoryName(v1alpha1.CategoryConfidentialityBreach), in.ByCategory.ConfidentialityBreach},
			{categoryName(v1alpha1.CategoryNetworkAndInformationSystems), in.ByCategory.NetworkAndInformationSystems},
		}
		d.Severities = []count{
			{"Critical", in.BySeverity.Critical}, {"High", in.BySeverity.High},
			{"Medium", in.BySeverity.Medium}, {"Low", in.BySeverity.Low},
		}
		d.Months = monthsOf(in.ByMonth, st.Period, &r.Spec.Period)
		for _, m := range d.Months {
			d.MaxMonth = max(d.MaxMonth, m.Total)
		}
	}
	if st.Actions != nil {
		d.HasActions, d.Actions = true, *st.Actions
		for _, a := range v1alpha1.ImprovementAreas {
			d.Areas = append(d.Areas, newTally(areaName(a), *st.Actions.ByArea.Of(a)))
		}
		p := st.Actions.ByPriority
		d.Priorities = []tally{
			newTally("Critical", p.Critical), newTally("High", p.High),
			newTally("Medium", p.Medium), newTally("Low", p.Low),
		}
	}
	if st.Causes != nil {
		d.HasCauses = true
		d.Causes = []count{{"Technical", st.Causes.Technical}, {"Non-technical", st.Causes.NonTechnical}}
	}
	if st.Recurrence != nil {
		for _, a := range st.Recurrence.Areas {
			d.RecurringAreas = append(d.RecurringAreas, count{recurringName(a.Name), a.Incidents})
		}
		for _, c := range st.Recurrence.CauseTypes {
			d.RecurringCauses = append(d.RecurringCauses, count{recurringName(c.Name), c.Incidents})
		}
		withPrevious := st.PreviousPeriod != nil
		d.RecurringThemes = trendLines(themesAsRecurring(st.Recurrence.Themes), withPrevious)
		d.RecurringCategories = trendLines(st.Recurrence.CauseCategories, withPrevious)
	}
	var exercises int32
	if st.Incidents != nil {
		exercises = st.Incidents.Exercises
	}
	d.Exercises = exercisesOf(reg, exercises)
	d.Governance = governanceOf(r, reg)
	return d
}

// reportSignOff is what a report's approval stands on.
var reportSignOff = signedThing{
	unsigned: "The SIRO has not signed off this report.",
	changed:  "the figures have changed since",
	review:   "the figures",
}

// noticesOf says what the reader must know before trusting the figures.
func noticesOf(r *v1alpha1.LessonsReport) []string {
	st := &r.Status
	var n []string
	if st.Incidents == nil {
		n = append(n, "The operator has not computed this report's figures yet: every figure below shows no data.")
	}
	if c := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionReady)); c != nil && c.Status == "False" {
		n = append(n, fmt.Sprintf("The report is not ready (%s): %s", c.Reason, c.Message))
	}
	if st.Incidents != nil && r.Generation > 0 && st.ObservedGeneration > 0 && st.ObservedGeneration < r.Generation {
		n = append(n, "The report's specification changed after these figures were computed: they may not reflect the current period or selector.")
	}
	return n
}

// monthsOf lists every month of the period, the empty ones included, so a
// quiet month shows as a zero rather than vanishing from the chart, and any
// month the counts hold outside it. The axis is report.MonthAxis, so a long
// period keeps the same newest months as status.incidents.byMonth.
func monthsOf(byMonth []v1alpha1.MonthCount, eff *v1alpha1.ReportPeriod, spec *v1alpha1.ReportPeriod) []month {
	counts := map[string]v1alpha1.MonthCount{}
	for _, m := range byMonth {
		c := counts[m.Month]
		c.Incidents += m.Incidents
		c.NearMisses += m.NearMisses
		counts[m.Month] = c
	}
	p := spec
	if eff != nil {
		p = eff
	}
	start, end, haveEnd := monthOf(p.From.Time), time.Time{}, false
	if p.To != nil {
		end, haveEnd = monthOf(p.To.Add(-time.Nanosecond)), true
	}
	var newest time.Time // the newest month counted
	for k := range counts {
		t, err := time.Parse("2006-01", k)
		if err != nil {
			continue
		}
		if start.IsZero() || t.Before(start) {
			start = t
		}
		if !haveEnd || t.After(end) {
			end, haveEnd = t, true
		}
		if t.After(newest) {
			newest = t
		}
	}
	// A period still running shows its months to come as empty; but where
	// the axis is too long to show whole, the newest months counted are
	// the ones to keep, as status.incidents.byMonth keeps them.
	if span := (end.Year()-start.Year())*12 + int(end.Month()-start.Month()) + 1; span > report.MaxMonths && newest.After(start) && newest.Before(end) {
		end = newest
	}
	if !haveEnd || start.IsZero() {
		return nil
	}
	var out []month
	for _, k := range report.MonthAxis(start, end.AddDate(0, 1, 0)) {
		c := counts[k]
		out = append(out, month{Label: monthLabel(k), Incidents: c.Incidents, NearMisses: c.NearMisses, Total: c.Incidents + c.NearMisses})
	}
	return out
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
