package report

import (
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// The annual cycle of a report's scope: a process review held at least
// once per --process-review-interval (Data Security Standard 5), an
// exercise of the response plan once per --exercise-interval (Standard 7).
// Each is judged at now, or at the period's end for a period that has
// ended: a past year is judged by what was held in it.

// cycle is one of the yearly duties.
type cycle struct {
	condition v1alpha1.ConditionType
	due       v1alpha1.ConditionReason
	event     v1alpha1.EventReason
	what      string // in words, e.g. "process review"
	how       string // what to do about it
	interval  time.Duration
	// times are when each was held, in any order.
	times []time.Time
}

// judged is a cycle's standing at a reference time: how many were held in
// the period, the last held by then, when the next is due and whether it
// is due.
type judged struct {
	count   int32
	last    *metav1.Time
	dueAt   time.Time
	overdue bool
}

// judge reckons a cycle over [from, to) at ref (now, or the period's end
// when it has ended), adding to deadlines the moments its standing
// changes. One still to come is not held yet: it counts from its time.
func (c cycle) judge(from, to, ref, now time.Time, deadlines *statuskit.Deadlines) judged {
	var j judged
	for _, t := range c.times {
		if t.After(now) {
			deadlines.Add(t)
			continue
		}
		if !t.Before(from) && t.Before(to) {
			j.count++
		}
		if !t.After(ref) && (j.last == nil || t.After(j.last.Time)) {
			j.last = statuskit.Stamp(t)
		}
	}
	j.dueAt = from
	if j.last != nil {
		j.dueAt = j.last.Add(c.interval)
	}
	j.overdue = statuskit.Reached(ref, j.dueAt)
	if ref.Equal(now) {
		deadlines.Add(j.dueAt)
	}
	return j
}

// set sets the cycle's condition, and returns its announcement when it
// falls due while the period runs: once each time, as the condition
// remembers. A period that has ended keeps its record in the condition,
// but there is nothing left to do about it, so nothing to announce.
func (c cycle) set(j judged, prev []metav1.Condition, conds *statuskit.Conditions, interval string, running bool) []statuskit.Announcement {
	due := statuskit.FormatTime(j.dueAt)
	since := "none is recorded in the report's scope"
	if j.last != nil {
		since = "the last was held " + statuskit.FormatTime(j.last.Time)
	}
	if !j.overdue {
		conds.Set(c.condition, true, v1alpha1.ReasonHeldWithinInterval, fmt.Sprintf("%s; the next %s is due by %s", since, c.what, due))
		return nil
	}
	msg := fmt.Sprintf("no %s held within %s: %s, and one was due by %s; %s", c.what, interval, since, due, c.how)
	conds.Set(c.condition, false, c.due, msg)
	if running && statuskit.Enter(prev, c.condition, false, c.due) {
		return []statuskit.Announcement{{Reason: c.event, Message: msg}}
	}
	return nil
}

// governance computes a report's annual cycle over [from, to) at now from
// the process reviews and the incidents (exercises among them) in scope,
// sets its conditions and returns the announcements of what fell due.
func governance(p review.Policy, prev []metav1.Condition, reviews []*v1alpha1.ProcessReview, members []review.Case, from, to, now time.Time, conds *statuskit.Conditions, deadlines *statuskit.Deadlines) (*v1alpha1.Governance, []statuskit.Announcement) {
	ref := now
	if to.Before(now) {
		ref = to
	}
	// When the period ends, its duties are judged for good and owed no more.
	deadlines.Add(to)
	reviewed := cycle{
		condition: v1alpha1.ConditionProcessReviewHeld, due: v1alpha1.ReasonProcessReviewDue, event: v1alpha1.EventProcessReviewDue,
		what: "process review", interval: p.ProcessReviewInterval,
		how: "hold a review of the processes that caused breaches or near misses or force staff to use workarounds, with user representatives, and record it as a ProcessReview (Data Security Standard 5)",
	}
	exercised := cycle{
		condition: v1alpha1.ConditionExerciseHeld, due: v1alpha1.ReasonExerciseDue, event: v1alpha1.EventExerciseDue,
		what: "exercise", interval: p.ExerciseInterval,
		how: "test the incident response plan and record the exercise as an Incident of type Exercise (Data Security Standard 7)",
	}
	g := &v1alpha1.Governance{}
	for _, pr := range reviews {
		reviewed.times = append(reviewed.times, pr.Spec.HeldAt.Time)
		if HeldIn(pr, from, to, now) {
			g.Workarounds += int32(len(pr.Spec.Workarounds))
			if review.UserRepresented(pr) {
				g.UserRepresentedReviews++
			}
		}
	}
	for _, m := range members {
		if m.Incident != nil && m.Incident.Spec.Type == v1alpha1.IncidentTypeExercise {
			exercised.times = append(exercised.times, m.Incident.Spec.DetectedAt.Time)
		}
	}
	r := reviewed.judge(from, to, ref, now, deadlines)
	e := exercised.judge(from, to, ref, now, deadlines)
	g.ProcessReviews, g.LastProcessReviewAt, g.ProcessReviewDueAt = r.count, r.last, statuskit.Stamp(r.dueAt)
	g.Exercises, g.LastExerciseAt, g.ExerciseDueAt = e.count, e.last, statuskit.Stamp(e.dueAt)
	running := ref.Equal(now)
	announcements := reviewed.set(r, prev, conds, statuskit.HumanDuration(p.ProcessReviewInterval), running)
	announcements = append(announcements, exercised.set(e, prev, conds, statuskit.HumanDuration(p.ExerciseInterval), running)...)
	return g, announcements
}

// HeldIn tells whether a process review was held in [from, to) by now:
// one of the period's reviews, as the report counts them.
func HeldIn(pr *v1alpha1.ProcessReview, from, to, now time.Time) bool {
	held := pr.Spec.HeldAt.Time
	return review.Held(pr, now) && !held.Before(from) && held.Before(to)
}

// overdue counts what a report's scope owes past its deadline: overdue
// actions, the sign-off, and each of the yearly duties due while the
// period runs (once it has ended, its conditions keep the record, and the
// next period's report carries the duty).
func overdue(st *v1alpha1.LessonsReportStatus, conds []metav1.Condition, ended bool) int32 {
	var n int32
	if st.Actions != nil {
		n = st.Actions.Overdue
	}
	for _, c := range conds {
		switch {
		case !ended && c.Type == string(v1alpha1.ConditionProcessReviewHeld) && c.Status == metav1.ConditionFalse,
			!ended && c.Type == string(v1alpha1.ConditionExerciseHeld) && c.Status == metav1.ConditionFalse,
			c.Type == string(v1alpha1.ConditionOverdue) && c.Reason == string(v1alpha1.ReasonSignOffOverdue):
			n++
		}
	}
	return n
}
