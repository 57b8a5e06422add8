package review

import (
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// RCAResult is a RootCauseAnalysis's computed status.
type RCAResult = statuskit.Result[v1alpha1.RootCauseAnalysisStatus]

// RCAState is the author's word, omitted meaning Draft.
func RCAState(r *v1alpha1.RootCauseAnalysis) v1alpha1.RCAState {
	if r.Spec.State == "" {
		return v1alpha1.RCAStateDraft
	}
	return r.Spec.State
}

// MissingSections lists, in words, the sections an RCA still needs before it
// can be signed off. incident may be nil when it is not known; the
// cyber-attack section is then not asked for.
func MissingSections(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident) []string {
	var missing []string
	need := func(present bool, what string) {
		if !present {
			missing = append(missing, what)
		}
	}
	s := r.Spec
	o := s.Overview
	if o == nil {
		o = &v1alpha1.RCAOverview{}
	}
	need(o.WhatHappened != "", "overview.whatHappened: what led to the incident")
	need(o.Containment != "", "overview.containment: how it was contained")
	need(o.LessonsLearned != "", "overview.lessonsLearned: the lessons learned")
	need(len(s.Causes) > 0, "causes: at least one root cause")
	need(s.OrganisationalFactors != "", missingOrganisationalFactors)
	e := s.ResponseEvaluation
	if e == nil {
		e = &v1alpha1.ResponseEvaluation{}
	}
	need(e.ResponsePlanAdequacy != "", "responseEvaluation.responsePlanAdequacy: how well the response plan served")
	need(e.RemedialActivities != "", "responseEvaluation.remedialActivities: how effective the remedial activities were")
	need(e.PersonnelCompetency != "", "responseEvaluation.personnelCompetency: whether responders had the skills they needed")
	if incident != nil && incident.Spec.CyberAttack {
		c := s.CyberAttack
		if c == nil {
			c = &v1alpha1.CyberAttackAnalysis{}
		}
		need(len(c.ExploitedWeaknesses) > 0, "cyberAttack.exploitedWeaknesses: the weaknesses exploited")
		need(c.AttackerDwellTime != nil, "cyberAttack.attackerDwellTime: how long the attacker was present")
		need(c.DetectionEfficacy != "", "cyberAttack.detectionEfficacy: how well detection and prevention worked")
		need(len(c.ResilienceEnhancements) > 0, "cyberAttack.resilienceEnhancements: enhancements that would increase resilience")
	}
	return missing
}

// missingOrganisationalFactors is how MissingSections names the section
// required since approvals were given without it.
const missingOrganisationalFactors = "organisationalFactors: the organisational processes and vulnerabilities behind it"

// blockingSections are the missing sections that keep the analysis from
// being signed off. An approval given before organisationalFactors was
// required stands without it (the CRD refuses a new approval without it).
func blockingSections(r *v1alpha1.RootCauseAnalysis, missing []string) []string {
	if !Approved(r) {
		return missing
	}
	var out []string
	for _, m := range missing {
		if m != missingOrganisationalFactors {
			out = append(out, m)
		}
	}
	return out
}

// RCAPhase is the analysis's phase at now: SignedOff only while an
// approval stands on a complete, submitted analysis and on the incident as
// it was approved (status.approvedIncident). A decision dated after now is
// not believed until then: the analysis waits for it.
func RCAPhase(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, now time.Time) v1alpha1.RCAPhase {
	return rcaStanding(r, incident, !SignOffInFuture(r.Spec.SignOff, now))
}

// SignOffInFuture tells whether a sign-off is dated after now, so not
// believed yet.
func SignOffInFuture(so *v1alpha1.SignOff, now time.Time) bool {
	return so != nil && so.At.After(now)
}

// rcaStanding is the analysis's phase whatever the time, its sign-off
// believed or not: what ranks analyses of one incident (ChooseRCA).
func rcaStanding(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, believeSignOff bool) v1alpha1.RCAPhase {
	if RCAState(r) != v1alpha1.RCAStateSubmitted {
		return v1alpha1.RCADraft
	}
	if believeSignOff && r.Spec.SignOff != nil && r.Spec.SignOff.Decision == v1alpha1.SignOffChangesRequested {
		return v1alpha1.RCAChangesRequested
	}
	if len(blockingSections(r, MissingSections(r, incident))) > 0 {
		return v1alpha1.RCADraft
	}
	if believeSignOff && Approved(r) && len(IncidentChanges(r, incident)) == 0 {
		return v1alpha1.RCASignedOff
	}
	return v1alpha1.RCAAwaitingSignOff
}

// RCADueAt is the analysis's deadline in force: the last agreed
// extension's, else its dueDate, else the end of its incident's review
// window. Nil when none is known.
func RCADueAt(p Policy, r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident) *metav1.Time {
	switch {
	case r != nil && len(r.Spec.Extensions) > 0:
		return r.Spec.Extensions[len(r.Spec.Extensions)-1].DueDate.DeepCopy()
	case r != nil && r.Spec.DueDate != nil:
		return r.Spec.DueDate.DeepCopy()
	case incident == nil:
		return nil
	}
	t := metav1.NewTime(ReviewWindowEnd(p, incident))
	return &t
}

// ReviewWindowEnd is the latest an incident's analysis may be due: its
// detection plus the severity's review window.
func ReviewWindowEnd(p Policy, incident *v1alpha1.Incident) time.Time {
	return incident.Spec.DetectedAt.Add(p.RCAReviewWindow[incident.Spec.Severity])
}

// setWithinReviewWindow sets WithinTimescale and announces, once, an
// analysis due later than its incident's review window allows. With the
// incident unknown it is left as it was.
func setWithinReviewWindow(conds *statuskit.Conditions, p Policy, r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, due time.Time) []statuskit.Announcement {
	if incident == nil {
		return nil
	}
	end := ReviewWindowEnd(p, incident)
	if !due.After(end) {
		conds.Set(v1alpha1.ConditionWithinTimescale, true, v1alpha1.ReasonWithinReviewWindow,
			fmt.Sprintf("due %s, within the review window of a %s incident (by %s)", statuskit.FormatTime(due), incident.Spec.Severity, statuskit.FormatTime(end)))
		return nil
	}
	msg := fmt.Sprintf("the analysis is due %s, later than a %s incident's review window allows: %s after detection, by %s; agree the deadline with the SIRO",
		statuskit.FormatTime(due), incident.Spec.Severity, statuskit.HumanDuration(p.RCAReviewWindow[incident.Spec.Severity]), statuskit.FormatTime(end))
	entered := statuskit.Enter(r.Status.Conditions, v1alpha1.ConditionWithinTimescale, false, v1alpha1.ReasonBeyondReviewWindow)
	conds.Set(v1alpha1.ConditionWithinTimescale, false, v1alpha1.ReasonBeyondReviewWindow, msg)
	if !entered {
		return nil
	}
	return []statuskit.Announcement{{Reason: v1alpha1.EventRCABeyondReviewWindow, Message: msg}}
}

// RCAOverdue tells whether the analysis's deadline has passed without a
// standing sign-off. r is nil when no analysis exists yet: the incident is
// still owed one. Unknown when neither the analysis's dueDate nor the
// incident is known: not overdue.
func RCAOverdue(p Policy, r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, now time.Time) bool {
	due := RCADueAt(p, r, incident)
	if due == nil || !statuskit.Reached(now, due.Time) {
		return false
	}
	return r == nil || RCAPhase(r, incident, now) != v1alpha1.RCASignedOff
}

// awaitingSignOffSince keeps when the analysis was first seen awaiting
// sign-off, for as long as it waits; a new wait (say after changes were
// requested) starts again at now.
func awaitingSignOffSince(prev v1alpha1.RootCauseAnalysisStatus, phase v1alpha1.RCAPhase, now time.Time) *metav1.Time {
	switch {
	case phase != v1alpha1.RCAAwaitingSignOff:
		return nil
	case prev.Phase == v1alpha1.RCAAwaitingSignOff && prev.AwaitingSignOffSince != nil:
		return prev.AwaitingSignOffSince.DeepCopy()
	}
	return statuskit.Stamp(now)
}

// ComputeRCAAmong computes an analysis's status at now among rcas, the
// analyses naming the same incident (r among them or not; none: r is the
// only one): when another speaks for the incident (ChooseRCA), r is a
// duplicate. incident is nil when spec.incidentRef does not resolve.
func ComputeRCAAmong(p Policy, r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, rcas []*v1alpha1.RootCauseAnalysis, now time.Time) RCAResult {
	prev := r.Status
	missing := MissingSections(r, incident)
	changes := IncidentChanges(r, incident)
	phase := RCAPhase(r, incident, now)
	dueAt := RCADueAt(p, r, incident)
	overdue := RCAOverdue(p, r, incident, now)
	res := RCAResult{Status: v1alpha1.RootCauseAnalysisStatus{
		ObservedGeneration:   r.Generation,
		Phase:                phase,
		Missing:              missing,
		MissingSections:      int32(len(missing)),
		ApprovedIncident:     recordApproval(r, incident, now),
		AwaitingSignOffSince: awaitingSignOffSince(prev, phase, now),
	}}
	if dueAt != nil {
		// Stored to the second, like every status time: a dueDate written
		// with a fraction of a second must not make every visit a write.
		res.Status.DueAt = statuskit.Stamp(dueAt.Time)
	}
	deadlines := statuskit.NewDeadlines(now)
	if phase != v1alpha1.RCASignedOff && dueAt != nil {
		deadlines.Add(dueAt.Time)
	}
	if SignOffInFuture(r.Spec.SignOff, now) {
		deadlines.Add(r.Spec.SignOff.At.Time) // the decision is believed then
	}
	sharing := LearningSharing(p, r, incident, phase, now)
	sharing.deadlines(deadlines)
	res.RequeueAfter = deadlines.After()

	conds := statuskit.NewConditions(prev.Conditions, r.Generation, now)
	setRCAReady(conds, r, incident, rcas)
	if incident != nil {
		setFactsConsistent(conds, RCADisagreements(r, incident))
	}
	if len(missing) == 0 {
		conds.Set(v1alpha1.ConditionComplete, true, v1alpha1.ReasonAllSectionsPresent, "every required section is present")
	} else {
		conds.Set(v1alpha1.ConditionComplete, false, v1alpha1.ReasonSectionsMissing, "missing: "+strings.Join(missing, "; "))
	}
	setRCASignedOff(conds, r, phase, missing, changes, now)
	if dueAt != nil {
		res.Announcements = append(res.Announcements, setWithinReviewWindow(conds, p, r, incident, dueAt.Time)...)
	}
	switch {
	case phase == v1alpha1.RCASignedOff:
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonFinished, "the analysis is signed off")
	case dueAt == nil:
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonOnTrack, "the deadline is not known until the incident exists")
	case overdue:
		conds.Set(v1alpha1.ConditionOverdue, true, v1alpha1.ReasonPastDueDate, fmt.Sprintf("the analysis was due %s", statuskit.FormatTime(dueAt.Time)))
	default:
		conds.Set(v1alpha1.ConditionOverdue, false, v1alpha1.ReasonOnTrack, fmt.Sprintf("due %s", statuskit.FormatTime(dueAt.Time)))
	}
	res.Announcements = append(res.Announcements, setLearningShared(conds, prev.Conditions, r, sharing, now)...)
	res.Status.Conditions = conds.List()

	// The Overdue condition remembers that RCAOverdue was announced.
	if overdue && statuskit.Enter(prev.Conditions, v1alpha1.ConditionOverdue, true) {
		res.Announcements = append(res.Announcements, statuskit.Announcement{
			Reason:         v1alpha1.EventRCAOverdue,
			Message:        fmt.Sprintf("the root cause analysis led by %s was due %s and is not signed off", r.Spec.Lead, statuskit.FormatTime(dueAt.Time)),
			AlsoOnIncident: true,
		})
	}
	if !statuskit.IsHistory(string(prev.Phase), signOffTime(r), now) {
		res.Announcements = append(res.Announcements, rcaTransitions(r, prev.Phase, phase, lapsedApproval(r, changes, missing, now))...)
	}
	res.Status.Announcements = statuskit.Remember(prev.Announcements, res.Announcements, r.Spec.IncidentRef.Name, now)
	return res
}

