package report

import (
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Duties lists what the readable reports still owe, in the one duty model
// every reader shares: their sign-offs (SignOffDuties) and the process
// reviews and exercises due in their scope (GovernanceDuties).
func Duties(p review.Policy, reports []*v1alpha1.LessonsReport, now time.Time) []review.Duty {
	return append(SignOffDuties(p, reports, now), GovernanceDuties(p, reports, now)...)
}

// SignOffDuties lists the sign-off each readable report still owes: a
// report with a period end owes its SIRO's sign-off by SignOffDueAt until
// an approval of it stands, judged by its status as the operator last
// wrote it. An open-ended report owes none.
func SignOffDuties(p review.Policy, reports []*v1alpha1.LessonsReport, now time.Time) []review.Duty {
	var out []review.Duty
	for _, r := range reports {
		if r.Unreadable() != "" || approvalStands(r, &r.Status) {
			continue
		}
		if due, ok := SignOffDueAt(p, r); ok {
			out = append(out, reportDuty(p, r, review.DutyReportSignOff, due, now))
		}
	}
	return out
}

// GovernanceDuties lists the process reviews and exercises due in the
// scope of each readable report whose period runs, owed by its SIRO,
// judged by its status as the operator last wrote it. A period that has
// ended keeps its record (the conditions) but owes nothing more: the next
// period's report carries the duty.
func GovernanceDuties(p review.Policy, reports []*v1alpha1.LessonsReport, now time.Time) []review.Duty {
	var out []review.Duty
	for _, r := range reports {
		g := r.Status.Governance
		if r.Unreadable() != "" || g == nil || periodEnded(r, now) {
			continue
		}
		for _, c := range []struct {
			kind      review.DutyKind
			condition v1alpha1.ConditionType
			due       *metav1.Time
		}{
			{review.DutyProcessReview, v1alpha1.ConditionProcessReviewHeld, g.ProcessReviewDueAt},
			{review.DutyExercise, v1alpha1.ConditionExerciseHeld, g.ExerciseDueAt},
		} {
			if c.due != nil && meta.IsStatusConditionFalse(r.Status.Conditions, string(c.condition)) {
				out = append(out, reportDuty(p, r, c.kind, c.due.Time, now))
			}
		}
	}
	return out
}

// reportDuty is a duty a report's SIRO owes.
func reportDuty(p review.Policy, r *v1alpha1.LessonsReport, kind review.DutyKind, due, now time.Time) review.Duty {
	return review.Duty{Kind: kind, Namespace: r.Namespace, Name: r.Name, Who: r.Spec.SIRO, SIRO: r.Spec.SIRO,
		Due: due, Standing: review.StandingOwed, Health: review.DeadlineHealth(p, due, now)}
}

// periodEnded tells whether a report's period has ended at now.
func periodEnded(r *v1alpha1.LessonsReport, now time.Time) bool {
	return r.Spec.Period.To != nil && !now.Before(r.Spec.Period.To.Time)
}
