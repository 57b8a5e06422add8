package review

import (
	"fmt"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ActionResult is an ImprovementAction's computed status.
type ActionResult = statuskit.Result[v1alpha1.ImprovementActionStatus]

// ActionState is the owner's word, omitted meaning Open.
func ActionState(a *v1alpha1.ImprovementAction) v1alpha1.ActionState {
	if a.Spec.State == "" {
		return v1alpha1.ActionStateOpen
	}
	return a.Spec.State
}

// ActionFinished tells whether an action is finished at now: Cancelled,
// or Done with its completion come.
func ActionFinished(a *v1alpha1.ImprovementAction, now time.Time) bool {
	switch ActionState(a) {
	case v1alpha1.ActionStateCancelled:
		return true
	case v1alpha1.ActionStateDone:
		return !CompletedInFuture(a, now)
	}
	return false
}

// CompletedInFuture tells whether an action marked Done gives a
// completedAt still to come at now. Such a completion is not believed
// until its time comes: the action stays open, so a date typed wrong (2099
// for 2026) can neither close an incident nor silence a deadline.
func CompletedInFuture(a *v1alpha1.ImprovementAction, now time.Time) bool {
	return ActionState(a) == v1alpha1.ActionStateDone && a.Spec.CompletedAt != nil && a.Spec.CompletedAt.After(now)
}

// ActionDueAt is the deadline in force: the last agreed extension's, else
// the deadline first agreed (spec.dueDate).
func ActionDueAt(a *v1alpha1.ImprovementAction) time.Time {
	if n := len(a.Spec.Extensions); n > 0 {
		return a.Spec.Extensions[n-1].DueDate.Time
	}
	return a.Spec.DueDate.Time
}

// ActionPhase is the action's phase at now.
func ActionPhase(a *v1alpha1.ImprovementAction, now time.Time) v1alpha1.ActionPhase {
	switch {
	case CompletedInFuture(a, now):
		// Not believed yet: in progress, or overdue once its deadline passes.
	case ActionState(a) == v1alpha1.ActionStateDone:
		return v1alpha1.ActionDone
	case ActionState(a) == v1alpha1.ActionStateCancelled:
		return v1alpha1.ActionCancelled
	}
	if statuskit.Reached(now, ActionDueAt(a)) {
		return v1alpha1.ActionOverdue
	}
	if ActionState(a) != v1alpha1.ActionStateOpen {
		return v1alpha1.ActionInProgress
	}
	return v1alpha1.ActionOpen
}

// CompletedLate tells whether a Done action was completed after the
// deadline in force, or was seen overdue against it whatever its
// completedAt says. A late completion once on record stays late, whatever
// is corrected, agreed or reopened since.
func CompletedLate(a *v1alpha1.ImprovementAction) bool {
	return a.Status.CompletedLate || completedAfter(a, ActionDueAt(a))
}

// CompletedAfterOriginalDueDate tells whether a Done action was completed
// after the deadline first agreed, whatever was agreed since, or was seen
// overdue against it.
func CompletedAfterOriginalDueDate(a *v1alpha1.ImprovementAction) bool {
	return a.Status.CompletedAfterOriginalDueDate || completedAfter(a, a.Spec.DueDate.Time)
}

// recordedLate is whether the status records a late completion at now:
// as recorded before, or a completion believed now (not one still to
// come) that is late.
func recordedLate(recorded bool, a *v1alpha1.ImprovementAction, due time.Time, now time.Time) bool {
	return recorded || (completedAfter(a, due) && !CompletedInFuture(a, now))
}

func completedAfter(a *v1alpha1.ImprovementAction, due time.Time) bool {
	if ActionState(a) != v1alpha1.ActionStateDone {
		return false
	}
	return (a.Spec.CompletedAt != nil && a.Spec.CompletedAt.After(due)) || SeenOverdue(a, due)
}

// SeenOverdue tells whether the operator announced the action overdue
// against the deadline due: once announced, a deadline stays missed, so a
// completedAt back-dated to before it cannot make the completion on time.
// status.overdueAnnouncedAt is kept after completion for this.
func SeenOverdue(a *v1alpha1.ImprovementAction, due time.Time) bool {
	at := a.Status.OverdueAnnouncedAt
	return at != nil && !at.Time.Before(due.Truncate(time.Second))
}

// backDated tells whether a Done action's completedAt lies before the
// deadline in force that it was seen missing.
func backDated(a *v1alpha1.ImprovementAction) bool {
	due := ActionDueAt(a)
	return ActionState(a) == v1alpha1.ActionStateDone && a.Spec.CompletedAt != nil && !a.Spec.CompletedAt.After(due) && SeenOverdue(a, due)
}

// Origin is the record that raised an action: the Incident whose lessons
// it carries out, or the ProcessReview that found it.
type Origin struct {
	// Kind is Incident or ProcessReview; Name is the record's name.
	Kind, Name string
	// Found tells whether the record exists and could be read.
	Found bool
	// Since is when the priority's timescale counts from: the incident's
	// detection, or the review's holding.
	Since time.Time
}

// The kinds of record an action comes from.
const (
	OriginIncident      = "Incident"
	OriginProcessReview = "ProcessReview"
)

// OriginOf names the record an action's spec says raised it.
func OriginOf(a *v1alpha1.ImprovementAction) (kind, name string) {
	if a.Spec.ProcessReviewRef.Name != "" {
		return OriginProcessReview, a.Spec.ProcessReviewRef.Name
	}
	return OriginIncident, a.Spec.IncidentRef.Name
}

// IncidentOrigin is an incident's action's origin; incident is nil when it
// does not resolve.
func IncidentOrigin(a *v1alpha1.ImprovementAction, incident *v1alpha1.Incident) Origin {
	o := Origin{Kind: OriginIncident, Name: a.Spec.IncidentRef.Name}
	if incident != nil {
		o.Found, o.Since = true, incident.Spec.DetectedAt.Time
	}
	return o
}

// ProcessReviewOrigin is a review's action's origin; pr is nil when it
// does not resolve.
func ProcessReviewOrigin(a *v1alpha1.ImprovementAction, pr *v1alpha1.ProcessReview) Origin {
	o := Origin{Kind: OriginProcessReview, Name: a.Spec.ProcessReviewRef.Name}
	if pr != nil {
		o.Found, o.Since = true, pr.Spec.HeldAt.Time
	}
	return o
}

// TimescaleLimit is the latest an action may be due by its priority: the
// time its timescale counts from (its incident's detection, its review's
// holding) plus the priority's timescale.
func TimescaleLimit(p Policy, a *v1alpha1.ImprovementAction, since time.Time) time.Time {
	return since.Add(p.ActionTimescale[a.Spec.Priority])
}

// BeyondTimescale tells whether the action's deadline in force lies later
// after since than its priority allows.
func BeyondTimescale(p Policy, a *v1alpha1.ImprovementAction, since time.Time) bool {
	return ActionDueAt(a).After(TimescaleLimit(p, a, since))
}

// ComputeAction computes an incident's action's status at now. incident is
// the one spec.incidentRef names, nil when it does not resolve.
func ComputeAction(p Policy, a *v1alpha1.ImprovementAction, incident *v1alpha1.Incident, now time.Time) ActionResult {
	return ComputeActionOf(p, a, IncidentOrigin(a, incident), now)
}

// ComputeActionOf computes an action's status at now from its origin.
func ComputeActionOf(p Policy, a *v1alpha1.ImprovementAction, origin Origin, now time.Time) ActionResult {
	phase := ActionPhase(a, now)
	x := &actionComputation{p: p, a: a, now: now, due: ActionDueAt(a), deadlines: statuskit.NewDeadlines(now), origin: origin}
	st := v1alpha1.ImprovementActionStatus{
		ObservedGeneration:            a.Generation,
		Phase:                         phase,
		DueAt:                         statuskit.Stamp(x.due),
		Extensions:                    int32(len(a.Spec.Extensions)),
		CompletedLate:                 recordedLate(a.Status.CompletedLate, a, x.due, now),
		CompletedAfterOriginalDueDate: recordedLate(a.Status.CompletedAfterOriginalDueDate, a, a.Spec.DueDate.Time, now),
	}
	st.DueSoonAnnouncedAt = x.dueSoon(phase)
	st.OverdueAnnouncedAt = x.overdue(phase)
	if phase == v1alpha1.ActionOverdue {
		st.OverdueSince = statuskit.Stamp(x.due)
	}
	if !ActionFinished(a, now) {
		x.deadlines.Add(x.due)
	}
	x.completion(phase, st.CompletedLate)

	conds := statuskit.NewConditions(a.Status.Conditions, a.Generation, now)
	notFound := v1alpha1.ReasonIncidentNotFound
	if origin.Kind == OriginProcessReview {
		notFound = v1alpha1.ReasonProcessReviewNotFound
	}
	conds.Ready(origin.Found, notFound,
		fmt.Sprintf("%s %q does not exist in this namespace (yet); the action recovers when it appears", origin.Kind, origin.Name))
	switch {
	case ActionFinished(a, now):
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonFinished, fmt.Sprintf("the action is %s", phase))
	case phase == v1alpha1.ActionOverdue:
		conds.Set(v1alpha1.ConditionOverdue, true, v1alpha1.ReasonPastDueDate, fmt.Sprintf("due %s", statuskit.FormatTime(x.due)))
	default:
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonOnTrack, fmt.Sprintf("due %s", statuskit.FormatTime(x.due)))
	}
	x.completed(conds, phase)
	if origin.Found {
		x.timescale(conds)
	}
	st.Conditions = conds.List()
	st.Announcements = statuskit.Remember(a.Status.Announcements, x.announcements, origin.Name, now)
	kept := keptBefore(a.Status.KeptAsEvidence)
	kept.add(v1alpha1.EvidenceOverdue, st.OverdueAnnouncedAt != nil)
	kept.add(v1alpha1.EvidenceCompletedLate, st.CompletedLate)
	st.KeptAsEvidence = kept.list()
	return ActionResult{Status: st, Announcements: x.announcements, RequeueAfter: x.deadlines.After()}
}

