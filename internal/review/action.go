package review

import (
	"fmt"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// ActionResult is an ImprovementAction's computed status.
type ActionResult struct {
	Status        v1alpha1.ImprovementActionStatus
	Announcements []Announcement
	// RequeueAfter is when the status changes next by the passing of time
	// (0: never).
	RequeueAfter time.Duration
}

// ActionState is the owner's word, omitted meaning Open.
func ActionState(a *v1alpha1.ImprovementAction) v1alpha1.ActionState {
	if a.Spec.State == "" {
		return v1alpha1.ActionStateOpen
	}
	return a.Spec.State
}

// ActionFinished tells whether an action is Done or Cancelled.
func ActionFinished(a *v1alpha1.ImprovementAction) bool {
	s := ActionState(a)
	return s == v1alpha1.ActionStateDone || s == v1alpha1.ActionStateCancelled
}

// ActionPhase is the action's phase at now.
func ActionPhase(a *v1alpha1.ImprovementAction, now time.Time) v1alpha1.ActionPhase {
	switch ActionState(a) {
	case v1alpha1.ActionStateDone:
		return v1alpha1.ActionDone
	case v1alpha1.ActionStateCancelled:
		return v1alpha1.ActionCancelled
	}
	if reached(now, a.Spec.DueDate.Time) {
		return v1alpha1.ActionPhaseOverdue
	}
	if ActionState(a) == v1alpha1.ActionStateInProgress {
		return v1alpha1.ActionInProgress
	}
	return v1alpha1.ActionOpen
}

// CompletedLate tells whether a Done action was completed after its due date.
func CompletedLate(a *v1alpha1.ImprovementAction) bool {
	return ActionState(a) == v1alpha1.ActionStateDone && a.Spec.CompletedAt != nil &&
		a.Spec.CompletedAt.After(a.Spec.DueDate.Time)
}

// ComputeAction computes an action's status at now. incidentFound tells
// whether spec.incidentRef resolves.
func ComputeAction(p Policy, a *v1alpha1.ImprovementAction, incidentFound bool, now time.Time) ActionResult {
	prev := a.Status
	due := a.Spec.DueDate.Time
	phase := ActionPhase(a, now)
	deadlines := NewDeadlines(now)
	res := ActionResult{Status: v1alpha1.ImprovementActionStatus{
		ObservedGeneration: a.Generation,
		Phase:              phase,
		CompletedLate:      CompletedLate(a),
		DueSoonAnnouncedAt: prev.DueSoonAnnouncedAt,
		OverdueAnnouncedAt: prev.OverdueAnnouncedAt,
	}}
	st := &res.Status

	if phase == v1alpha1.ActionPhaseOverdue {
		st.OverdueSince = stamp(due)
	}

	if !ActionFinished(a) {
		dueSoonFrom := due.Add(-p.DueSoonWindow)
		// A due-soon warning is owed once per due date: one raised before the
		// current window opened was for an earlier due date.
		dueSoonOwed := prev.DueSoonAnnouncedAt == nil || prev.DueSoonAnnouncedAt.Time.Before(dueSoonFrom.Truncate(time.Second))
		switch {
		case phase == v1alpha1.ActionPhaseOverdue:
		case reached(now, dueSoonFrom) && dueSoonOwed:
			st.DueSoonAnnouncedAt = stamp(now)
			res.Announcements = append(res.Announcements, Announcement{
				Reason:  v1alpha1.EventActionDueSoon,
				Message: fmt.Sprintf("%q is due %s, in %s", a.Spec.Title, formatTime(due), HumanDuration(due.Sub(now))),
			})
		case dueSoonOwed:
			deadlines.Add(dueSoonFrom)
		}
		deadlines.Add(due)
	}

	if phase == v1alpha1.ActionPhaseOverdue {
		last := prev.OverdueAnnouncedAt
		// An announcement made before the due date was for an earlier one.
		owed := last == nil || last.Time.Before(due.Truncate(time.Second)) || reached(now, last.Add(p.OverdueReminderInterval))
		if owed {
			st.OverdueAnnouncedAt = stamp(now)
			res.Announcements = append(res.Announcements, Announcement{
				Reason:         v1alpha1.EventActionOverdue,
				Message:        fmt.Sprintf("%q (%s priority, owner %s) was due %s and is overdue by %s", a.Spec.Title, a.Spec.Priority, a.Spec.Owner, formatTime(due), HumanDuration(now.Sub(due))),
				AlsoOnIncident: true,
			})
			deadlines.Add(st.OverdueAnnouncedAt.Add(p.OverdueReminderInterval))
		} else {
			deadlines.Add(last.Add(p.OverdueReminderInterval))
		}
	}

	if phase != prev.Phase && phase == v1alpha1.ActionDone && !isHistory(string(prev.Phase), a.Spec.CompletedAt, now) {
		reason, how := v1alpha1.EventActionCompleted, "on time"
		if st.CompletedLate {
			reason, how = v1alpha1.EventActionCompletedLate, fmt.Sprintf("late: it was due %s", formatTime(due))
		}
		when := "was completed"
		if a.Spec.CompletedAt != nil {
			when += " " + formatTime(a.Spec.CompletedAt.Time)
		}
		res.Announcements = append(res.Announcements, Announcement{
			Reason:         reason,
			Message:        fmt.Sprintf("%q %s, %s", a.Spec.Title, when, how),
			AlsoOnIncident: true,
		})
	}

	conds := NewConditions(prev.Conditions, a.Generation, now)
	conds.Ready(incidentFound, v1alpha1.ReasonIncidentNotFound,
		fmt.Sprintf("Incident %q does not exist in this namespace (yet); the action recovers when it appears", a.Spec.IncidentRef.Name))
	switch {
	case ActionFinished(a):
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonFinished, fmt.Sprintf("the action is %s", phase))
	case phase == v1alpha1.ActionPhaseOverdue:
		conds.Set(v1alpha1.ConditionOverdue, true, v1alpha1.ReasonPastDueDate, fmt.Sprintf("due %s", formatTime(due)))
	default:
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonOnTrack, fmt.Sprintf("due %s", formatTime(due)))
	}
	st.Conditions = conds.List()
	res.RequeueAfter = deadlines.After()
	return res
}