func setRCASignedOff(conds *statuskit.Conditions, r *v1alpha1.RootCauseAnalysis, phase v1alpha1.RCAPhase, missing, changes []string, now time.Time) {
	switch {
	case SignOffInFuture(r.Spec.SignOff, now):
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonSignOffInFuture, SignOffInFutureMessage(r.Spec.SignOff))
		return
	case phase != v1alpha1.RCASignedOff && Approved(r) && len(changes) > 0:
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonIncidentChanged, "the approval no longer stands: "+lapsedApproval(r, changes, missing, now))
		return
	case phase == v1alpha1.RCASignedOff && len(missing) > 0:
		conds.Set(v1alpha1.ConditionSignedOff, true, v1alpha1.ReasonApproved, fmt.Sprintf("approved by %s at %s, before %s was required: the approval stands for what was approved",
			r.Spec.SignOff.By, statuskit.FormatTime(r.Spec.SignOff.At.Time), strings.Join(fieldsOf(missing), ", ")))
		return
	}
	switch phase {
	case v1alpha1.RCASignedOff:
		conds.Set(v1alpha1.ConditionSignedOff, true, v1alpha1.ReasonApproved, fmt.Sprintf("approved by %s at %s", r.Spec.SignOff.By, statuskit.FormatTime(r.Spec.SignOff.At.Time)))
	case v1alpha1.RCAChangesRequested:
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonChangesRequested, fmt.Sprintf("%s requested changes: %s", r.Spec.SignOff.By, r.Spec.SignOff.Comment))
	case v1alpha1.RCAAwaitingSignOff:
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonAwaitingSignOff, "submitted; waiting for the SIRO")
	default:
		if RCAState(r) == v1alpha1.RCAStateSubmitted && len(missing) > 0 {
			conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonSectionsMissing, "submitted, but required sections are missing: "+strings.Join(missing, "; "))
			return
		}
		conds.Set(v1alpha1.ConditionSignedOff, false, v1alpha1.ReasonNotSubmitted, "the analysis is a draft")
	}
}