// actionComputation carries one action's computation through its steps.
type actionComputation struct {
	p             Policy
	a             *v1alpha1.ImprovementAction
	now, due      time.Time
	deadlines     *statuskit.Deadlines
	announcements []statuskit.Announcement
	origin        Origin
}

func (x *actionComputation) announce(reason v1alpha1.EventReason, alsoOnIncident bool, message string) {
	x.announcements = append(x.announcements, statuskit.Announcement{Reason: reason, Message: message, AlsoOnIncident: alsoOnIncident})
}

// dueSoon announces ActionDueSoon once per due date when the due-soon
// window opens, and returns when it was announced.
func (x *actionComputation) dueSoon(phase v1alpha1.ActionPhase) *metav1.Time {
	last := x.a.Status.DueSoonAnnouncedAt
	if ActionFinished(x.a, x.now) || phase == v1alpha1.ActionOverdue {
		return last
	}
	from := x.p.DueSoonFrom(x.due)
	// One raised before the current window opened was for an earlier due date.
	owed := last == nil || last.Time.Before(from.Truncate(time.Second))
	switch {
	case !owed:
		return last
	case !statuskit.Reached(x.now, from):
		x.deadlines.Add(from)
		return last
	}
	x.announce(v1alpha1.EventActionDueSoon, false,
		fmt.Sprintf("%q is due %s, in %s", x.a.Spec.Title, statuskit.FormatTime(x.due), statuskit.HumanDuration(x.due.Sub(x.now))))
	return statuskit.Stamp(x.now)
}

