package review

import (
	"fmt"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// Recorded facts can contradict each other where the API server cannot
// tell (a record stored before a rule existed, or facts on two objects).
// Each contradiction is said once here, naming both facts, for the
// FactsConsistent condition and for `kubectl lessons lint`.

// IncidentDisagreements lists where the facts of an incident's review
// contradict each other: the SIRO told, or a report made outside the
// organisation, before detection; an action completed before detection;
// its analysis's attacker dwell time longer than the incident lasted from
// its occurrence to its containment. rca may be nil.
func IncidentDisagreements(inc *v1alpha1.Incident, rca *v1alpha1.RootCauseAnalysis, actions []*v1alpha1.ImprovementAction) []string {
	var out []string
	detected := inc.Spec.DetectedAt.Time
	before := func(what string, t time.Time) {
		if t.Before(detected) {
			out = append(out, fmt.Sprintf("%s (%s) is before the incident's spec.detectedAt (%s)", what, statuskit.FormatTime(t), statuskit.FormatTime(detected)))
		}
	}
	if t := inc.Spec.SIRONotifiedAt; t != nil {
		before("spec.siroNotifiedAt", t.Time)
	}
	for i, r := range inc.Spec.ExternalReports {
		before(fmt.Sprintf("spec.externalReports[%d].reportedAt", i), r.ReportedAt.Time)
	}
	for _, a := range actions {
		if a.Spec.CompletedAt != nil {
			before(fmt.Sprintf("action %s's spec.completedAt", a.Name), a.Spec.CompletedAt.Time)
		}
	}
	if rca != nil {
		out = append(out, RCADisagreements(rca, inc)...)
	}
	return out
}

// RCADisagreements lists where an analysis contradicts its incident: an
// attacker dwell time longer than the incident lasted from its occurrence
// to its containment, when both are recorded.
func RCADisagreements(rca *v1alpha1.RootCauseAnalysis, inc *v1alpha1.Incident) []string {
	s := inc.Spec
	if rca.Spec.CyberAttack == nil || rca.Spec.CyberAttack.AttackerDwellTime == nil || s.OccurredAt == nil || s.ContainedAt == nil {
		return nil
	}
	dwell, lasted := rca.Spec.CyberAttack.AttackerDwellTime.Duration, s.ContainedAt.Sub(s.OccurredAt.Time)
	if dwell <= lasted {
		return nil
	}
	return []string{fmt.Sprintf("analysis %s's spec.cyberAttack.attackerDwellTime (%s) is longer than the incident lasted from spec.occurredAt to spec.containedAt (%s)",
		rca.Name, statuskit.HumanDuration(dwell), statuskit.HumanDuration(lasted))}
}

// setFactsConsistent sets FactsConsistent from the disagreements found.
func setFactsConsistent(conds *statuskit.Conditions, disagreements []string) {
	if len(disagreements) == 0 {
		conds.Set(v1alpha1.ConditionFactsConsistent, true, v1alpha1.ReasonFactsAgree, "the recorded facts agree with each other")
		return
	}
	conds.Set(v1alpha1.ConditionFactsConsistent, false, v1alpha1.ReasonFactsDisagree, strings.Join(disagreements, "; ")+": correct the fact that is wrong, with its correction on record")
}
