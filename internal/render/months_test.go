package render

import (
	"strings"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A period of twelve years shows in the document the same months as
// status.incidents.byMonth: past its end, the newest 120, its last month
// there and its first 24 not; while it runs, those up to now, not 120
// months that mostly lie ahead.
func TestLongPeriodShowsTheNewestMonthsOfByMonth(t *testing.T) {
	for _, c := range []struct {
		name, from, to, now string
		first, last         string
	}{
		{"ended", "2014-04-01", "2026-04-01", "2026-05-01", "Apr 2016", "Mar 2026"},
		{"running", "2020-01-01", "2032-01-01", "2025-06-15", "Jan 2020", "Jun 2025"},
	} {
		t.Run(c.name, func(t *testing.T) {
			from, to, now := day(c.from), day(c.to), day(c.now)
			latest := to // the newest detection the period holds so far
			if now.Before(to) {
				latest = now
			}
			r := fixtures.Report("twelve-years", fixtures.Period(from, to))
			members := []review.Case{
				{Incident: fixtures.Incident("first-month", fixtures.DetectedAt(from.Add(time.Hour), time.Hour))},
				{Incident: fixtures.Incident("last-month", fixtures.DetectedAt(latest.Add(-time.Hour), time.Hour))},
			}
			r.Status = report.ComputeReportIn(review.DefaultPolicy(), r, report.OneNamespace(r.Namespace), members, nil, nil, now).Status
			byMonth := r.Status.Incidents.ByMonth
			d := build(r, Register{})
			if len(d.Months) != len(byMonth) || len(byMonth) > report.MaxMonths {
				t.Fatalf("%d months in the document and %d in byMonth, want the same, at most %d", len(d.Months), len(byMonth), report.MaxMonths)
			}
			for i, m := range byMonth {
				want := month{Label: monthLabel(m.Month), Incidents: m.Incidents, NearMisses: m.NearMisses, Total: m.Incidents + m.NearMisses}
				if d.Months[i] != want {
					t.Errorf("month %d is %+v in the document, want %+v as in byMonth", i, d.Months[i], want)
					break
				}
			}
			if first, last := d.Months[0], d.Months[len(d.Months)-1]; first.Label != c.first || last.Label != c.last || last.Incidents != 1 {
				t.Errorf("months run %s to %s (%d incidents in the last), want %s to %s (1)", first.Label, last.Label, last.Incidents, c.first, c.last)
			}
		})
	}
}

// day is midnight UTC of a date written YYYY-MM-DD.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The Markdown of a period over ten years has the newest months' rows and
// none of the oldest.
func TestLongPeriodMarkdownKeepsTheNewestMonths(t *testing.T) {
	from, to := day("2014-04-01"), day("2026-04-01")
	r := fixtures.Report("twelve-years", fixtures.Period(from, to))
	members := []review.Case{{Incident: fixtures.Incident("last-month", fixtures.DetectedAt(to.Add(-time.Hour), time.Hour))}}
	r.Status = report.ComputeReportIn(review.DefaultPolicy(), r, report.OneNamespace(r.Namespace), members, nil, nil, to.AddDate(0, 1, 0)).Status
	var md strings.Builder
	if err := Markdown(&md, r, Register{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| Mar 2026 | 1 | 0 | 1 |") {
		t.Error("the Markdown has no row for the period's last month, Mar 2026")
	}
	for m := from; m.Before(from.AddDate(2, 0, 0)); m = m.AddDate(0, 1, 0) {
		if label := m.Format("Jan 2006"); strings.Contains(md.String(), "| "+label+" |") {
			t.Errorf("the Markdown has a row for %s, one of the first 24 months, older than the newest %d", label, report.MaxMonths)
		}
	}
}
