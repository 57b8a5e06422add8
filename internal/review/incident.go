package review

import (
	"fmt"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// IncidentResult is an Incident's computed status.
type IncidentResult struct {
	Status        v1alpha1.IncidentStatus
	Announcements []Announcement
	RequeueAfter  time.Duration
}

// SIRONotificationDueAt is when the SIRO must have been told by.
func SIRONotificationDueAt(p Policy, inc *v1alpha1.Incident) time.Time {
	return inc.Spec.DetectedAt.Add(p.SIRONotificationDeadline)
}

// SIRONotifiedOnTime tells whether the SIRO was told by the deadline.
func SIRONotifiedOnTime(p Policy, inc *v1alpha1.Incident) bool {
	n := inc.Spec.SIRONotifiedAt
	return n != nil && !n.After(SIRONotificationDueAt(p, inc))
}

var rcaPhaseRank = map[v1alpha1.RCAPhase]int{
	v1alpha1.RCASignedOff: 3, v1alpha1.RCAAwaitingSignOff: 2, v1alpha1.RCAChangesRequested: 1, v1alpha1.RCADraft: 0,
}

// ChooseRCA picks the analysis that speaks for an incident when several
// reference it: the most advanced, then the oldest, then by name.
func ChooseRCA(rcas []v1alpha1.RootCauseAnalysis, inc *v1alpha1.Incident) *v1alpha1.RootCauseAnalysis {
	if len(rcas) == 0 {
		return nil
	}
	sorted := make([]*v1alpha1.RootCauseAnalysis, len(rcas))
	for i := range rcas {
		sorted[i] = &rcas[i]
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if ra, rb := rcaPhaseRank[RCAPhase(a, inc)], rcaPhaseRank[RCAPhase(b, inc)]; ra != rb {
			return ra > rb
		}
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Before(&b.CreationTimestamp)
		}
		return a.Name < b.Name
	})
	return sorted[0]
}

// IncidentPhase follows the RCA and the actions.
func IncidentPhase(rca *v1alpha1.RootCauseAnalysis, inc *v1alpha1.Incident, actions []v1alpha1.ImprovementAction) v1alpha1.IncidentPhase {
	if rca == nil {
		return v1alpha1.IncidentOpen
	}
	switch RCAPhase(rca, inc) {
	case v1alpha1.RCAAwaitingSignOff:
		return v1alpha1.IncidentAwaitingSignOff
	case v1alpha1.RCASignedOff:
		for i := range actions {
			if !ActionFinished(&actions[i]) {
				return v1alpha1.IncidentRemediating
			}
		}
		return v1alpha1.IncidentClosed
	}
	return v1alpha1.IncidentInvestigating
}

// CountActions counts an incident's actions at now.
func CountActions(actions []v1alpha1.ImprovementAction, now time.Time) v1alpha1.ActionCounts {
	var c v1alpha1.ActionCounts
	for i := range actions {
		c.Total++
		switch ActionPhase(&actions[i], now) {
		case v1alpha1.ActionDone, v1alpha1.ActionCancelled:
			c.Done++
		case v1alpha1.ActionPhaseOverdue:
			c.Overdue++
		}
	}
	c.Progress = fmt.Sprintf("%d/%d", c.Done, c.Total)
	return c
}

// ComputeIncident computes an incident's status at now from its RCAs and
// actions (those whose incidentRef names it).
func ComputeIncident(p Policy, inc *v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction, now time.Time) IncidentResult {
	prev := inc.Status
	rca := ChooseRCA(rcas, inc)
	phase := IncidentPhase(rca, inc, actions)
	counts := CountActions(actions, now)
	siroDue := metav1.NewTime(SIRONotificationDueAt(p, inc))
	st := v1alpha1.IncidentStatus{
		ObservedGeneration:    inc.Generation,
		Phase:                 phase,
		Actions:               counts,
		SIRONotificationDueAt: stamp(siroDue.Time),
		Timeline:              prev.Timeline,
	}
	if rca != nil {
		st.RootCauseAnalysis = rca.Name
	}
	res := IncidentResult{}
	tl := newTimeline(prev.Timeline, now)
	deadlines := NewDeadlines(now)

	if phase != prev.Phase {
		tl.add(string(phase), phaseMessage(phase, rca, counts))
		if phase == v1alpha1.IncidentClosed && !isHistory(string(prev.Phase), closedAt(rca, actions), now) {
			res.Announcements = append(res.Announcements, Announcement{Reason: v1alpha1.EventIncidentClosed,
				Message: "the root cause analysis is signed off and " + finishedActions(counts)})
		}
	}

	conds := NewConditions(prev.Conditions, inc.Generation, now)
	conds.Ready(true, "", "")
	siroLate := setSIRONotified(conds, p, inc, now)
	if inc.Spec.SIRONotifiedAt == nil {
		deadlines.Add(siroDue.Time)
	}
	if siroLate && !ConditionIs(prev.Conditions, v1alpha1.ConditionSIRONotified, metav1.ConditionFalse, v1alpha1.ReasonDeadlineMissed) {
		msg := fmt.Sprintf("the SIRO was not told within %s of detection (due %s)", HumanDuration(p.SIRONotificationDeadline), formatTime(siroDue.Time))
		res.Announcements = append(res.Announcements, Announcement{Reason: v1alpha1.EventSIRONotificationOverdue, Message: msg})
		tl.add(string(v1alpha1.EventSIRONotificationOverdue), msg)
	}

	rcaDue := RCADueAt(p, rca, inc)
	rcaOverdue := (rca == nil || RCAPhase(rca, inc) != v1alpha1.RCASignedOff) && reached(now, rcaDue.Time)
	if rca == nil || RCAPhase(rca, inc) != v1alpha1.RCASignedOff {
		deadlines.Add(rcaDue.Time)
	}
	if rcaOverdue && !tl.has(string(v1alpha1.EventRCAOverdue), rcaDue.Time) {
		msg := fmt.Sprintf("the root cause analysis was due %s and is not signed off", formatTime(rcaDue.Time))
		if rca == nil {
			// With an RCA, its controller announces this; without one, nobody else can.
			msg = fmt.Sprintf("no root cause analysis exists; it was due %s", formatTime(rcaDue.Time))
			res.Announcements = append(res.Announcements, Announcement{Reason: v1alpha1.EventRCAOverdue, Message: msg})
		}
		tl.add(string(v1alpha1.EventRCAOverdue), msg)
	}

	if counts.Overdue > prev.Actions.Overdue {
		tl.add(string(v1alpha1.EventActionOverdue), fmt.Sprintf("%d of %d improvement actions overdue", counts.Overdue, counts.Total))
	}
	for i := range actions {
		if !ActionFinished(&actions[i]) {
			deadlines.Add(actions[i].Spec.DueDate.Time)
		}
	}

	setIncidentOverdue(conds, counts, rcaOverdue, rcaDue.Time, siroLate)
	st.Conditions = conds.List()
	st.Timeline = tl.entries
	res.Status = st
	res.RequeueAfter = deadlines.After()
	return res
}

