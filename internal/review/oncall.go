package review

import (
	"cmp"
	"slices"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// OnCall is the on-call summary at Now, read from the duties: what is
// late, what falls due soon, and what waits for the SIRO.
type OnCall struct {
	Now time.Time
	// Incidents are those not Closed: by namespace, the least healthy
	// first, then the most severe, then the oldest.
	Incidents []IncidentRow
	// OverdueActions are the most overdue first; DueSoonActions the
	// soonest due first.
	OverdueActions, DueSoonActions []Duty
	// OverdueRCAs are the analyses past their deadline that their lead
	// still owes (written or not), the longest overdue first; those
	// awaiting the SIRO are in AwaitingSignOff.
	OverdueRCAs []Duty
	// SIROOverdue are the incidents whose SIRO notification is overdue,
	// the longest overdue first.
	SIROOverdue []Duty
	// DecisionsOverdue are the incidents whose decision whether to report
	// outside the organisation is overdue, the longest overdue first.
	DecisionsOverdue []Duty
	// ExternalReports are the required external reports still owed, and
	// those made for incidents not yet Closed: overdue first (the longest
	// overdue first), then still due (the soonest first), then made.
	ExternalReports []ExternalReportRow
	// AwaitingSignOff are the analyses awaiting the SIRO's decision, the
	// earliest due first.
	AwaitingSignOff []Duty
	// OverdueReports are the reports past their sign-off deadline, the
	// longest overdue first.
	OverdueReports []Duty
	// GovernanceDue are the process reviews and exercises due in the
	// scope of a report whose period runs, the longest overdue first.
	GovernanceDue []Duty
	// LearningToShare are the signed-off analyses whose learning is still
	// to be shared with staff or the team and with the reporter, overdue
	// or not, the earliest due first.
	LearningToShare []Duty
}

// IncidentRow is an open incident.
type IncidentRow struct {
	Namespace, Name string
	Phase           v1alpha1.IncidentPhase
	Severity        v1alpha1.Severity
	Owner           v1alpha1.Person
	Actions         v1alpha1.ActionCounts
	// Overdue counts every duty of the incident past its deadline; NextDue
	// is the earliest deadline still ahead (zero when none is).
	Overdue    int
	NextDue    time.Time
	Health     Health
	DetectedAt time.Time
}

// ExternalReportRow is an incident that must be reported outside the
// organisation.
type ExternalReportRow struct {
	Namespace, Incident string
	Owner               v1alpha1.Person
	// Standing is the ExternallyReported condition's reason: NotYetDue,
	// DeadlineMissed, Reported or ReportedLate.
	Standing v1alpha1.ConditionReason
	Due      time.Time
	// Report is the first report made; nil while none is recorded.
	Report *v1alpha1.ExternalReport
	Health Health
}

// Summarise computes the on-call summary at now from the objects' spec, by
// the operator's rules (their status may lag, or be empty before the
// operator ran): the reviews' duties, and others' (the reports' sign-offs)
// given in extra.
func Summarise(p Policy, r Reviews, extra []Duty, now time.Time) OnCall {
	s := OnCall{Now: now}
	for _, c := range r.Cases() {
		inc := c.Incident
		duties := c.Duties(p, now)
		s.place(duties)
		phase := c.Phase(now)
		if row, ok := externalReportRow(p, inc, phase, now); ok {
			s.ExternalReports = append(s.ExternalReports, row)
		}
		if phase != v1alpha1.IncidentClosed {
			clock := ClockOf(duties, now)
			s.Incidents = append(s.Incidents, IncidentRow{
				Namespace: inc.Namespace, Name: inc.Name, Phase: phase, Severity: inc.Spec.Severity, Owner: inc.Spec.Owner,
				Actions: CountActions(c.Actions, now), Overdue: clock.Overdue, NextDue: clock.NextDue,
				Health: HealthOf(duties), DetectedAt: inc.Spec.DetectedAt.Time,
			})
		}
	}
	s.place(r.orphanDuties(p, now))
	s.place(extra)
	s.sort()
	return s
}

// place puts each duty in the section that lists it. An external report
// is listed with its incident's row instead, made or not.
func (s *OnCall) place(duties []Duty) {
	for _, d := range duties {
		switch {
		case d.Kind == DutyAction && d.Health == HealthOverdue:
			s.OverdueActions = append(s.OverdueActions, d)
		case d.Kind == DutyAction && d.Health == HealthDueSoon:
			s.DueSoonActions = append(s.DueSoonActions, d)
		case d.Kind == DutyRCA && d.Standing == StandingAwaitingSignOff:
			s.AwaitingSignOff = append(s.AwaitingSignOff, d)
		case d.Kind == DutyRCA && d.Overdue():
			s.OverdueRCAs = append(s.OverdueRCAs, d)
		case d.Kind == DutySIRONotification && d.Overdue():
			s.SIROOverdue = append(s.SIROOverdue, d)
		case d.Kind == DutyExternalReportDecision && d.Overdue():
			s.DecisionsOverdue = append(s.DecisionsOverdue, d)
		case d.Kind == DutyLearningSharing:
			s.LearningToShare = append(s.LearningToShare, d)
		case d.Kind == DutyReportSignOff && d.Overdue():
			s.OverdueReports = append(s.OverdueReports, d)
		case (d.Kind == DutyProcessReview || d.Kind == DutyExercise) && d.Overdue():
			s.GovernanceDue = append(s.GovernanceDue, d)
		}
	}
}

// externalReportRow is the incident's external report as the on-call
// summary lists it: while it is owed, and once made until the incident
// closes.
func externalReportRow(p Policy, inc *v1alpha1.Incident, phase v1alpha1.IncidentPhase, now time.Time) (ExternalReportRow, bool) {
	n := externalNotice(p, inc)
	if !n.required || (!n.open() && phase == v1alpha1.IncidentClosed) {
		return ExternalReportRow{}, false
	}
	row := ExternalReportRow{Namespace: inc.Namespace, Incident: inc.Name, Owner: inc.Spec.Owner,
		Standing: n.standing(now), Due: n.due, Report: firstExternalReport(inc)}
	if n.open() {
		row.Health = DeadlineHealth(p, n.due, now)
	}
	return row, true
}

// sort puts each list in the order OnCall documents; ties fall back to
// names, so the output never depends on the order objects were listed in.
func (s *OnCall) sort() {
	slices.SortStableFunc(s.Incidents, func(a, b IncidentRow) int {
		return cmp.Or(
			cmp.Compare(a.Namespace, b.Namespace),
			cmp.Compare(b.Health, a.Health),
			cmp.Compare(slices.Index(v1alpha1.Severities, a.Severity), slices.Index(v1alpha1.Severities, b.Severity)),
			a.DetectedAt.Compare(b.DetectedAt),
			cmp.Compare(a.Name, b.Name))
	})
	for _, list := range [][]Duty{s.OverdueActions, s.DueSoonActions, s.OverdueRCAs, s.SIROOverdue, s.DecisionsOverdue, s.AwaitingSignOff, s.OverdueReports, s.LearningToShare, s.GovernanceDue} {
		slices.SortStableFunc(list, byDue)
	}
	slices.SortStableFunc(s.ExternalReports, func(a, b ExternalReportRow) int {
		// Owed before made; among those owed, the earliest due first.
		made := func(r ExternalReportRow) int {
			if r.Report != nil {
				return 1
			}
			return 0
		}
		return cmp.Or(cmp.Compare(made(a), made(b)), cmp.Compare(b.Health, a.Health), a.Due.Compare(b.Due),
			cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Incident, b.Incident))
	})
}

// byDue orders duties the earliest due first, an unknown deadline last,
// then by namespace, name and incident.
func byDue(a, b Duty) int {
	if a.Due.IsZero() != b.Due.IsZero() {
		if a.Due.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Incident, b.Incident))
}
