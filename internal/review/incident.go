package review

import (
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// IncidentResult is an Incident's computed status.
type IncidentResult = statuskit.Result[v1alpha1.IncidentStatus]

// SIRONotificationDueAt is when the SIRO must have been told by.
// Once the deadline was missed it stays the one the status recorded then,
// whatever spec.detectedAt becomes afterwards.
func SIRONotificationDueAt(p Policy, inc *v1alpha1.Incident) time.Time {
	if b := inc.Status.SIRONotificationBreach; b != nil {
		return b.DueAt.Time
	}
	return inc.Spec.DetectedAt.Add(p.SIRONotificationDeadline)
}

// siroNotificationBreach is the record of a missed deadline at now: the
// one recorded before, kept, with when the SIRO was told; a new one when
// the deadline is missed now; nil otherwise.
func siroNotificationBreach(siro notice, inc *v1alpha1.Incident, now time.Time) *v1alpha1.SIRONotificationBreach {
	due, told, ok := siro.breach(now)
	if !ok {
		return nil
	}
	b := &v1alpha1.SIRONotificationBreach{DueAt: due, NotifiedAt: told, Type: inc.Spec.Type}
	if prev := inc.Status.SIRONotificationBreach; prev != nil {
		b.Type = prev.Type // as it was when missed, absent on an older record
	}
	return b
}

// externalReportBreach is the record of a missed external report deadline
// at now, kept like siroNotificationBreach, with when it was first
// reported; nil when none is missed.
func externalReportBreach(external notice, now time.Time) *v1alpha1.ExternalReportBreach {
	due, reported, ok := external.breach(now)
	if !ok {
		return nil
	}
	return &v1alpha1.ExternalReportBreach{DueAt: due, ReportedAt: reported}
}

// decisionBreach is the record of a decision whether to report made after
// its deadline, or still owed past it, kept like externalReportBreach.
func decisionBreach(decision notice, now time.Time) *v1alpha1.ExternalReportDecisionBreach {
	due, decided, ok := decision.breach(now)
	if !ok {
		return nil
	}
	return &v1alpha1.ExternalReportDecisionBreach{DueAt: due, DecidedAt: decided}
}

// SIRONotifiedOnTime tells whether the SIRO was told by the deadline. A
// deadline once recorded as missed stays missed.
func SIRONotifiedOnTime(p Policy, inc *v1alpha1.Incident) bool {
	return siroNotice(p, inc).onTime()
}

// RecordedAsResponse tells whether an exercise was once recorded as an
// incident or a near miss: its corrections show a type other than
// Exercise. What it owed then is counted as it was.
func RecordedAsResponse(inc *v1alpha1.Incident) bool {
	for _, c := range inc.Spec.Corrections {
		if c.Field == v1alpha1.FactType && c.From != string(v1alpha1.IncidentTypeExercise) {
			return true
		}
	}
	return false
}

// CountActions counts an incident's actions at now.
func CountActions(actions []*v1alpha1.ImprovementAction, now time.Time) v1alpha1.ActionCounts {
	var c v1alpha1.ActionCounts
	for i := range actions {
		c.Total++
		switch ActionPhase(actions[i], now) {
		case v1alpha1.ActionDone, v1alpha1.ActionCancelled:
			c.Done++
		case v1alpha1.ActionOverdue:
			c.Overdue++
		}
	}
	c.Progress = fmt.Sprintf("%d/%d", c.Done, c.Total)
	return c
}

// ComputeIncident computes an incident's status at now from its RCAs and
// actions (those whose incidentRef names it).
//
// actions may include some that could not be read: they count for
// nothing but their presence (an action kept as evidence that is present
// is not deleted).
func ComputeIncident(p Policy, inc *v1alpha1.Incident, rcas []*v1alpha1.RootCauseAnalysis, actions []*v1alpha1.ImprovementAction, now time.Time) IncidentResult {
	present := actions
	readable, _ := Reviews{Actions: actions}.Readable()
	actions = readable.Actions
	c := NewCase(inc, rcas, actions)
	rcaPhase := c.RCAPhase(now)
	x := &incidentComputation{p: p, c: &c, now: now, prev: inc.Status,
		counts: CountActions(actions, now),
		tl:     newTimeline(inc.Status.Timeline, now),
		conds:  statuskit.NewConditions(inc.Status.Conditions, inc.Generation, now),
	}
	phase := phaseFrom(rcaPhase, &c, now)
	x.conds.Ready(true, "", "")
	setIncidentComplete(x.conds, &c, rcaPhase, x.counts, now)
	setFactsConsistent(x.conds, IncidentDisagreements(inc, c.RCA, actions))
	x.phaseChange(phase)
	siro, external, decision := siroNotice(p, inc), externalNotice(p, inc), decisionNotice(p, inc)
	// Until the decision whether to report is made, it speaks for
	// ExternallyReported.
	notices := []notice{siro, external}
	if decision.open() {
		notices[1] = decision
	}
	var lateNotices []*noticeKind
	for _, n := range notices {
		if x.notice(n) {
			lateNotices = append(lateNotices, n.kind)
		}
	}
	rcaOverdue, rcaDue := x.rcaDeadline()
	sharingOverdue := x.sharingDeadline(rcaPhase)
	x.actionsEvidence()
	setIncidentOverdue(x.conds, x.counts, rcaOverdue, rcaDue, lateNotices, sharingOverdue)

	duties := c.duties(p, rcaPhase, now)
	deadlines := statuskit.NewDeadlines(now)
	for _, d := range duties {
		deadlines.Add(d.Due)
	}
	for i := range actions {
		// A completion still to come changes the counts when it comes.
		if a := actions[i]; CompletedInFuture(a, now) {
			deadlines.Add(a.Spec.CompletedAt.Time)
		}
	}
	if c.RCA != nil && SignOffInFuture(c.RCA.Spec.SignOff, now) {
		// So does the SIRO's decision, believed when its date comes.
		deadlines.Add(c.RCA.Spec.SignOff.At.Time)
	}
	clock := ClockOf(duties, now)
	st := v1alpha1.IncidentStatus{
		ObservedGeneration:           inc.Generation,
		Phase:                        phase,
		RCAPhase:                     rcaPhase,
		SIRONotification:             siro.standing(now),
		Overdue:                      int32(clock.Overdue),
		Actions:                      x.counts,
		SIRONotificationDueAt:        siro.dueAt(),
		SIRONotificationBreach:       siroNotificationBreach(siro, inc, now),
		ExternalReportDueAt:          external.dueAt(),
		ExternalReportBreach:         externalReportBreach(external, now),
		ExternalReportDecisionBreach: decisionBreach(decision, now),
		Conditions:                   x.conds.List(),
	}
	if c.RCA != nil {
		st.RootCauseAnalysis = c.RCA.Name
	}
	st.KeptAsEvidence = incidentEvidence(&st, inc.Status, actions, rcaOverdue)
	x.released(inc, st.KeptAsEvidence)
	x.actionsGone(present)
	st.Timeline = x.tl.entries
	st.Announcements = statuskit.Remember(inc.Status.Announcements, x.announcements, "", now)
	if !clock.NextDue.IsZero() {
		st.NextDueAt = statuskit.Stamp(clock.NextDue)
	}
	return IncidentResult{Status: st, Announcements: x.announcements, RequeueAfter: deadlines.After()}
}

// incidentComputation carries one incident's computation through its steps.
type incidentComputation struct {
	p             Policy
	c             *Case
	now           time.Time
	prev          v1alpha1.IncidentStatus
	counts        v1alpha1.ActionCounts
	tl            *timeline
	conds         *statuskit.Conditions
	announcements []statuskit.Announcement
}

func (x *incidentComputation) announce(reason v1alpha1.EventReason, message string) {
	x.announcements = append(x.announcements, statuskit.Announcement{Reason: reason, Message: message})
}

// phaseChange records a new phase in the timeline, and announces closure
// unless it is history.
func (x *incidentComputation) phaseChange(phase v1alpha1.IncidentPhase) {
	if phase == x.prev.Phase {
		return
	}
	x.tl.add(string(phase), phaseMessage(phase, x.c.RCA, x.counts))
	if phase == v1alpha1.IncidentClosed && !statuskit.IsHistory(string(x.prev.Phase), closedAt(x.c.RCA, x.c.Actions), x.now) {
		x.announce(v1alpha1.EventIncidentClosed, "the root cause analysis is signed off and "+finishedActions(x.counts))
	}
}

// notice sets the notice's condition; records in the timeline a notice
// given late before its deadline was seen missed; announces, once, a
// deadline passed with the notice still owed. It reports whether the
// notice is overdue.
func (x *incidentComputation) notice(n notice) bool {
	late := n.setCondition(x.conds, x.now)
	if !n.breached && n.standing(x.now) == n.kind.late {
		// Given late before the deadline was ever seen missed: the
		// timeline keeps it all the same.
		x.tl.add(string(n.kind.event), n.lateMessage())
	}
	if late && statuskit.Enter(x.prev.Conditions, n.kind.condition, false, n.missedReason()) {
		msg := n.missedMessage(x.p)
		x.announce(n.kind.event, msg)
		x.tl.add(string(n.kind.event), msg)
	}
	return late
}

// rcaDeadline records in the timeline, once per deadline, that the analysis
// is overdue, and announces it when no analysis exists (an existing one's
// controller announces it). It returns whether it is overdue, and when due.
func (x *incidentComputation) rcaDeadline() (bool, time.Time) {
	due := RCADueAt(x.p, x.c.RCA, x.c.Incident).Time
	overdue := RCAOverdue(x.p, x.c.RCA, x.c.Incident, x.now)
	if !overdue || x.tl.has(string(v1alpha1.EventRCAOverdue), due) {
		return overdue, due
	}
	msg := fmt.Sprintf("the root cause analysis was due %s and is not signed off", statuskit.FormatTime(due))
	if x.c.RCA == nil {
		msg = fmt.Sprintf("no root cause analysis exists; it was due %s", statuskit.FormatTime(due))
		x.announce(v1alpha1.EventRCAOverdue, msg)
	}
	x.tl.add(string(v1alpha1.EventRCAOverdue), msg)
	return overdue, due
}

// sharingDeadline records in the timeline, once per deadline, that the
// learning of the signed-off analysis is still to be shared past its
// deadline (the analysis's controller announces it). It returns whether
// it is.
func (x *incidentComputation) sharingDeadline(rcaPhase v1alpha1.RCAPhase) bool {
	s := LearningSharing(x.p, x.c.RCA, x.c.Incident, rcaPhase, x.now)
	if !s.Overdue(x.now) {
		return false
	}
	if !x.tl.has(string(v1alpha1.EventLearningSharingOverdue), s.Due) {
		x.tl.add(string(v1alpha1.EventLearningSharingOverdue), fmt.Sprintf("the learning of root cause analysis %s was due to be shared by %s and is still to be shared with %s",
			x.c.RCA.Name, statuskit.FormatTime(s.Due), strings.Join(s.Owed(), " and ")))
	}
	return true
}

// setIncidentOverdue sets the Overdue condition from every overdue duty:
// the actions, the analysis, the notices still owed past their deadline,
// and the sharing of the learning.
func setIncidentOverdue(conds *statuskit.Conditions, counts v1alpha1.ActionCounts, rcaOverdue bool, rcaDue time.Time, lateNotices []*noticeKind, sharingOverdue bool) {
	var reasons []v1alpha1.ConditionReason
	var parts []string
	if counts.Overdue > 0 {
		reasons = append(reasons, v1alpha1.ReasonActionsOverdue)
		parts = append(parts, fmt.Sprintf("%d improvement action(s) overdue", counts.Overdue))
	}
	if rcaOverdue {
		reasons = append(reasons, v1alpha1.ReasonRCAOverdue)
		parts = append(parts, fmt.Sprintf("root cause analysis overdue since %s", statuskit.FormatTime(rcaDue)))
	}
	for _, k := range lateNotices {
		reasons = append(reasons, k.overdue)
		parts = append(parts, k.what+" overdue")
	}
	if sharingOverdue {
		reasons = append(reasons, v1alpha1.ReasonLearningSharingOverdue)
		parts = append(parts, "sharing the learning overdue")
	}
	switch len(reasons) {
	case 0:
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonOnTrack, "nothing is overdue")
	case 1:
		conds.Set(v1alpha1.ConditionOverdue, true, reasons[0], parts[0])
	default:
		conds.Set(v1alpha1.ConditionOverdue, true, v1alpha1.ReasonSeveralOverdue, strings.Join(parts, "; "))
	}
}