// setSIRONotified sets the SIRONotified condition and reports whether the
// notification deadline was missed with the SIRO still not told.
func setSIRONotified(conds *Conditions, p Policy, inc *v1alpha1.Incident, now time.Time) bool {
	due := SIRONotificationDueAt(p, inc)
	n := inc.Spec.SIRONotifiedAt
	switch {
	case n != nil && SIRONotifiedOnTime(p, inc):
		conds.Set(v1alpha1.ConditionSIRONotified, true, v1alpha1.ReasonNotified, fmt.Sprintf("told %s, within the deadline %s", formatTime(n.Time), formatTime(due)))
	case n != nil:
		conds.Set(v1alpha1.ConditionSIRONotified, true, v1alpha1.ReasonNotifiedLate, fmt.Sprintf("told %s, after the deadline %s", formatTime(n.Time), formatTime(due)))
	case reached(now, due):
		conds.Set(v1alpha1.ConditionSIRONotified, false, v1alpha1.ReasonDeadlineMissed, fmt.Sprintf("not told; the deadline was %s", formatTime(due)))
		return true
	default:
		conds.Set(v1alpha1.ConditionSIRONotified, false, v1alpha1.ReasonNotYetDue, fmt.Sprintf("not told yet; due by %s", formatTime(due)))
	}
	return false
}

func setIncidentOverdue(conds *Conditions, counts v1alpha1.ActionCounts, rcaOverdue bool, rcaDue time.Time, siroLate bool) {
	var reasons []v1alpha1.ConditionReason
	var parts []string
	if counts.Overdue > 0 {
		reasons = append(reasons, v1alpha1.ReasonActionsOverdue)
		parts = append(parts, fmt.Sprintf("%d improvement action(s) overdue", counts.Overdue))
	}
	if rcaOverdue {
		reasons = append(reasons, v1alpha1.ReasonRCAOverdue)
		parts = append(parts, fmt.Sprintf("root cause analysis overdue since %s", formatTime(rcaDue)))
	}
	if siroLate {
		reasons = append(reasons, v1alpha1.ReasonSIRONotificationOverdue)
		parts = append(parts, "SIRO notification overdue")
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
		return fmt.Sprintf("root cause analysis %s submitted; awaiting SIRO sign-off", rca.Name)
	case v1alpha1.IncidentRemediating:
		return fmt.Sprintf("root cause analysis %s signed off; %d of %d actions finished", rca.Name, counts.Done, counts.Total)
	case v1alpha1.IncidentClosed:
		return fmt.Sprintf("root cause analysis %s signed off and %s", rca.Name, finishedActions(counts))
	}
	return ""
}

func finishedActions(counts v1alpha1.ActionCounts) string {
	switch counts.Total {
	case 0:
		return "no improvement actions were raised"
	case 1:
		return "its one improvement action is finished"
	}
	return fmt.Sprintf("all %d improvement actions are finished", counts.Total)
}

// closedAt is when the last step that closed the incident was taken: the
// RCA's sign-off or an action's completion. Nil when a completion's time is
// not recorded; cancellations carry no time and are left out.
func closedAt(rca *v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction) *metav1.Time {
	times := []*metav1.Time{signOffTime(rca)}
	for i := range actions {
		if ActionState(&actions[i]) == v1alpha1.ActionStateDone {
			if actions[i].Spec.CompletedAt == nil {
				return nil
			}
			times = append(times, actions[i].Spec.CompletedAt)
		}
	}
	return latest(times...)
}
