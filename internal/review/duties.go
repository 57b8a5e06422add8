package review

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// The on-call facts: each is decided here once and read by the controllers,
// the metrics, the report and `kubectl lessons status` alike.

// SIRONotificationRequired tells whether the SIRO must be told by a
// deadline: for incidents and near misses (Data Security Standard 6), not
// for an exercise of the response plan.
func SIRONotificationRequired(inc *v1alpha1.Incident) bool {
	return inc.Spec.Type != v1alpha1.IncidentTypeExercise
}

// SIRONotificationOverdue tells whether the SIRO notification deadline has
// passed with the SIRO still not told.
func SIRONotificationOverdue(p Policy, inc *v1alpha1.Incident, now time.Time) bool {
	return siroNotice(p, inc).overdue(now)
}

// DueSoonFrom is when a deadline enters the due-soon window.
func (p Policy) DueSoonFrom(due time.Time) time.Time { return due.Add(-p.DueSoonWindow) }

// DueSoon tells whether a deadline lies within the due-soon window at now:
// the window has opened and the deadline has not yet come.
func DueSoon(p Policy, due, now time.Time) bool {
	return statuskit.Reached(now, p.DueSoonFrom(due)) && !statuskit.Reached(now, due)
}

// ActionDueSoon tells whether an unfinished action's deadline in force lies
// within the due-soon window at now.
func ActionDueSoon(p Policy, a *v1alpha1.ImprovementAction, now time.Time) bool {
	return !ActionFinished(a, now) && DueSoon(p, ActionDueAt(a), now)
}

// AwaitingSignOff tells whether an analysis is submitted, complete and
// waiting for the SIRO's decision. incident may be nil when it is unknown.
func AwaitingSignOff(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident) bool {
	return RCAPhase(r, incident) == v1alpha1.RCAAwaitingSignOff
}

// DutyKind names what an incident's review owes by a deadline.
type DutyKind string

// The duties of an incident's review.
const (
	// DutyAction: an improvement action not yet Done or Cancelled.
	DutyAction DutyKind = "ImprovementAction"
	// DutyRCA: the root cause analysis, until it is signed off.
	DutyRCA DutyKind = "RootCauseAnalysis"
	// DutySIRONotification: telling the SIRO, until it is done.
	DutySIRONotification DutyKind = "SIRONotification"
	// DutyExternalReport: a required report outside the organisation,
	// until one is recorded.
	DutyExternalReport DutyKind = "ExternalReport"
)

// Duty is a deadline an incident's review has still to meet.
type Duty struct {
	Kind DutyKind
	// Name is the action's or the analysis's name; empty for the SIRO
	// notification, the external report and an analysis not yet written.
	Name string
	Due  time.Time
}

// OpenDuties lists the deadlines the case has still to meet: every
// unfinished action's due date, the analysis's deadline until it is
// signed off (also before it exists), the SIRO notification until the
// SIRO is told, and a required external report until one is recorded.
// Duties already met are not listed, whatever their dates.
func (c *Case) OpenDuties(p Policy, now time.Time) []Duty { return c.openDuties(p, c.RCAPhase(), now) }

// openDuties is OpenDuties with the analysis's phase already known.
func (c *Case) openDuties(p Policy, rcaPhase v1alpha1.RCAPhase, now time.Time) []Duty {
	var duties []Duty
	for i := range c.Actions {
		if a := c.Actions[i]; !ActionFinished(a, now) {
			duties = append(duties, Duty{Kind: DutyAction, Name: a.Name, Due: ActionDueAt(a)})
		}
	}
	if rcaPhase != v1alpha1.RCASignedOff {
		d := Duty{Kind: DutyRCA, Due: RCADueAt(p, c.RCA, c.Incident).Time}
		if c.RCA != nil {
			d.Name = c.RCA.Name
		}
		duties = append(duties, d)
	}
	for _, n := range []struct {
		kind DutyKind
		n    notice
	}{{DutySIRONotification, siroNotice(p, c.Incident)}, {DutyExternalReport, externalNotice(p, c.Incident)}} {
		if n.n.open() {
			duties = append(duties, Duty{Kind: n.kind, Due: n.n.due})
		}
	}
	return duties
}

// Health is how an item stands against its deadlines.
type Health int

// Healths, best first.
const (
	HealthOnTrack Health = iota
	HealthDueSoon
	HealthOverdue
)

// HealthOf is the worst of the duties at now: overdue when any deadline
// has passed, due soon when any lies within the due-soon window.
func HealthOf(p Policy, duties []Duty, now time.Time) Health {
	h := HealthOnTrack
	for _, d := range duties {
		h = max(h, DeadlineHealth(p, d.Due, now))
	}
	return h
}

// DeadlineHealth is how one deadline stands at now.
func DeadlineHealth(p Policy, due, now time.Time) Health {
	switch {
	case statuskit.Reached(now, due):
		return HealthOverdue
	case DueSoon(p, due, now):
		return HealthDueSoon
	}
	return HealthOnTrack
}

// DutyClock is where an incident's duties stand at a moment: how many are
// overdue, and the earliest deadline still ahead (zero when none is).
type DutyClock struct {
	Overdue int
	NextDue time.Time
}

// ClockOf reads the duties at now.
func ClockOf(duties []Duty, now time.Time) DutyClock {
	var c DutyClock
	for _, d := range duties {
		switch {
		case statuskit.Reached(now, d.Due):
			c.Overdue++
		case c.NextDue.IsZero() || d.Due.Before(c.NextDue):
			c.NextDue = d.Due
		}
	}
	return c
}
