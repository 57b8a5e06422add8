package report_test

import (
	"slices"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/internal/report"
)

func TestMonthAxis(t *testing.T) {
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	// monthsFrom lists n consecutive months from the month of first.
	monthsFrom := func(first time.Time, n int) []string {
		var out []string
		for i := range n {
			out = append(out, first.AddDate(0, i, 0).Format("2006-01"))
		}
		return out
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{name: "an empty period has no months",
			from: utc(2026, 4, 1), to: utc(2026, 4, 1)},
		{name: "a period ending before it begins has no months",
			from: utc(2026, 4, 1), to: utc(2026, 3, 1)},
		{name: "one month: to is exclusive, so the month it starts is not touched",
			from: utc(2026, 4, 1), to: utc(2026, 5, 1), want: []string{"2026-04"}},
		{name: "one instant shows its month",
			from: utc(2026, 4, 15), to: utc(2026, 4, 15).Add(time.Nanosecond), want: []string{"2026-04"}},
		{name: "a period ending mid-month shows that month",
			from: utc(2026, 4, 1), to: utc(2026, 6, 15), want: []string{"2026-04", "2026-05", "2026-06"}},
		{name: "months are UTC months: 00:30 on 1 April in BST is March",
			from: time.Date(2026, 4, 1, 0, 30, 0, 0, time.FixedZone("BST", 3600)), to: utc(2026, 5, 1),
			want: []string{"2026-03", "2026-04"}},
		{name: "exactly 120 months are all kept",
			from: utc(2016, 4, 1), to: utc(2026, 4, 1), want: monthsFrom(utc(2016, 4, 1), 120)},
		{name: "twelve years keep the newest 120 months, through the period's last",
			from: utc(2014, 4, 1), to: utc(2026, 4, 1), want: monthsFrom(utc(2016, 4, 1), 120)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := report.MonthAxis(c.from, c.to)
			if !slices.Equal(got, c.want) {
				t.Errorf("MonthAxis(%s, %s)\n got  %v\n want %v", c.from, c.to, got, c.want)
			}
			if len(got) > report.MaxMonths {
				t.Errorf("%d months, more than %d", len(got), report.MaxMonths)
			}
		})
	}
}
