package report

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// SignOffDuties lists the sign-off each readable report still owes, in the
// one duty model every reader shares: a report with a period end owes its
// SIRO's sign-off by SignOffDueAt until an approval of it stands, judged by
// its status as the operator last wrote it. An open-ended report owes
// none.
func SignOffDuties(p review.Policy, reports []*v1alpha1.LessonsReport, now time.Time) []review.Duty {
	var out []review.Duty
	for _, r := range reports {
		if r.Unreadable() != "" || approvalStands(r, &r.Status) {
			continue
		}
		if due, ok := SignOffDueAt(p, r); ok {
			out = append(out, review.Duty{Kind: review.DutyReportSignOff, Namespace: r.Namespace, Name: r.Name,
				Who: r.Spec.SIRO, SIRO: r.Spec.SIRO, Due: due, Standing: review.StandingOwed,
				Health: review.DeadlineHealth(p, due, now)})
		}
	}
	return out
}