// signOffTime is when the SIRO decided, nil before a decision.
func signOffTime(r *v1alpha1.RootCauseAnalysis) *metav1.Time {
	if r == nil || r.Spec.SignOff == nil {
		return nil
	}
	return &r.Spec.SignOff.At
}

// SignOffInFutureMessage says why a decision dated after now is not
// believed yet.
func SignOffInFutureMessage(so *v1alpha1.SignOff) string {
	return fmt.Sprintf("the %s decision by %s is dated %s, still to come: it is not believed until then",
		so.Decision, so.By, statuskit.FormatTime(so.At.Time))
}

// rcaTransitions announces the phase changes users wait for; lapsed says
// why an approval no longer stands.
func rcaTransitions(r *v1alpha1.RootCauseAnalysis, from, to v1alpha1.RCAPhase, lapsed string) []statuskit.Announcement {
	if from == to {
		return nil
	}
	// An approval that no longer stands (the incident changed, or is now a
	// cyber attack whose section is missing, or it was redated to come) is
	// flagged, not kept.
	if from == v1alpha1.RCASignedOff && Approved(r) {
		return []statuskit.Announcement{{Reason: v1alpha1.EventSignOffInvalidated, AlsoOnIncident: true,
			Message: "the approval no longer stands: " + lapsed}}
	}
	switch to {
	case v1alpha1.RCAAwaitingSignOff:
		return []statuskit.Announcement{{Reason: v1alpha1.EventRCASubmitted, AlsoOnIncident: true,
			Message: fmt.Sprintf("the root cause analysis led by %s was submitted for SIRO sign-off", r.Spec.Lead)}}
	case v1alpha1.RCASignedOff:
		return []statuskit.Announcement{{Reason: v1alpha1.EventRCASignedOff, AlsoOnIncident: true,
			Message: fmt.Sprintf("the root cause analysis was approved by %s", r.Spec.SignOff.By)}}
	case v1alpha1.RCAChangesRequested:
		return []statuskit.Announcement{{Reason: v1alpha1.EventRCAChangesRequested, AlsoOnIncident: true,
			Message: fmt.Sprintf("%s requested changes to the root cause analysis: %s", r.Spec.SignOff.By, r.Spec.SignOff.Comment)}}
	}
	return nil
}

// fieldsOf names the fields of missing sections ("causes" of "causes: at
// least one root cause").
func fieldsOf(missing []string) []string {
	out := make([]string, len(missing))
	for i, m := range missing {
		out[i], _, _ = strings.Cut(m, ":")
	}
	return out
}