// overdue announces ActionOverdue when the action goes overdue and again
// once per reminder interval while it stays overdue, and returns when it
// was last announced.
func (x *actionComputation) overdue(phase v1alpha1.ActionPhase) *metav1.Time {
	last := x.a.Status.OverdueAnnouncedAt
	if phase != v1alpha1.ActionOverdue {
		return last
	}
	if !overdueOwed(x.p, x.a, x.due, x.now) {
		x.deadlines.Add(last.Add(x.p.OverdueReminderInterval))
		return last
	}
	a := x.a.Spec
	x.announce(v1alpha1.EventActionOverdue, true, fmt.Sprintf("%q (%s priority, owner %s) was due %s and is overdue by %s",
		a.Title, a.Priority, a.Owner, statuskit.FormatTime(x.due), statuskit.HumanDuration(x.now.Sub(x.due))))
	at := statuskit.Stamp(x.now)
	x.deadlines.Add(at.Add(x.p.OverdueReminderInterval))
	return at
}

// OverdueOwed tells whether an action is overdue at now with its overdue
// announcement (or reminder) still to be made: its deadline passed while
// no manager led, say, and its status does not say so yet.
func OverdueOwed(p Policy, a *v1alpha1.ImprovementAction, now time.Time) bool {
	return ActionPhase(a, now) == v1alpha1.ActionOverdue && overdueOwed(p, a, ActionDueAt(a), now)
}

// overdueOwed tells whether an overdue action's announcement is owed: none
// was made since the deadline in force passed (one made before it was for
// an earlier deadline), or the reminder interval has passed since.
func overdueOwed(p Policy, a *v1alpha1.ImprovementAction, due, now time.Time) bool {
	last := a.Status.OverdueAnnouncedAt
	return last == nil || last.Time.Before(due.Truncate(time.Second)) || statuskit.Reached(now, last.Add(p.OverdueReminderInterval))
}

