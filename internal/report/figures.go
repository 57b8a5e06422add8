// Package report rolls up a period's incidents, near misses, root cause
// analyses and improvement actions into the figures of a LessonsReport, as
// pure functions of the objects, the policy and the time.
package report

import (
	"fmt"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// MaxMonths bounds incidents.byMonth: the newest months are kept.
const MaxMonths = 120

// Figures are one period's roll-up.
type Figures struct {
	Incidents      v1alpha1.IncidentFigures
	KPIs           v1alpha1.ReportKPIs
	Actions        v1alpha1.ActionFigures
	Causes         v1alpha1.CauseCounts
	Recurrence     v1alpha1.Recurrence
	Lessons        []v1alpha1.Lesson
	LessonsOmitted int32
	// NextChange is the earliest instant after now at which the figures
	// change by the passing of time alone (an action falling overdue, a
	// SIRO notification deadline passing); zero when none.
	NextChange time.Time
}

// RollUp rolls up the members whose incident's spec.detectedAt falls in
// [from, to), at now. Members without an incident are skipped; a period
// whose to is not after from holds nothing. The result depends neither on
// the order of members nor on that of their actions, and Compute changes
// none of its input.
func RollUp(p review.Policy, members []review.Case, from, to, now time.Time) Figures {
	return RollUpIn(p, Scope{}, members, from, to, now)
}

// RollUpIn is RollUp over the members of a scope: every member counts, but
// only those the scope may name are quoted.
func RollUpIn(p review.Policy, scope Scope, members []review.Case, from, to, now time.Time) Figures {
	pd := period{from: from, to: to, now: now}
	in := pd.members(members)
	// The period of equal length just before, for the recurrence's trend.
	before := period{from: previousFrom(from, to), to: from, now: now}.members(members)
	f := Figures{
		Incidents:  countIncidents(in, pd),
		KPIs:       computeKPIs(p, in, now),
		Actions:    countActions(in, now),
		Causes:     countCauses(in),
		Recurrence: findRecurrence(sight(in), sight(before)),
	}
	f.Lessons, f.LessonsOmitted = quoteLessons(in, scope)
	f.NextChange = nextChange(p, in, pd)
	return f
}

// period is the span [from, to) seen at now.
type period struct {
	from, to, now time.Time
}

// contains tells whether a detection time falls in the period.
func (pd period) contains(t time.Time) bool {
	return !t.Before(pd.from) && t.Before(pd.to)
}

// members picks the members detected in the period, in their given order.
func (pd period) members(all []review.Case) []*review.Case {
	n := 0
	for i := range all {
		if pd.holds(&all[i]) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	in := make([]*review.Case, 0, n)
	for i := range all {
		if m := &all[i]; pd.holds(m) {
			in = append(in, m)
		}
	}
	return in
}

func (pd period) holds(m *review.Case) bool {
	return m.Incident != nil && pd.contains(m.Incident.Spec.DetectedAt.Time)
}

// months is the range of byMonth as month indexes (see monthIndex): from
// the month of from through the month of now, or, once the period has
// ended, through its last month (to is exclusive, so a period ending at
// the start of a month does not show that month). At most MaxMonths, the
// newest kept. ok is false when there is no month to show yet.
func (pd period) months() (first, last int, ok bool) {
	if !pd.to.After(pd.from) {
		return 0, 0, false
	}
	first = monthIndex(pd.from)
	if pd.now.Before(pd.to) {
		last = monthIndex(pd.now)
	} else {
		last = monthIndex(pd.to.Add(-time.Nanosecond))
	}
	if last < first {
		return 0, 0, false
	}
	if last-first+1 > MaxMonths {
		first = last - MaxMonths + 1
	}
	return first, last, true
}

// nextMonth is when byMonth next changes by time alone: the start of the
// month after now's, or of from's month while the period has not begun,
// provided it is before to.
func (pd period) nextMonth() (time.Time, bool) {
	next := max(monthIndex(pd.now)+1, monthIndex(pd.from))
	t := monthStart(next)
	if !pd.to.After(pd.from) || !t.Before(pd.to) {
		return time.Time{}, false
	}
	return t, true
}

// monthIndex numbers calendar months (UTC) consecutively: year*12 + month-1.
func monthIndex(t time.Time) int {
	u := t.UTC()
	return u.Year()*12 + int(u.Month()) - 1
}

func monthStart(i int) time.Time {
	return time.Date(i/12, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC)
}

func monthName(i int) string {
	return fmt.Sprintf("%04d-%02d", i/12, i%12+1)
}

// countIncidents counts by type, category, severity and month.
func countIncidents(in []*review.Case, pd period) v1alpha1.IncidentFigures {
	var f v1alpha1.IncidentFigures
	first, last, haveMonths := pd.months()
	if haveMonths {
		f.ByMonth = make([]v1alpha1.MonthCount, last-first+1)
		for i := range f.ByMonth {
			f.ByMonth[i].Month = monthName(first + i)
		}
	}
	for _, m := range in {
		s := &m.Incident.Spec
		if s.Type == v1alpha1.IncidentTypeExercise {
			// Tests of the response plan are counted apart.
			f.Exercises++
			continue
		}
		f.Total++
		if s.CyberAttack {
			f.CyberAttacks++
		}
		var month *v1alpha1.MonthCount
		if i := monthIndex(s.DetectedAt.Time); haveMonths && i >= first && i <= last {
			month = &f.ByMonth[i-first]
		}
		switch s.Type {
		case v1alpha1.IncidentTypeIncident:
			f.Incidents++
			if month != nil {
				month.Incidents++
			}
		case v1alpha1.IncidentTypeNearMiss:
			f.NearMisses++
			if month != nil {
				month.NearMisses++
			}
		}
		switch s.Category {
		case v1alpha1.CategoryPersonalDataBreach:
			f.ByCategory.PersonalDataBreach++
		case v1alpha1.CategoryConfidentialityBreach:
			f.ByCategory.ConfidentialityBreach++
		case v1alpha1.CategoryNetworkAndInformationSystems:
			f.ByCategory.NetworkAndInformationSystems++
		}
		switch s.Severity {
		case v1alpha1.SeverityLow:
			f.BySeverity.Low++
		case v1alpha1.SeverityMedium:
			f.BySeverity.Medium++
		case v1alpha1.SeverityHigh:
			f.BySeverity.High++
		case v1alpha1.SeverityCritical:
			f.BySeverity.Critical++
		}
	}
	return f
}

// nextChange is the earliest instant after now at which the figures change
// by time alone: an unfinished action falling due, a SIRO notification or
// external report deadline passing unmet, or byMonth growing by a month.
// Zero when none.
func nextChange(p review.Policy, in []*review.Case, pd period) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(pd.now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, m := range in {
		for i := range m.Actions {
			if a := m.Actions[i]; !review.ActionFinished(a, pd.now) {
				consider(review.ActionDueAt(a))
			}
			if a := m.Actions[i]; review.CompletedInFuture(a, pd.now) {
				consider(a.Spec.CompletedAt.Time)
			}
		}
		if inc := m.Incident; inc.Spec.Type == v1alpha1.IncidentTypeIncident && inc.Spec.SIRONotifiedAt == nil {
			consider(review.SIRONotificationDueAt(p, inc))
		}
		if inc := m.Incident; review.ExternalReportRequired(inc) && review.FirstExternalReport(inc) == nil {
			consider(review.ExternalReportDueAt(p, inc))
		}
	}
	if t, ok := pd.nextMonth(); ok {
		consider(t)
	}
	if next.IsZero() {
		return time.Time{}
	}
	// In UTC, so that equal instants from objects in different zones (or
	// met in a different order) give an identical result.
	return next.UTC()
}
