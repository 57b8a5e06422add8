package report_test

import (
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// An open-ended period that has not begun yet ends at the end of the day
// it begins, not before it begins: the API server refuses a status period
// whose end is not after its start.
func TestOpenPeriodNotBegunEndsTheDayItBegins(t *testing.T) {
	now := time.Date(2026, 11, 22, 15, 4, 5, 0, time.UTC)
	begins := time.Date(2999, 12, 31, 12, 0, 0, 0, time.FixedZone("", -3600))
	open := fyReport(func(r *v1alpha1.LessonsReport) {
		r.Spec.Period.From, r.Spec.Period.To = *fixtures.Time(begins), nil
	})
	from, to := report.Period(open, now)
	if want := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC); !from.Equal(begins) || !to.Equal(want) {
		t.Fatalf("period %s - %s, want %s - %s", from, to, begins, want)
	}
	res := computeReport(policy, open, nil, nil, now)
	if p := res.Status.Period; !p.To.After(p.From.Time) {
		t.Fatalf("status period %s - %s ends before it begins", p.From, p.To)
	}
	if res.RequeueAfter != to.Sub(now) {
		t.Fatalf("requeue after %s, want at the end of the period, %s", res.RequeueAfter, to.Sub(now))
	}
}

// The previous period is as long as the period, even when that is longer
// than a time.Duration holds (about 292 years).
func TestPreviousPeriodOfEqualLength(t *testing.T) {
	for _, years := range []int{1, 200, 292, 293, 1099} {
		from := time.Date(1900, 1, 1, 0, 0, 0, 500, time.UTC)
		to := from.AddDate(years, 0, 0).Add(-time.Second)
		r := fyReport(func(r *v1alpha1.LessonsReport) {
			r.Spec.Period.From, r.Spec.Period.To = *fixtures.Time(from), fixtures.Time(to)
		})
		prev := computeReport(policy, r, nil, nil, fixtures.T0).Status.PreviousPeriod
		if got, want := from.Unix()-prev.From.Unix(), to.Unix()-from.Unix(); got != want || !prev.To.Equal(fixtures.Time(from.Truncate(time.Second))) {
			t.Errorf("%d years: previous period %s - %s lasts %ds, want %ds", years, prev.From, prev.To, got, want)
		}
	}
}