// completion announces that the action was done, on time or late, unless
// that is history.
func (x *actionComputation) completion(phase v1alpha1.ActionPhase, late bool) {
	prev := x.a.Status.Phase
	if phase == prev || phase != v1alpha1.ActionDone || statuskit.IsHistory(string(prev), x.a.Spec.CompletedAt, x.now) {
		return
	}
	reason, how := v1alpha1.EventActionCompleted, "on time"
	switch {
	case backDated(x.a):
		reason, how = v1alpha1.EventActionCompletedLate, fmt.Sprintf("recorded as late: it was seen overdue %s, past the deadline %s",
			statuskit.FormatTime(x.a.Status.OverdueAnnouncedAt.Time), statuskit.FormatTime(x.due))
	case late:
		reason, how = v1alpha1.EventActionCompletedLate, fmt.Sprintf("late: it was due %s", statuskit.FormatTime(x.due))
	}
	when := "was completed"
	if x.a.Spec.CompletedAt != nil {
		when += " " + statuskit.FormatTime(x.a.Spec.CompletedAt.Time)
	}
	x.announce(reason, true, fmt.Sprintf("%q %s, %s", x.a.Spec.Title, when, how))
}

// timescale sets WithinTimescale and announces, once, an action due later
// than its priority allows. With the origin unknown it is left as it was.
func (x *actionComputation) timescale(conds *statuskit.Conditions) {
	since := x.origin.Since
	limit := statuskit.FormatTime(TimescaleLimit(x.p, x.a, since))
	if !BeyondTimescale(x.p, x.a, since) {
		conds.Set(v1alpha1.ConditionWithinTimescale, true, v1alpha1.ReasonWithinPriorityTimescale,
			fmt.Sprintf("due %s, within the %s priority's timescale (by %s)", statuskit.FormatTime(x.due), x.a.Spec.Priority, limit))
		return
	}
	msg := fmt.Sprintf("%q is due %s, later than a %s priority allows: %s after %s, by %s; bring the deadline forward or agree the priority",
		x.a.Spec.Title, statuskit.FormatTime(x.due), x.a.Spec.Priority, statuskit.HumanDuration(x.p.ActionTimescale[x.a.Spec.Priority]), x.origin.counting(), limit)
	if statuskit.Enter(x.a.Status.Conditions, v1alpha1.ConditionWithinTimescale, false, v1alpha1.ReasonBeyondPriorityTimescale) {
		x.announce(v1alpha1.EventActionBeyondTimescale, false, msg)
	}
	conds.Set(v1alpha1.ConditionWithinTimescale, false, v1alpha1.ReasonBeyondPriorityTimescale, msg)
}

// completed sets the Completed condition. A completion still to come is
// not believed: the condition says so, the owner is warned once, and the
// action is looked at again when its completedAt comes.
func (x *actionComputation) completed(conds *statuskit.Conditions, phase v1alpha1.ActionPhase) {
	a := x.a
	switch {
	case CompletedInFuture(a, x.now):
		at := a.Spec.CompletedAt.Time
		msg := fmt.Sprintf("%q is marked Done with spec.completedAt %s, which has not come yet: it counts as %s until then; write the time the work was done",
			a.Spec.Title, statuskit.FormatTime(at), phase)
		if statuskit.Enter(a.Status.Conditions, v1alpha1.ConditionCompleted, false, v1alpha1.ReasonCompletedAtInFuture) {
			x.announce(v1alpha1.EventCompletedAtInFuture, false, msg)
		}
		conds.Set(v1alpha1.ConditionCompleted, false, v1alpha1.ReasonCompletedAtInFuture, msg)
		x.deadlines.Add(at)
	case phase == v1alpha1.ActionDone:
		conds.Set(v1alpha1.ConditionCompleted, true, v1alpha1.ReasonDone, completedMessage(a))
	case phase == v1alpha1.ActionCancelled:
		conds.Set(v1alpha1.ConditionCompleted, false, v1alpha1.ReasonCancelled, "the action was cancelled")
	default:
		conds.Set(v1alpha1.ConditionCompleted, false, v1alpha1.ReasonNotDone, fmt.Sprintf("the action is %s", phase))
	}
}

// completedMessage says when a Done action was completed against its
// deadlines.
func completedMessage(a *v1alpha1.ImprovementAction) string {
	due := statuskit.FormatTime(ActionDueAt(a))
	when := "completed"
	if a.Spec.CompletedAt != nil {
		when += " " + statuskit.FormatTime(a.Spec.CompletedAt.Time)
	}
	switch {
	case backDated(a):
		return fmt.Sprintf("%s, but recorded as late: it was seen overdue %s, past the deadline %s",
			when, statuskit.FormatTime(a.Status.OverdueAnnouncedAt.Time), due)
	case CompletedLate(a):
		return fmt.Sprintf("%s, after the deadline %s", when, due)
	}
	return fmt.Sprintf("%s, by the deadline %s", when, due)
}

// counting says what an action's timescale counts from, in words.
func (o Origin) counting() string {
	if o.Kind == OriginProcessReview {
		return "the review was held"
	}
	return "detection"
}
