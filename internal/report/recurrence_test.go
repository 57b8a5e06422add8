package report_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The financial year 2025/26, the period before fyFrom's.
var lastFYDay = fyDay.AddDate(-1, 0, 0)

func themes(ts ...string) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Themes = ts }
}

func exercise() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) {
		i.Spec.Type = v1alpha1.IncidentTypeExercise
		i.Spec.SIRO, i.Spec.SIRONotifiedAt = "", nil
	}
}

// categorised gives the analysis one cause per category.
func categorised(cs ...v1alpha1.CauseCategory) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec.Causes = nil
		for i, c := range cs {
			r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{Type: v1alpha1.CauseNonTechnical, Category: c, Description: fmt.Sprintf("cause %d", i)})
		}
	}
}

func TestRecurringThemes(t *testing.T) {
	n := 0
	at := func(when time.Time, opts ...fixtures.Option[v1alpha1.Incident]) review.Case {
		n++
		return with(incidentAt(fmt.Sprintf("inc-%d", n), when, opts...), nil)
	}
	theme := func(name string, now, before int32) v1alpha1.RecurringTheme {
		return v1alpha1.RecurringTheme{Theme: name, Incidents: now, PreviousPeriod: before}
	}
	for _, c := range []struct {
		name    string
		members func() []review.Case
		want    []v1alpha1.RecurringTheme
	}{
		{"no themes", func() []review.Case { return []review.Case{at(fyDay), at(fyDay)} }, nil},
		{"a theme in one incident does not recur", func() []review.Case {
			return []review.Case{at(fyDay, themes("phishing", "ransomware")), at(fyDay, themes("ransomware-adjacent"))}
		}, nil},
		{"phishing twice this period, once last period", func() []review.Case {
			return []review.Case{at(fyDay, themes("phishing")), at(fyDay, themes("phishing", "mfa")), at(lastFYDay, themes("phishing"))}
		}, []v1alpha1.RecurringTheme{theme("phishing", 2, 1)}},
		{"a near miss counts; an exercise does not", func() []review.Case {
			return []review.Case{at(fyDay, themes("phishing")), at(fyDay, nearMiss(), themes("phishing")), at(fyDay, exercise(), themes("phishing")),
				at(lastFYDay, exercise(), themes("phishing")), at(fyDay, exercise(), themes("tabletop")), at(fyDay, exercise(), themes("tabletop"))}
		}, []v1alpha1.RecurringTheme{theme("phishing", 2, 0)}},
		{"a theme written twice in one incident counts once", func() []review.Case {
			return []review.Case{at(fyDay, themes("phishing", "phishing"))}
		}, nil},
		{"most incidents first, then by name", func() []review.Case {
			return []review.Case{
				at(fyDay, themes("tailgating", "phishing")), at(fyDay, themes("phishing", "misdirected-email")),
				at(fyDay, themes("misdirected-email", "phishing", "tailgating")),
				at(lastFYDay, themes("misdirected-email")), at(lastFYDay, themes("misdirected-email")), at(lastFYDay, themes("misdirected-email")),
			}
		}, []v1alpha1.RecurringTheme{theme("phishing", 3, 0), theme("misdirected-email", 2, 3), theme("tailgating", 2, 0)}},
		{"recurring only last period: not listed", func() []review.Case {
			return []review.Case{at(fyDay, themes("phishing")), at(lastFYDay, themes("phishing")), at(lastFYDay, themes("phishing"))}
		}, nil},
		{"the period before last does not count", func() []review.Case {
			return []review.Case{at(fyDay, themes("phishing")), at(fyDay, themes("phishing")), at(lastFYDay.AddDate(-1, 0, 0), themes("phishing"))}
		}, []v1alpha1.RecurringTheme{theme("phishing", 2, 0)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := computeFY(t, c.members()...).Recurrence.Themes; !reflect.DeepEqual(got, c.want) {
				t.Errorf("themes\n got  %+v\n want %+v", got, c.want)
			}
		})
	}
}

func TestRecurringThemesAreBounded(t *testing.T) {
	var ms []review.Case
	for i := range report.MaxThemes + 5 {
		// Theme t00 is in 2 incidents, t01 in 3, ...: the rarest are dropped.
		for j := range i + 2 {
			ms = append(ms, with(incidentAt(fmt.Sprintf("i%d-%d", i, j), fyDay, themes(fmt.Sprintf("t%02d", i))), nil))
		}
	}
	got := report.RollUpIn(policy, report.Scope{}, ms, fyFrom, fyTo, fyNow).Recurrence.Themes
	if len(got) != report.MaxThemes || got[0].Theme != "t54" || got[len(got)-1].Theme != "t05" {
		t.Errorf("%d themes, from %+v to %+v; want %d, from t54 to t05", len(got), got[0], got[len(got)-1], report.MaxThemes)
	}
}

func TestRecurringCauseCategoriesAndTheirTrend(t *testing.T) {
	process, training, supplier := v1alpha1.CauseProcess, v1alpha1.CauseTraining, v1alpha1.CauseSupplier
	n := 0
	analysed := func(when time.Time, inc fixtures.Option[v1alpha1.Incident], cs ...v1alpha1.CauseCategory) review.Case {
		n++
		i := incidentAt(fmt.Sprintf("inc-%d", n), when, inc)
		return with(i, rcaOf(i, categorised(cs...)), actionDue(fmt.Sprintf("a-%d", n), fyNow.Add(statuskit.Day), area(v1alpha1.AreaPoliciesProcessesProcedures)))
	}
	same := func(*v1alpha1.Incident) {}
	got := computeFY(t,
		analysed(fyDay, same, process, process, training),
		analysed(fyDay, same, process, supplier, ""),
		analysed(fyDay, nearMiss(), training),
		analysed(fyDay, exercise(), supplier),
		analysed(lastFYDay, same, process),
		analysed(lastFYDay, same, training, process),
	).Recurrence
	want := v1alpha1.Recurrence{
		Areas:           []v1alpha1.Recurring{{Name: "PoliciesProcessesProcedures", Incidents: 4, PreviousPeriod: 2}},
		CauseTypes:      []v1alpha1.Recurring{{Name: "NonTechnical", Incidents: 4, PreviousPeriod: 2}},
		CauseCategories: []v1alpha1.Recurring{{Name: "Process", Incidents: 2, PreviousPeriod: 2}, {Name: "Training", Incidents: 2, PreviousPeriod: 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recurrence\n got  %+v\n want %+v", got, want)
	}
}
