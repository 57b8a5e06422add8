package report_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestPeriodMembership(t *testing.T) {
	after := fyTo.Add(10 * statuskit.Day) // the period is over
	for _, c := range []struct {
		name     string
		detected time.Time
		want     bool
	}{
		{"a year before from", fyFrom.AddDate(-1, 0, 0), false},
		{"one nanosecond before from", fyFrom.Add(-time.Nanosecond), false},
		{"exactly at from", fyFrom, true},
		{"one nanosecond after from", fyFrom.Add(time.Nanosecond), true},
		{"in the middle", fyDay, true},
		{"one nanosecond before to", fyTo.Add(-time.Nanosecond), true},
		{"exactly at to", fyTo, false},
		{"one nanosecond after to", fyTo.Add(time.Nanosecond), false},
		{"exactly at from, written in another zone", fyFrom.In(time.FixedZone("BST", 3600)), true},
		{"exactly at to, written in another zone", fyTo.In(time.FixedZone("EST", -5*3600)), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incidentAt("inc", c.detected)
			m := with(inc, rcaOf(inc, fixtures.Submitted()), actionDue("a", c.detected.Add(statuskit.Day)))
			f := compute(t, review.DefaultPolicy(), []review.Case{m}, fyFrom, fyTo, after)
			want := int32(0)
			if c.want {
				want = 1
			}
			if f.Incidents.Total != want || f.Incidents.Incidents != want {
				t.Errorf("incidents total %d, incidents %d; want %d", f.Incidents.Total, f.Incidents.Incidents, want)
			}
			if f.Actions.Total != want {
				t.Errorf("actions total %d, want %d: actions follow their incident", f.Actions.Total, want)
			}
			if int32(len(f.Lessons)) != want || f.Causes.Technical != want {
				t.Errorf("%d lessons and %d technical causes, want %d: RCAs follow their incident", len(f.Lessons), f.Causes.Technical, want)
			}
			if (f.KPIs.RCASignedOffPercent != nil) != c.want {
				t.Errorf("rcaSignedOffPercent = %s", showI32(f.KPIs.RCASignedOffPercent))
			}
		})
	}
}

func TestPeriodThatHoldsNothing(t *testing.T) {
	inc := incidentAt("inc", fyDay)
	members := []review.Case{with(inc, rcaOf(inc), actionDue("a", fyNow.Add(statuskit.Day)))}
	for _, c := range []struct {
		name     string
		from, to time.Time
	}{
		{"to equal to from", fyDay, fyDay},
		{"to before from", fyTo, fyFrom},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := compute(t, review.DefaultPolicy(), members, c.from, c.to, fyNow)
			if !reflect.DeepEqual(got, report.Figures{}) {
				t.Errorf("figures %+v, want none", got)
			}
		})
	}
}

func TestMembersWithoutAnIncidentAreSkipped(t *testing.T) {
	inc := incidentAt("inc", fyDay)
	got := computeFY(t, review.Case{RCA: rcaOf(inc), Actions: review.Refs([]v1alpha1.ImprovementAction{*actionDue("a", fyDay)})}, with(inc, nil))
	if got.Incidents.Total != 1 || got.Actions.Total != 0 || got.Causes.Technical != 0 || len(got.Lessons) != 0 {
		t.Errorf("figures %+v, want only the member with an incident", got)
	}
}