func phaseMessage(phase v1alpha1.IncidentPhase, rca *v1alpha1.RootCauseAnalysis, counts v1alpha1.ActionCounts) string {
	switch phase {
	case v1alpha1.IncidentOpen:
		return "no root cause analysis yet"
	case v1alpha1.IncidentInvestigating:
		return fmt.Sprintf("root cause analysis %s is being written", rca.Name)
	case v1alpha1.IncidentAwaitingSignOff:
		if Approved(rca) {
			return fmt.Sprintf("the approval of root cause analysis %s no longer stands: the incident changed; awaiting SIRO sign-off again", rca.Name)
		}
		return fmt.Sprintf("root cause analysis %s submitted; awaiting SIRO sign-off", rca.Name)
	case v1alpha1.IncidentRemediating:
		if counts.Total == 0 {
			return noActionsMessage(rca)
		}
		return fmt.Sprintf("root cause analysis %s signed off; %d of %d actions finished", rca.Name, counts.Done, counts.Total)
	case v1alpha1.IncidentClosed:
		return fmt.Sprintf("root cause analysis %s signed off and %s", rca.Name, finishedActions(counts))
	}
	return ""
}

func finishedActions(counts v1alpha1.ActionCounts) string {
	switch counts.Total {
	case 0:
		return "no improvement action is needed, as the analysis says"
	case 1:
		return "its one improvement action is finished"
	}
	return fmt.Sprintf("all %d improvement actions are finished", counts.Total)
}

// closedAt is when the last step that closed the incident was taken: the
// RCA's sign-off or an action's completion. Nil when a completion's time is
// not recorded; cancellations carry no time and are left out.
func closedAt(rca *v1alpha1.RootCauseAnalysis, actions []*v1alpha1.ImprovementAction) *metav1.Time {
	times := []*metav1.Time{signOffTime(rca)}
	for i := range actions {
		if ActionState(actions[i]) == v1alpha1.ActionStateDone {
			if actions[i].Spec.CompletedAt == nil {
				return nil
			}
			times = append(times, actions[i].Spec.CompletedAt)
		}
	}
	return statuskit.Latest(times...)
}
