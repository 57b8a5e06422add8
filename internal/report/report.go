package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// Result is a LessonsReport's computed status.
type Result = statuskit.Result[v1alpha1.LessonsReportStatus]

// Period is the effective span [From, To) a report covers at now. An
// open-ended period runs to the end of the current UTC day, so it rolls
// forward once a day rather than at every instant; one that has not begun
// yet runs to the end of the day it begins, so it never ends before it
// begins.
func Period(r *v1alpha1.LessonsReport, now time.Time) (from, to time.Time) {
	from = r.Spec.Period.From.Time
	if r.Spec.Period.To != nil {
		return from, r.Spec.Period.To.Time
	}
	y, m, d := latest(now, from).UTC().Date()
	return from, time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// previousFrom is where the period of equal length just before [from, to)
// begins. It is reckoned in seconds, not with a time.Duration, which holds
// only about 292 years: a longer period would get a shorter previous one.
func previousFrom(from, to time.Time) time.Time {
	return time.Unix(2*from.Unix()-to.Unix(), 2*int64(from.Nanosecond())-int64(to.Nanosecond())).UTC()
}

// ComputeReportIn computes a report's status at now from the incidents its
// selector chooses in scope (all of them, whatever their detection time:
// the previous period needs the earlier ones). A one-namespace report's
// scope is OneNamespace; an organisation-wide report counts its namespaces
// and quotes no lesson from a confidential one. selectorErr is the error
// parsing spec.selector (or a *NamespaceSelectorError), if any. reviews
// are the ProcessReviews of the scope's namespaces, for the annual cycle.
func ComputeReportIn(p review.Policy, r *v1alpha1.LessonsReport, scope Scope, members []review.Case, reviews []*v1alpha1.ProcessReview, selectorErr error, now time.Time) Result {
	prev := r.Status
	from, to := Period(r, now)
	prevFrom := previousFrom(from, to)
	current := RollUpIn(p, scope, members, from, to, now)
	previous := RollUpIn(p, scope, members, prevFrom, from, now)

	st := v1alpha1.LessonsReportStatus{
		ObservedGeneration: r.Generation,
		Period:             &v1alpha1.ReportPeriod{From: *statuskit.Stamp(from), To: statuskit.Stamp(to)},
		Incidents:          &current.Incidents,
		KPIs:               &current.KPIs,
		Actions:            &current.Actions,
		Causes:             &current.Causes,
		Recurrence:         &current.Recurrence,
		Lessons:            current.Lessons,
		LessonsOmitted:     current.LessonsOmitted,
		PreviousPeriod: &v1alpha1.PeriodFigures{
			From: *statuskit.Stamp(prevFrom), To: *statuskit.Stamp(from),
			Incidents: previous.Incidents, KPIs: previous.KPIs,
		},
		LastUpdated: prev.LastUpdated,
	}
	st.Namespaces, st.ConfidentialNamespaces = scope.counts()
	res := Result{}
	conds := statuskit.NewConditions(prev.Conditions, r.Generation, now)
	deadlines := statuskit.NewDeadlines(now)
	st.Governance, res.Announcements = governance(p, prev.Conditions, reviews, members, from, to, now, conds, deadlines)
	if selectorErr != nil {
		// Figures over a selector that cannot be read would mislead.
		st = v1alpha1.LessonsReportStatus{ObservedGeneration: r.Generation, LastUpdated: prev.LastUpdated}
		conds = statuskit.NewConditions(prev.Conditions, r.Generation, now)
		deadlines, res.Announcements = statuskit.NewDeadlines(now), nil
	}
	if !sameFigures(prev, st) {
		st.LastUpdated = &metav1.Time{Time: now.Truncate(time.Second)}
	}

	selectorMessage := ""
	if selectorErr != nil {
		selectorMessage = selectorField(selectorErr) + ": " + selectorErr.Error()
	}
	conds.Ready(selectorErr == nil, v1alpha1.ReasonInvalidSelector, selectorMessage)
	res.Announcements = append(res.Announcements, signOff(r, &st, conds, digest(current), now)...)
	if review.SignOffInFuture(r.Spec.SignOff, now) {
		deadlines.Add(r.Spec.SignOff.At.Time) // the decision is believed then
	}
	res.Announcements = append(res.Announcements, signOffDeadline(p, r, &st, conds, deadlines, now)...)
	st.Announcements = statuskit.Remember(prev.Announcements, res.Announcements, "", now)
	st.Conditions = conds.List()
	st.Overdue = overdue(&st, st.Conditions, periodEnded(r, now))
	res.Status = st

	deadlines.Add(current.NextChange)
	deadlines.Add(previous.NextChange)
	if r.Spec.Period.To == nil {
		deadlines.Add(to)
		// As an open-ended period grows, so does the previous one, reaching
		// back to earlier incidents.
		for _, m := range members {
			if m.Incident == nil {
				continue
			}
			if d := m.Incident.Spec.DetectedAt.Time; d.Before(prevFrom) {
				deadlines.Add(from.Add(from.Sub(d)))
			}
		}
	}
	res.RequeueAfter = deadlines.After()
	return res
}

// signOff sets the phase, the SignedOff condition and the record of what was
// approved, and announces an approval that no longer stands.
func signOff(r *v1alpha1.LessonsReport, st *v1alpha1.LessonsReportStatus, conds *statuskit.Conditions, figures string, now time.Time) []statuskit.Announcement {
	prev := r.Status
	so := r.Spec.SignOff
	st.Phase = v1alpha1.ReportCurrent
	switch {
	case so == nil:
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonNotSignedOff, "the SIRO has not signed the report off")
		return nil
	case review.SignOffInFuture(so, now):
		// Not believed until its date: the figures it approves are those
		// of that day.
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonSignOffInFuture, review.SignOffInFutureMessage(so))
		return nil
	case so.Decision == v1alpha1.SignOffChangesRequested:
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonChangesRequested, fmt.Sprintf("%s requested changes: %s", so.By, so.Comment))
		return nil
	}
	record := prev.SignedOffFigures
	// The approval is known by its time as stored, to the second: one
	// written with a fraction of a second is the same approval when the
	// record of it is read back.
	at := statuskit.Stamp(so.At.Time)
	if record == nil || !record.SignOffAt.Equal(at) {
		// The first sight of an approval fixes the figures it approves.
		record = &v1alpha1.SignedOffFigures{SignOffAt: *at, Digest: figures}
	}
	st.SignedOffFigures = record
	if record.Digest == figures {
		st.Phase = v1alpha1.ReportSignedOff
		conds.Set(v1alpha1.ConditionSignedOff, true, v1alpha1.ReasonApproved, fmt.Sprintf("approved by %s at %s", so.By, statuskit.FormatTime(so.At.Time)))
		return nil
	}
	msg := fmt.Sprintf("the figures changed after %s approved them at %s; the sign-off no longer stands: sign off again or withdraw it", so.By, statuskit.FormatTime(so.At.Time))
	conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonFiguresChanged, msg)
	if statuskit.Enter(prev.Conditions, v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonFiguresChanged) {
		return []statuskit.Announcement{{Reason: v1alpha1.EventSignOffInvalidated, Message: msg}}
	}
	return nil
}

// digest fingerprints the figures a SIRO approves.
func digest(f Figures) string {
	f.NextChange = time.Time{}
	data, err := json.Marshal(f)
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// sameFigures compares two statuses' figures, ignoring conditions, phase,
// sign-off record and deadline, and lastUpdated.
func sameFigures(a, b v1alpha1.LessonsReportStatus) bool {
	strip := func(s v1alpha1.LessonsReportStatus) v1alpha1.LessonsReportStatus {
		s.Conditions, s.Phase, s.SignedOffFigures, s.LastUpdated, s.ObservedGeneration, s.Announcements = nil, "", nil, nil, 0, nil
		s.SignOffDueAt, s.Overdue = nil, 0
		return s
	}
	return equality.Semantic.DeepEqual(strip(a), strip(b))
}
