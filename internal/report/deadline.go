package report

import (
	"fmt"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// SignOffDueAt is when a report must be signed off by: the end of its
// period plus the policy's report sign-off window (the annual review of
// Data Security Standard 5, for a financial-year report). An open-ended
// report has no end, so no deadline: ok is false.
func SignOffDueAt(p review.Policy, r *v1alpha1.LessonsReport) (due time.Time, ok bool) {
	if r.Spec.Period.To == nil {
		return time.Time{}, false
	}
	return r.Spec.Period.To.Add(p.ReportSignOffWindow), true
}

// approvalStands tells whether status st records the standing approval of
// r's current spec.signOff: the figures it approved are those of st.
func approvalStands(r *v1alpha1.LessonsReport, st *v1alpha1.LessonsReportStatus) bool {
	so := r.Spec.SignOff
	return so != nil && so.Decision == v1alpha1.SignOffApproved && st.Phase == v1alpha1.ReportSignedOff &&
		st.SignedOffFigures != nil && st.SignedOffFigures.SignOffAt.Equal(statuskit.Stamp(so.At.Time))
}

// signOffDeadline sets status.signOffDueAt and the Overdue condition of a
// report whose sign-off st already judged, adds the deadline to those to
// requeue for, and announces ReportSignOffOverdue once each time the
// report falls overdue (the condition remembers it was announced).
func signOffDeadline(p review.Policy, r *v1alpha1.LessonsReport, st *v1alpha1.LessonsReportStatus, conds *statuskit.Conditions, deadlines *statuskit.Deadlines, now time.Time) []statuskit.Announcement {
	due, has := SignOffDueAt(p, r)
	if !has {
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonOnTrack, "an open-ended report has no sign-off deadline")
		return nil
	}
	st.SignOffDueAt = statuskit.Stamp(due)
	dueText := statuskit.FormatTime(due)
	switch {
	case approvalStands(r, st):
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonFinished, "the report is signed off")
		return nil
	case !statuskit.Reached(now, due):
		deadlines.Add(due)
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonOnTrack, "to be signed off by "+dueText)
		return nil
	}
	who := "the SIRO"
	if r.Spec.SIRO != "" {
		who += " (" + string(r.Spec.SIRO) + ")"
	}
	msg := fmt.Sprintf("the period ended %s and the report was to be signed off by %s (%s later): %s is to review the figures and sign it off",
		statuskit.FormatTime(r.Spec.Period.To.Time), dueText, statuskit.HumanDuration(p.ReportSignOffWindow), who)
	conds.Set(v1alpha1.ConditionOverdue, true, v1alpha1.ReasonSignOffOverdue, msg)
	if statuskit.Enter(r.Status.Conditions, v1alpha1.ConditionOverdue, true, v1alpha1.ReasonSignOffOverdue) {
		return []statuskit.Announcement{{Reason: v1alpha1.EventReportSignOffOverdue, Message: msg}}
	}
	return nil
}
