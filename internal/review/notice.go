package review

import (
	"cmp"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// A notice is a duty to tell someone of an incident within a deadline of
// its detection: the SIRO (Data Security Standard 6), or an authority
// outside the organisation such as the ICO. Both follow one rule, decided
// here once: a deadline once missed is recorded in the status with the
// deadline that applied then, and stays missed whatever detectedAt, the
// time the notice was given, the incident's type or whether a report is
// required becomes afterwards: a later edit never erases a breach.
type notice struct {
	kind     *noticeKind
	required bool
	// due is the deadline in force: the one on record once missed.
	due time.Time
	// given is when the notice was given; nil while it is not.
	given *time.Time
	// breached tells whether a missed deadline is on record; givenOnRecord
	// is when the record says the notice was given, nil while it was not.
	breached      bool
	givenOnRecord *time.Time
	// givenAs says in the condition's message how it was given ("told",
	// "reported to ICO"); notRequired why none is due.
	givenAs, notRequired string
}

// noticeKind is what tells one notice from another in the status: the
// condition it sets, its reasons and event, and the words of its messages.
type noticeKind struct {
	condition    v1alpha1.ConditionType
	onTime, late v1alpha1.ConditionReason
	// pending and missed are the condition's reasons while the notice is
	// owed before and after its deadline; pending makes it Unknown (for a
	// decision, whose outcome is unknown until made). Empty: NotYetDue and
	// DeadlineMissed, False.
	pending, missed   v1alpha1.ConditionReason
	overdue           v1alpha1.ConditionReason
	event             v1alpha1.EventReason
	deadline          func(Policy) time.Duration
	subject, verb     string // "the SIRO was", "told"
	what              string // "SIRO notification"
	missedInstruction string // what to do once it is missed, if anything
}

var siroNoticeKind = &noticeKind{
	condition: v1alpha1.ConditionSIRONotified,
	onTime:    v1alpha1.ReasonNotified, late: v1alpha1.ReasonNotifiedLate,
	overdue:  v1alpha1.ReasonSIRONotificationOverdue,
	event:    v1alpha1.EventSIRONotificationOverdue,
	deadline: func(p Policy) time.Duration { return p.SIRONotificationDeadline },
	subject:  "the SIRO was", verb: "told",
	what: "SIRO notification",
}

var externalNoticeKind = &noticeKind{
	condition: v1alpha1.ConditionExternallyReported,
	onTime:    v1alpha1.ReasonReported, late: v1alpha1.ReasonReportedLate,
	overdue:  v1alpha1.ReasonExternalReportOverdue,
	event:    v1alpha1.EventExternalReportOverdue,
	deadline: func(p Policy) time.Duration { return p.ExternalReportDeadline },
	subject:  "the incident was", verb: "reported outside the organisation",
	what:              "external report",
	missedInstruction: "report it through the DSPT incident reporting tool and record it in spec.externalReports",
}

// SIRONotificationRequired tells whether the SIRO must be told by a
// deadline: for incidents and near misses (Data Security Standard 6), not
// for an exercise of the response plan.
func SIRONotificationRequired(inc *v1alpha1.Incident) bool {
	return inc.Spec.Type != v1alpha1.IncidentTypeExercise
}

// decisionNoticeKind is the decision whether to report an incident outside
// the organisation. While it is owed it speaks for ExternallyReported;
// once made, the external report (if any) does.
var decisionNoticeKind = &noticeKind{
	condition: v1alpha1.ConditionExternallyReported,
	pending:   v1alpha1.ReasonDecisionPending, missed: v1alpha1.ReasonDecisionOverdue,
	overdue:  v1alpha1.ReasonExternalReportDecisionOverdue,
	event:    v1alpha1.EventExternalReportDecisionOverdue,
	deadline: func(p Policy) time.Duration { return p.ExternalReportDeadline },
	subject:  "the decision whether to report the incident outside the organisation was", verb: "recorded",
	what:              "external report decision",
	missedInstruction: "decide whether it is reportable and record it in spec.externalReportDecision (reportable, reason when not, decidedBy, at)",
}

// decisionNotice is the duty to decide, either way, whether an Incident is
// reported outside the organisation; spec.externalReportRequired counts as
// the decision that it is.
func decisionNotice(p Policy, inc *v1alpha1.Incident) notice {
	n := notice{kind: decisionNoticeKind, required: inc.Spec.Type == v1alpha1.IncidentTypeIncident && !inc.Spec.ExternalReportRequired,
		due: inc.Spec.DetectedAt.Add(p.ExternalReportDeadline), givenAs: "decided"}
	if d := inc.Spec.ExternalReportDecision; d != nil {
		n.given = &d.At.Time
	}
	if b := inc.Status.ExternalReportDecisionBreach; b != nil {
		n.due, n.breached, n.givenOnRecord = b.DueAt.Time, true, timeOf(b.DecidedAt)
	}
	return n
}

// siroNotice is the duty to tell the incident's SIRO.
func siroNotice(p Policy, inc *v1alpha1.Incident) notice {
	n := notice{kind: siroNoticeKind, required: SIRONotificationRequired(inc), due: SIRONotificationDueAt(p, inc),
		givenAs: "told", notRequired: "an exercise of the response plan: no SIRO notification deadline applies"}
	if t := inc.Spec.SIRONotifiedAt; t != nil {
		n.given = &t.Time
	}
	if b := inc.Status.SIRONotificationBreach; b != nil {
		n.breached, n.givenOnRecord = true, timeOf(b.NotifiedAt)
	}
	return n
}

// externalNotice is the duty to report the incident outside the
// organisation.
func externalNotice(p Policy, inc *v1alpha1.Incident) notice {
	n := notice{kind: externalNoticeKind, required: ExternalReportRequired(inc), due: ExternalReportDueAt(p, inc),
		given: FirstExternalReport(inc), givenAs: "reported",
		notRequired: "no external report is required: spec.externalReportRequired is not set"}
	if r := firstExternalReport(inc); r != nil {
		n.givenAs = "reported to " + string(r.Authority)
	}
	if d := inc.Spec.ExternalReportDecision; d != nil && !d.Reportable {
		n.notRequired = fmt.Sprintf("decided not reportable by %s at %s: %s", d.DecidedBy, statuskit.FormatTime(d.At.Time), d.Reason)
	}
	if inc.Spec.Type == v1alpha1.IncidentTypeExercise {
		n.notRequired = "an exercise of the response plan is never reported outside the organisation"
	}
	if b := inc.Status.ExternalReportBreach; b != nil {
		n.breached, n.givenOnRecord = true, timeOf(b.ReportedAt)
	}
	return n
}

// timeOf is t's instant, nil for none.
func timeOf(t *metav1.Time) *time.Time {
	if t == nil {
		return nil
	}
	return &t.Time
}

// onTime tells whether the notice was given by the deadline, and the
// deadline was never recorded as missed.
func (n notice) onTime() bool { return !n.breached && n.given != nil && !n.given.After(n.due) }

// open tells whether the notice is still owed.
func (n notice) open() bool { return n.required && n.given == nil }

// overdue tells whether the deadline has passed with the notice still owed.
func (n notice) overdue(now time.Time) bool { return n.open() && statuskit.Reached(now, n.due) }

// missed tells whether the deadline is missed at now, given late or not:
// the status then keeps a record of it. A missed deadline on record stays
// missed, even once the notice is no longer required.
func (n notice) missed(now time.Time) bool {
	return n.breached || (n.required && (n.overdue(now) || (n.given != nil && !n.onTime())))
}

// breach is the record of a missed deadline at now: the deadline and when
// the notice was given after it (as given now, else as recorded); ok is
// false when none is missed.
func (n notice) breach(now time.Time) (due metav1.Time, given *metav1.Time, ok bool) {
	if !n.missed(now) {
		return metav1.Time{}, nil, false
	}
	if g := firstOf(n.given, n.givenOnRecord); g != nil {
		given = statuskit.Stamp(*g)
	}
	return *statuskit.Stamp(n.due), given, true
}

// firstOf is the first of the times that is not nil.
func firstOf(times ...*time.Time) *time.Time {
	for _, t := range times {
		if t != nil {
			return t
		}
	}
	return nil
}

// Record is how a notice counts in the on-time figures at a moment.
type Record struct {
	// Counted tells whether it counts at all: required and given or past
	// its deadline, or missed on record whatever the incident became.
	Counted bool
	// OnTime tells whether it was given by its deadline, never recorded as
	// missed.
	OnTime bool
	// Breached tells whether a missed deadline is on record.
	Breached bool
	// BreachedAs is the incident's type when a SIRO notification deadline
	// was missed, as its record keeps it; empty for an external report, or
	// a record made before it was kept.
	BreachedAs v1alpha1.IncidentType
}

// record is the notice's Record at now.
func (n notice) record(now time.Time) Record {
	return Record{Counted: n.breached || (n.required && (n.given != nil || n.overdue(now))), OnTime: n.onTime(), Breached: n.breached}
}

// SIRONotificationRecord is how the incident's SIRO notification counts in
// the on-time figures at now.
func SIRONotificationRecord(p Policy, inc *v1alpha1.Incident, now time.Time) Record {
	r := siroNotice(p, inc).record(now)
	if b := inc.Status.SIRONotificationBreach; b != nil {
		r.BreachedAs = b.Type
	}
	return r
}

// ExternalReportDecisionRecord is how the incident's decision whether to
// report it outside the organisation counts in the on-time figures at now.
func ExternalReportDecisionRecord(p Policy, inc *v1alpha1.Incident, now time.Time) Record {
	return decisionNotice(p, inc).record(now)
}

// ExternalReportRecord is how the incident's external report counts in
// the on-time figures at now.
func ExternalReportRecord(p Policy, inc *v1alpha1.Incident, now time.Time) Record {
	return externalNotice(p, inc).record(now)
}

// dueAt is the deadline as the status shows it; none when not required.
func (n notice) dueAt() *metav1.Time {
	if !n.required {
		return nil
	}
	return statuskit.Stamp(n.due)
}

// standing is where the notice stands at now, as its condition's reason.
func (n notice) standing(now time.Time) v1alpha1.ConditionReason {
	switch {
	case !n.required:
		return v1alpha1.ReasonNotRequired
	case n.given != nil && n.onTime():
		return n.kind.onTime
	case n.given != nil:
		return n.kind.late
	case n.overdue(now):
		return cmp.Or(n.kind.missed, v1alpha1.ReasonDeadlineMissed)
	}
	return cmp.Or(n.kind.pending, v1alpha1.ReasonNotYetDue)
}

// setCondition sets the notice's condition and reports whether the
// deadline was missed with the notice still owed.
func (n notice) setCondition(conds *statuskit.Conditions, now time.Time) bool {
	due := statuskit.FormatTime(n.due)
	reason := n.standing(now)
	switch reason {
	case n.kind.onTime:
		conds.Set(n.kind.condition, true, reason, fmt.Sprintf("%s %s, within the deadline %s", n.givenAs, statuskit.FormatTime(*n.given), due))
	case n.kind.late:
		conds.Set(n.kind.condition, true, reason, fmt.Sprintf("%s %s, after the deadline %s", n.givenAs, statuskit.FormatTime(*n.given), due))
	case n.missedReason():
		msg := fmt.Sprintf("not %s; the deadline was %s", n.kind.verb, due)
		if n.kind.missedInstruction != "" {
			msg += ": " + n.kind.missedInstruction
		}
		conds.Set(n.kind.condition, false, reason, msg)
	case n.kind.pending:
		conds.SetUnknown(n.kind.condition, reason, fmt.Sprintf("not %s yet; due by %s", n.kind.verb, due))
	case v1alpha1.ReasonNotRequired:
		msg := n.notRequired
		if n.breached {
			msg += fmt.Sprintf("; the %s deadline %s was missed while it applied, and stays on record", n.kind.what, due)
		}
		conds.Set(n.kind.condition, true, reason, msg)
	default:
		conds.Set(n.kind.condition, false, reason, fmt.Sprintf("not %s yet; due by %s", n.kind.verb, due))
	}
	return reason == n.missedReason()
}

// missedReason is the condition's reason once the deadline passed with the
// notice still owed.
func (n notice) missedReason() v1alpha1.ConditionReason {
	return cmp.Or(n.kind.missed, v1alpha1.ReasonDeadlineMissed)
}

// lateMessage is the timeline's record of a notice given after its
// deadline.
func (n notice) lateMessage() string {
	return fmt.Sprintf("%s %s %s, after the deadline %s", n.kind.subject, n.kind.verb, statuskit.FormatTime(*n.given), statuskit.FormatTime(n.due))
}

// missedMessage announces a deadline passed with the notice still owed.
func (n notice) missedMessage(p Policy) string {
	return fmt.Sprintf("%s not %s within %s of detection (due %s)", n.kind.subject, n.kind.verb,
		statuskit.HumanDuration(n.kind.deadline(p)), statuskit.FormatTime(n.due))
}