func TestIncidentCounts(t *testing.T) {
	type want struct {
		total, incidents, nearMisses int32
		byCategory                   v1alpha1.CategoryCounts
		bySeverity                   v1alpha1.SeverityCounts
	}
	for _, c := range []struct {
		name    string
		members []review.Case
		want    want
	}{
		{"nothing", nil, want{}},
		{"one incident", []review.Case{with(incidentAt("a", fyDay), nil)},
			want{1, 1, 0, v1alpha1.CategoryCounts{NetworkAndInformationSystems: 1}, v1alpha1.SeverityCounts{High: 1}}},
		{"one near miss", []review.Case{with(nearMissAt("a", fyDay, severity(v1alpha1.SeverityLow)), nil)},
			want{1, 0, 1, v1alpha1.CategoryCounts{NetworkAndInformationSystems: 1}, v1alpha1.SeverityCounts{Low: 1}}},
		{"every category and severity, both types", []review.Case{
			with(incidentAt("a", fyDay, category(v1alpha1.CategoryPersonalDataBreach), severity(v1alpha1.SeverityCritical)), nil),
			with(incidentAt("b", fyDay, category(v1alpha1.CategoryPersonalDataBreach), severity(v1alpha1.SeverityMedium)), nil),
			with(nearMissAt("c", fyDay, category(v1alpha1.CategoryPersonalDataBreach), severity(v1alpha1.SeverityMedium)), nil),
			with(nearMissAt("d", fyDay, category(v1alpha1.CategoryConfidentialityBreach), severity(v1alpha1.SeverityLow)), nil),
			with(incidentAt("e", fyDay, category(v1alpha1.CategoryConfidentialityBreach), severity(v1alpha1.SeverityHigh)), nil),
			with(nearMissAt("f", fyDay, category(v1alpha1.CategoryNetworkAndInformationSystems), severity(v1alpha1.SeverityCritical)), nil),
			with(nearMissAt("g", fyDay, category(v1alpha1.CategoryNetworkAndInformationSystems), severity(v1alpha1.SeverityLow)), nil),
		}, want{7, 3, 4,
			v1alpha1.CategoryCounts{PersonalDataBreach: 3, ConfidentialityBreach: 2, NetworkAndInformationSystems: 2},
			v1alpha1.SeverityCounts{Low: 2, Medium: 2, High: 1, Critical: 2}}},
		{"members outside the period are not counted", []review.Case{
			with(incidentAt("a", fyDay), nil),
			with(incidentAt("before", fyFrom.Add(-time.Hour), category(v1alpha1.CategoryPersonalDataBreach)), nil),
			with(nearMissAt("after", fyTo, severity(v1alpha1.SeverityLow)), nil),
		}, want{1, 1, 0, v1alpha1.CategoryCounts{NetworkAndInformationSystems: 1}, v1alpha1.SeverityCounts{High: 1}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := computeFY(t, c.members...).Incidents
			got := want{f.Total, f.Incidents, f.NearMisses, f.ByCategory, f.BySeverity}
			if got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestByMonth(t *testing.T) {
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	mc := func(month string, incidents, nearMisses int32) v1alpha1.MonthCount {
		return v1alpha1.MonthCount{Month: month, Incidents: incidents, NearMisses: nearMisses}
	}
	// months lists the empty months from first to last (inclusive).
	months := func(first time.Time, n int) []v1alpha1.MonthCount {
		out := make([]v1alpha1.MonthCount, n)
		for i := range out {
			out[i].Month = first.AddDate(0, i, 0).Format("2006-01")
		}
		return out
	}
	for _, c := range []struct {
		name          string
		from, to, now time.Time
		members       []review.Case
		want          []v1alpha1.MonthCount
	}{
		{name: "months without incidents are listed as zero, through the month of now",
			from: fyFrom, to: fyTo, now: utc(2026, 7, 10),
			members: []review.Case{
				with(incidentAt("a", utc(2026, 4, 1)), nil),
				with(incidentAt("b", utc(2026, 6, 30).Add(23*time.Hour)), nil),
				with(nearMissAt("c", utc(2026, 6, 2)), nil),
				with(nearMissAt("d", utc(2026, 6, 3)), nil),
			},
			want: []v1alpha1.MonthCount{mc("2026-04", 1, 0), mc("2026-05", 0, 0), mc("2026-06", 1, 2), mc("2026-07", 0, 0)}},
		{name: "no incidents at all: every month still listed",
			from: fyFrom, to: fyTo, now: utc(2026, 6, 1),
			want: []v1alpha1.MonthCount{mc("2026-04", 0, 0), mc("2026-05", 0, 0), mc("2026-06", 0, 0)}},
		{name: "exactly at the start of a month, that month is listed",
			from: fyFrom, to: fyTo, now: utc(2026, 5, 1),
			want: []v1alpha1.MonthCount{mc("2026-04", 0, 0), mc("2026-05", 0, 0)}},
		{name: "one nanosecond before a month starts, it is not",
			from: fyFrom, to: fyTo, now: utc(2026, 5, 1).Add(-time.Nanosecond),
			want: []v1alpha1.MonthCount{mc("2026-04", 0, 0)}},
		{name: "a period that has ended at the start of a month stops at the month before",
			from: fyFrom, to: utc(2026, 7, 1), now: utc(2026, 12, 25),
			want: months(fyFrom, 3)},
		{name: "a period that ended mid-month lists that month",
			from: fyFrom, to: utc(2026, 7, 15), now: utc(2026, 12, 25),
			want: months(fyFrom, 4)},
		{name: "a whole financial year has twelve months",
			from: fyFrom, to: fyTo, now: fyTo.AddDate(1, 0, 0),
			want: months(fyFrom, 12)},
		{name: "a period starting mid-month lists that month",
			from: utc(2026, 4, 20), to: fyTo, now: utc(2026, 5, 3),
			members: []review.Case{with(incidentAt("a", utc(2026, 4, 20)), nil)},
			want:    []v1alpha1.MonthCount{mc("2026-04", 1, 0), mc("2026-05", 0, 0)}},
		{name: "the year turns",
			from: utc(2026, 11, 1), to: fyTo, now: utc(2027, 2, 3),
			members: []review.Case{with(incidentAt("a", utc(2027, 1, 31)), nil)},
			want:    []v1alpha1.MonthCount{mc("2026-11", 0, 0), mc("2026-12", 0, 0), mc("2027-01", 1, 0), mc("2027-02", 0, 0)}},
		{name: "months are UTC months: 00:30 on 1 May in BST is April",
			from: fyFrom, to: fyTo, now: utc(2026, 5, 2),
			members: []review.Case{with(incidentAt("a", time.Date(2026, 5, 1, 0, 30, 0, 0, time.FixedZone("BST", 3600))), nil)},
			want:    []v1alpha1.MonthCount{mc("2026-04", 1, 0), mc("2026-05", 0, 0)}},
		{name: "a period not yet begun lists nothing",
			from: utc(2027, 4, 1), to: utc(2028, 4, 1), now: utc(2027, 3, 31)},
		{name: "the month of from is listed once now is in it, even before from",
			from: utc(2027, 4, 10), to: utc(2028, 4, 1), now: utc(2027, 4, 2),
			want: []v1alpha1.MonthCount{mc("2027-04", 0, 0)}},
		{name: "an incident detected after now, in a later month, is counted but has no month yet",
			from: fyFrom, to: fyTo, now: utc(2026, 4, 15),
			members: []review.Case{with(incidentAt("a", utc(2026, 6, 1)), nil), with(incidentAt("b", utc(2026, 4, 16)), nil)},
			want:    []v1alpha1.MonthCount{mc("2026-04", 1, 0)}},
		{name: "119 months are all kept",
			from: utc(2016, 11, 1), to: utc(2030, 1, 1), now: utc(2026, 9, 30),
			want: months(utc(2016, 11, 1), 119)},
		{name: "120 months are all kept",
			from: utc(2016, 10, 1), to: utc(2030, 1, 1), now: utc(2026, 9, 30),
			want: months(utc(2016, 10, 1), 120)},
		{name: "121 months: the oldest is dropped",
			from: utc(2016, 9, 1), to: utc(2030, 1, 1), now: utc(2026, 9, 30),
			want: months(utc(2016, 10, 1), 120)},
		{name: "sixty years: the newest 120 months are kept and older incidents counted only in the totals",
			from: utc(1966, 9, 1), to: utc(2030, 1, 1), now: utc(2026, 9, 30),
			members: []review.Case{
				with(incidentAt("old", utc(2016, 9, 30)), nil),
				with(incidentAt("oldest-kept", utc(2016, 10, 1)), nil),
				with(nearMissAt("newest", utc(2026, 9, 29)), nil),
			},
			want: func() []v1alpha1.MonthCount {
				m := months(utc(2016, 10, 1), 120)
				m[0].Incidents, m[119].NearMisses = 1, 1
				return m
			}()},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := compute(t, review.DefaultPolicy(), c.members, c.from, c.to, c.now).Incidents
			if !reflect.DeepEqual(f.ByMonth, c.want) {
				t.Errorf("byMonth\n got  %v\n want %v", f.ByMonth, c.want)
			}
			if len(f.ByMonth) > report.MaxMonths {
				t.Errorf("%d months, more than %d", len(f.ByMonth), report.MaxMonths)
			}
			var inMembers int32
			for _, m := range c.members {
				if d := m.Incident.Spec.DetectedAt.Time; !d.Before(c.from) && d.Before(c.to) {
					inMembers++
				}
			}
			if f.Total != inMembers {
				t.Errorf("total %d, want %d", f.Total, inMembers)
			}
		})
	}
}

func TestNextChange(t *testing.T) {
	nextMonth := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC) // after fyNow
	soon := fyNow.Add(3 * statuskit.Day)
	ended := fyTo.Add(statuskit.Day)
	for _, c := range []struct {
		name          string
		from, to, now time.Time
		siroDeadline  time.Duration // the policy's; 0 means the default
		members       []review.Case
		want          time.Time
	}{
		{name: "a period that has ended, nothing unfinished: none",
			from: fyFrom, to: fyTo, now: ended},
		{name: "a running period with nothing in it: the next month",
			from: fyFrom, to: fyTo, now: fyNow, want: nextMonth},
		{name: "no next month when it starts exactly at to",
			from: fyFrom, to: nextMonth, now: fyNow},
		{name: "the next month when it starts one nanosecond before to",
			from: fyFrom, to: nextMonth.Add(time.Nanosecond), now: fyNow, want: nextMonth},
		{name: "exactly at the start of a month: the month after",
			from: fyFrom, to: fyTo, now: nextMonth, want: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{name: "a period not yet begun: the start of its first month",
			from: time.Date(2027, 4, 10, 0, 0, 0, 0, time.UTC), to: time.Date(2028, 4, 1, 0, 0, 0, 0, time.UTC), now: fyNow,
			want: time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)},
		{name: "an open action falls due before the month ends",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyDay), nil, actionDue("x", soon.Add(time.Hour)), actionDue("y", soon))},
			want:    soon},
		{name: "an in-progress action one nanosecond from its due date",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyDay), nil, actionDue("x", fyNow.Add(time.Nanosecond), fixtures.InProgress()))},
			want:    fyNow.Add(time.Nanosecond)},
		{name: "an action due exactly now is already overdue: not a future change",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyDay), nil, actionDue("x", fyNow))},
			want:    nextMonth},
		{name: "finished actions do not fall due",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyDay), nil,
				actionDue("x", soon, fixtures.Done(fyNow)), actionDue("y", soon, fixtures.Cancelled()))},
			want: nextMonth},
		{name: "an open action of an ended period still falls due",
			from: fyFrom, to: fyTo, now: ended,
			members: []review.Case{with(incidentAt("a", fyDay), nil, actionDue("x", ended.Add(time.Minute)))},
			want:    ended.Add(time.Minute)},
		{name: "an action of an incident outside the period does not count",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyTo), nil, actionDue("x", soon))},
			want:    nextMonth},
		{name: "a SIRO notification deadline not yet met",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyNow.Add(-time.Hour), notNotified()), nil)},
			want:    fyNow.Add(11 * time.Hour)},
		{name: "a SIRO notification deadline under a 24-hour policy",
			from: fyFrom, to: fyTo, now: fyNow, siroDeadline: 24 * time.Hour,
			members: []review.Case{with(incidentAt("a", fyNow.Add(-time.Hour), notNotified()), nil)},
			want:    fyNow.Add(23 * time.Hour)},
		{name: "the SIRO was told: no deadline to wait for",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyNow.Add(-time.Hour), notifiedAfter(30*time.Minute)), nil)},
			want:    nextMonth},
		{name: "a near miss has no SIRO deadline",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(nearMissAt("a", fyNow.Add(-time.Hour)), nil)},
			want:    nextMonth},
		{name: "a SIRO deadline that has passed is not a future change",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyNow.Add(-12*time.Hour), notNotified()), nil)},
			want:    nextMonth},
		{name: "a due date written in another zone comes back in UTC",
			from: fyFrom, to: fyTo, now: fyNow,
			members: []review.Case{with(incidentAt("a", fyDay), nil, actionDue("x", soon.In(time.FixedZone("BST", 3600))))},
			want:    soon},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.siroDeadline != 0 {
				p.SIRONotificationDeadline = c.siroDeadline
			}
			got := compute(t, p, c.members, c.from, c.to, c.now).NextChange
			if !got.Equal(c.want) || got.IsZero() != c.want.IsZero() {
				t.Errorf("next change %s, want %s", got, c.want)
			}
			if !got.IsZero() && got.Location() != time.UTC {
				t.Errorf("next change in %s, want UTC", got.Location())
			}
			if got.IsZero() && got != (time.Time{}) {
				t.Errorf("no next change is %#v, want the zero time", got)
			}
		})
	}
}
