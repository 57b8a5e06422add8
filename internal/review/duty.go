package review

import (
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// The one model of who owes what: every deadline someone must still meet
// is a Duty, listed here once. The incident's OVERDUE and NEXT-DUE
// columns, `kubectl lessons status`, the per-item metrics (and so the
// alerts) and the report's requeue all read these lists, so a new kind of
// duty is one more case in Case.Duties (or, for a report's, in package
// report) and every reader sees it.

// DutyKind names what is owed.
type DutyKind string

// The kinds of duty.
const (
	// DutyAction: an improvement action not yet Done or Cancelled, owed
	// by its owner.
	DutyAction DutyKind = "ImprovementAction"
	// DutyRCA: the root cause analysis, until it is signed off: owed by
	// its lead (the incident's owner while none is written), then, once
	// submitted, awaiting the SIRO's decision.
	DutyRCA DutyKind = "RootCauseAnalysis"
	// DutySIRONotification: telling the SIRO, owed by the incident's
	// owner until it is done.
	DutySIRONotification DutyKind = "SIRONotification"
	// DutyExternalReport: a required report outside the organisation,
	// owed by the incident's owner until one is recorded.
	DutyExternalReport DutyKind = "ExternalReport"
	// DutyExternalReportDecision: deciding, either way, whether an Incident
	// is reported outside the organisation, owed by its owner until the
	// decision is recorded.
	DutyExternalReportDecision DutyKind = "ExternalReportDecision"
	// DutyLearningSharing: sharing the learning of a signed-off analysis
	// with staff or the team and with the reporter, owed by its lead.
	DutyLearningSharing DutyKind = "LearningSharing"
	// DutyReportSignOff: a LessonsReport whose period has ended, until its
	// SIRO signs it off. Package report adds these.
	DutyReportSignOff DutyKind = "ReportSignOff"
	// DutyProcessReview: a process review in a report's scope, due once
	// per --process-review-interval (Data Security Standard 5), owed by
	// the report's SIRO while the report's period runs. Package report
	// adds these.
	DutyProcessReview DutyKind = "ProcessReview"
	// DutyExercise: an exercise of the response plan in a report's scope,
	// due once per --exercise-interval (Standard 7), owed like a process
	// review.
	DutyExercise DutyKind = "Exercise"
)

// Standing says on whom a duty waits.
type Standing string

// The standings of a duty.
const (
	// StandingOwed: the one responsible (Duty.Who) has still to act.
	StandingOwed Standing = "Owed"
	// StandingAwaitingSignOff: the work is submitted and waits for the
	// SIRO's decision.
	StandingAwaitingSignOff Standing = "AwaitingSignOff"
)

// Duty is one deadline someone has still to meet.
type Duty struct {
	Kind      DutyKind
	Namespace string
	// Name is the object that owes it: the action, the analysis (empty
	// while none is written) or the report; for a notice or an external
	// report, the incident.
	Name string
	// ProcessReview is the process review that raised an action owed;
	// empty for other duties.
	ProcessReview string
	// Incident is the incident the duty belongs to; empty for a report's
	// and for a process review's action.
	// An analysis or action whose incident does not exist names it all the
	// same, and counts for no incident.
	Incident string
	// Who must act: the action's owner, the analysis's lead (the
	// incident's owner while none is written), the incident's owner for a
	// notice or an external report, the report's SIRO for its sign-off.
	Who v1alpha1.Person
	// SIRO is the SIRO of the incident or report: who signs, or is told.
	SIRO v1alpha1.Person
	// Severity is the incident's severity; empty for a report's duty.
	Severity v1alpha1.Severity
	// Due is the deadline in force; zero when it cannot be known (an
	// analysis without a dueDate whose incident does not exist).
	Due      time.Time
	Standing Standing
	// Since is when the duty began waiting for sign-off, as the operator
	// recorded it; zero when it does not wait, or nobody has seen it wait.
	Since  time.Time
	Health Health
	// Action is the action owed, for its priority, area and links; nil
	// for other duties.
	Action *v1alpha1.ImprovementAction
	// counted tells whether the duty counts in its incident's OVERDUE:
	// every duty of an incident's review does, the analyses and actions
	// whose incident is missing do not.
	counted bool
}

// Overdue tells whether the duty's deadline has passed.
func (d Duty) Overdue() bool { return d.Health == HealthOverdue }

// CountsForIncident tells whether the duty is one of its incident's, so
// counted in the incident's OVERDUE column.
func (d Duty) CountsForIncident() bool { return d.counted }

// Health is how a duty stands against its deadline.
type Health int

// Healths, best first.
const (
	HealthOnTrack Health = iota
	HealthDueSoon
	HealthOverdue
)

// DueSoonFrom is when a deadline enters the due-soon window.
func (p Policy) DueSoonFrom(due time.Time) time.Time { return due.Add(-p.DueSoonWindow) }

// DueSoon tells whether a deadline lies within the due-soon window at now:
// the window has opened and the deadline has not yet come.
func DueSoon(p Policy, due, now time.Time) bool {
	return statuskit.Reached(now, p.DueSoonFrom(due)) && !statuskit.Reached(now, due)
}

// DeadlineHealth is how one deadline stands at now; an unknown (zero)
// deadline is on track.
func DeadlineHealth(p Policy, due, now time.Time) Health {
	switch {
	case due.IsZero():
		return HealthOnTrack
	case statuskit.Reached(now, due):
		return HealthOverdue
	case DueSoon(p, due, now):
		return HealthDueSoon
	}
	return HealthOnTrack
}

// HealthOf is the worst of the duties: overdue when any deadline has
// passed, due soon when any lies within the due-soon window.
func HealthOf(duties []Duty) Health {
	h := HealthOnTrack
	for _, d := range duties {
		h = max(h, d.Health)
	}
	return h
}

// DutyClock is where duties stand at a moment: how many are overdue, and
// the earliest deadline still ahead (zero when none is).
type DutyClock struct {
	Overdue int
	NextDue time.Time
}

// ClockOf reads the duties at now, the instant their health was taken.
func ClockOf(duties []Duty, now time.Time) DutyClock {
	var c DutyClock
	next := statuskit.NewDeadlines(now)
	for _, d := range duties {
		if d.Overdue() {
			c.Overdue++
			continue
		}
		next.Add(d.Due)
	}
	c.NextDue = next.Next()
	return c
}

// Duties lists what the case still owes at now: every unfinished action,
// the analysis until it is signed off (also before it is written), the
// sharing of its learning once it is, the SIRO notification until the
// SIRO is told, and a required external report until one is recorded. Duties already met are not listed,
// whatever their dates.
func (c *Case) Duties(p Policy, now time.Time) []Duty { return c.duties(p, c.RCAPhase(now), now) }

// duties is Duties with the analysis's phase already known.
func (c *Case) duties(p Policy, rcaPhase v1alpha1.RCAPhase, now time.Time) []Duty {
	inc := c.Incident
	var out []Duty
	add := func(d Duty) {
		d.Namespace, d.Incident, d.SIRO, d.Severity, d.counted = inc.Namespace, inc.Name, inc.Spec.SIRO, inc.Spec.Severity, true
		out = append(out, d.at(p, now))
	}
	for _, a := range c.Actions {
		if !ActionFinished(a, now) {
			add(actionDuty(a))
		}
	}
	if rcaPhase != v1alpha1.RCASignedOff {
		d := Duty{Kind: DutyRCA, Who: inc.Spec.Owner, Standing: StandingOwed}
		if c.RCA != nil {
			d = rcaDuty(c.RCA, rcaPhase)
		}
		d.Due = RCADueAt(p, c.RCA, inc).Time
		add(d)
	}
	if s := LearningSharing(p, c.RCA, inc, rcaPhase, now); s.Open() {
		add(Duty{Kind: DutyLearningSharing, Name: c.RCA.Name, Who: c.RCA.Spec.Lead, Due: s.Due, Standing: StandingOwed})
	}
	for _, n := range []struct {
		kind DutyKind
		n    notice
	}{{DutySIRONotification, siroNotice(p, inc)}, {DutyExternalReport, externalNotice(p, inc)}, {DutyExternalReportDecision, decisionNotice(p, inc)}} {
		if n.n.open() {
			add(Duty{Kind: n.kind, Name: inc.Name, Who: inc.Spec.Owner, Due: n.n.due, Standing: StandingOwed})
		}
	}
	return out
}

// actionDuty is an unfinished action's duty, its incident not yet filled in.
func actionDuty(a *v1alpha1.ImprovementAction) Duty {
	return Duty{Kind: DutyAction, Namespace: a.Namespace, Name: a.Name, Incident: a.Spec.IncidentRef.Name,
		ProcessReview: a.Spec.ProcessReviewRef.Name, Who: a.Spec.Owner, Due: ActionDueAt(a), Standing: StandingOwed, Action: a}
}

// rcaDuty is a written analysis's duty, its deadline and incident not yet
// filled in.
func rcaDuty(r *v1alpha1.RootCauseAnalysis, phase v1alpha1.RCAPhase) Duty {
	d := Duty{Kind: DutyRCA, Namespace: r.Namespace, Name: r.Name, Incident: r.Spec.IncidentRef.Name, Who: r.Spec.Lead, Standing: StandingOwed}
	if phase == v1alpha1.RCAAwaitingSignOff {
		d.Standing = StandingAwaitingSignOff
		if since := r.Status.AwaitingSignOffSince; since != nil {
			d.Since = since.Time
		}
	}
	return d
}

// at fills in the duty's health at now.
func (d Duty) at(p Policy, now time.Time) Duty {
	d.Health = DeadlineHealth(p, d.Due, now)
	return d
}

// Duties lists every duty owed in the reviews at now: each incident's
// (Case.Duties), then those of the analyses and actions whose incident
// does not exist, and of the actions process reviews raised, which still
// owe their work but count for no incident.
// An analysis that does not speak for its incident (a duplicate) owes
// nothing: the one that does carries the duty.
func (r Reviews) Duties(p Policy, now time.Time) []Duty {
	var out []Duty
	for _, c := range r.Cases() {
		out = append(out, c.Duties(p, now)...)
	}
	return append(out, r.orphanDuties(p, now)...)
}

// orphanDuties are the duties of the analyses and actions whose incident
// does not exist, and of the actions raised by process reviews.
func (r Reviews) orphanDuties(p Policy, now time.Time) []Duty {
	incidents := r.incidentIndex()
	var out []Duty
	for _, a := range r.Actions {
		if incidents[types.NamespacedName{Namespace: a.Namespace, Name: a.Spec.IncidentRef.Name}] == nil && !ActionFinished(a, now) {
			out = append(out, actionDuty(a).at(p, now))
		}
	}
	for _, rca := range r.RCAs {
		if incidents[types.NamespacedName{Namespace: rca.Namespace, Name: rca.Spec.IncidentRef.Name}] != nil {
			continue
		}
		if phase := RCAPhase(rca, nil, now); phase != v1alpha1.RCASignedOff {
			d := rcaDuty(rca, phase)
			if due := RCADueAt(p, rca, nil); due != nil {
				d.Due = due.Time
			}
			out = append(out, d.at(p, now))
		}
	}
	return out
}
