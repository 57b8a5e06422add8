// Package report rolls up a period's incidents, near misses, root cause
// analyses and improvement actions into the figures of a LessonsReport, as
// pure functions of the objects, the policy and the time.
package report

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

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

// RollUpIn rolls up the members whose incident's spec.detectedAt falls in
// [from, to), at now: every member counts, but only those the scope may
// name are quoted (the zero Scope names all). Members without an incident
// are skipped; a period whose to is not after from holds nothing. The
// result depends neither on the order of members nor on that of their
// actions, and RollUpIn changes none of its input.
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
		Recurrence: findRecurrence(sight(in, scope), sight(before, scope)),
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

// months is the range of byMonth as month indexes: the month axis (see
// MonthAxis) of the period so far, through the month of now or, once the
// period has ended, through its last month. ok is false when there is no
// month to show yet.
func (pd period) months() (first, last int, ok bool) {
	if !pd.to.After(pd.from) {
		return 0, 0, false
	}
	through := pd.to
	if pd.now.Before(pd.to) {
		through = monthStart(monthIndex(pd.now) + 1)
	}
	return monthSpan(pd.from, through)
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
// by time alone: a member's duty falling due that the figures count
// (countsInFigures), a completion or a sign-off still to come becoming
// believed, or byMonth growing by a month. Zero when none.
func nextChange(p review.Policy, in []*review.Case, pd period) time.Time {
	next := statuskit.NewDeadlines(pd.now)
	for _, m := range in {
		for _, d := range m.Duties(p, pd.now) {
			if countsInFigures(d, m.Incident) {
				next.Add(d.Due)
			}
		}
		for _, a := range m.Actions {
			if review.CompletedInFuture(a, pd.now) {
				next.Add(a.Spec.CompletedAt.Time)
			}
		}
		if m.RCA != nil && review.SignOffInFuture(m.RCA.Spec.SignOff, pd.now) {
			next.Add(m.RCA.Spec.SignOff.At.Time) // a decision believed from its date
		}
	}
	if t, ok := pd.nextMonth(); ok {
		next.Add(t)
	}
	if next.Next().IsZero() {
		return time.Time{}
	}
	// In UTC, so that equal instants from objects in different zones (or
	// met in a different order) give an identical result.
	return next.Next().UTC()
}

// countsInFigures tells whether a duty's deadline passing changes the
// figures: an action's (the overdue actions), an external report's, the
// sharing of an analysis's learning, and the SIRO notification of an
// incident, which the incident-response KPIs
// count; not an analysis's, whose deadline no figure counts, nor a near
// miss's notification, which the KPIs leave out.
func countsInFigures(d review.Duty, inc *v1alpha1.Incident) bool {
	switch d.Kind {
	case review.DutyRCA:
		return false
	case review.DutySIRONotification:
		return inc.Spec.Type == v1alpha1.IncidentTypeIncident
	}
	return true
}
