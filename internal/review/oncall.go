package review

import (
	"cmp"
	"slices"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// OnCall is the on-call summary at Now: what is late, what falls due soon,
// and what waits for the SIRO.
type OnCall struct {
	Now time.Time
	// Incidents are those not Closed: by namespace, the least healthy
	// first, then the most severe, then the oldest.
	Incidents []IncidentRow
	// OverdueActions are the most overdue first; DueSoonActions the
	// soonest due first.
	OverdueActions, DueSoonActions []ActionRow
	// SIROOverdue are the incidents whose SIRO notification is overdue,
	// the longest overdue first.
	SIROOverdue []SIRORow
	// ExternalReports are the required external reports still owed, and
	// those made for incidents not yet Closed: overdue first (the longest
	// overdue first), then still due (the soonest first), then made.
	ExternalReports []ExternalReportRow
	// AwaitingSignOff are the analyses awaiting the SIRO's decision, the
	// earliest due first.
	AwaitingSignOff []RCARow
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

// ActionRow is an unfinished improvement action.
type ActionRow struct {
	Namespace, Name, Incident string
	Owner                     v1alpha1.Person
	Priority                  v1alpha1.Priority
	Due                       time.Time
}

// SIRORow is an incident whose SIRO notification is overdue.
type SIRORow struct {
	Namespace, Incident string
	Severity            v1alpha1.Severity
	SIRO                v1alpha1.Person
	Due                 time.Time
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

// RCARow is an analysis awaiting sign-off.
type RCARow struct {
	Namespace, Name, Incident string
	Lead                      v1alpha1.Person
	// Due is the analysis's deadline; zero when its incident is unknown.
	Due    time.Time
	Health Health
}

// Summarise computes the on-call summary at now from the objects' spec, by
// the operator's rules: their status may lag, or be empty before the
// operator ran.
func Summarise(p Policy, r Reviews, now time.Time) OnCall {
	s := OnCall{Now: now}
	for i := range r.Actions {
		a := r.Actions[i]
		row := ActionRow{Namespace: a.Namespace, Name: a.Name, Incident: a.Spec.IncidentRef.Name, Owner: a.Spec.Owner, Priority: a.Spec.Priority, Due: ActionDueAt(a)}
		switch {
		case ActionPhase(a, now) == v1alpha1.ActionOverdue:
			s.OverdueActions = append(s.OverdueActions, row)
		case ActionDueSoon(p, a, now):
			s.DueSoonActions = append(s.DueSoonActions, row)
		}
	}
	for _, c := range r.Cases() {
		inc := c.Incident
		if SIRONotificationOverdue(p, inc, now) {
			s.SIROOverdue = append(s.SIROOverdue, SIRORow{Namespace: inc.Namespace, Incident: inc.Name, Severity: inc.Spec.Severity, SIRO: inc.Spec.SIRO, Due: SIRONotificationDueAt(p, inc)})
		}
		phase := c.Phase(now)
		if row, ok := externalReportRow(p, inc, phase, now); ok {
			s.ExternalReports = append(s.ExternalReports, row)
		}
		if phase != v1alpha1.IncidentClosed {
			duties := c.OpenDuties(p, now)
			clock := ClockOf(duties, now)
			s.Incidents = append(s.Incidents, IncidentRow{
				Namespace: inc.Namespace, Name: inc.Name, Phase: phase, Severity: inc.Spec.Severity, Owner: inc.Spec.Owner,
				Actions: CountActions(c.Actions, now), Overdue: clock.Overdue, NextDue: clock.NextDue,
				Health: HealthOf(p, duties, now), DetectedAt: inc.Spec.DetectedAt.Time,
			})
		}
	}
	incidents := r.incidentIndex()
	for i := range r.RCAs {
		rca := r.RCAs[i]
		inc := incidents[types.NamespacedName{Namespace: rca.Namespace, Name: rca.Spec.IncidentRef.Name}]
		if !AwaitingSignOff(rca, inc) {
			continue
		}
		row := RCARow{Namespace: rca.Namespace, Name: rca.Name, Incident: rca.Spec.IncidentRef.Name, Lead: rca.Spec.Lead}
		if due := RCADueAt(p, rca, inc); due != nil {
			row.Due = due.Time
			row.Health = DeadlineHealth(p, row.Due, now)
		}
		s.AwaitingSignOff = append(s.AwaitingSignOff, row)
	}
	s.sort()
	return s
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
	byDue := func(a, b ActionRow) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	}
	slices.SortStableFunc(s.OverdueActions, byDue)
	slices.SortStableFunc(s.DueSoonActions, byDue)
	slices.SortStableFunc(s.SIROOverdue, func(a, b SIRORow) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Incident, b.Incident))
	})
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
	slices.SortStableFunc(s.AwaitingSignOff, func(a, b RCARow) int {
		// An analysis whose deadline is unknown goes last.
		if a.Due.IsZero() != b.Due.IsZero() {
			if a.Due.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	})
}
