package review

import (
	"fmt"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// Closure proves learning: a signed-off incident closes only when its
// improvement actions are finished and there is at least one, or its
// analysis says why none is needed (spec.noActionsReason).

// closure is where a case with a signed-off analysis stands against
// closing, as the reason of the incident's Complete condition.
func (c *Case) closure(now time.Time) v1alpha1.ConditionReason {
	for i := range c.Actions {
		if !ActionFinished(c.Actions[i], now) {
			return v1alpha1.ReasonActionsOpen
		}
	}
	switch {
	case len(c.Actions) > 0:
		return v1alpha1.ReasonActionsFinished
	case c.RCA != nil && c.RCA.Spec.NoActionsReason != "":
		return v1alpha1.ReasonNoActionsNeeded
	}
	return v1alpha1.ReasonNoImprovementActions
}

// closes tells whether a closure reason closes the incident.
func closes(reason v1alpha1.ConditionReason) bool {
	return reason == v1alpha1.ReasonActionsFinished || reason == v1alpha1.ReasonNoActionsNeeded
}

// setIncidentComplete sets the incident's Complete condition: True once
// closure is proven.
func setIncidentComplete(conds *statuskit.Conditions, c *Case, rcaPhase v1alpha1.RCAPhase, counts v1alpha1.ActionCounts, now time.Time) {
	if rcaPhase != v1alpha1.RCASignedOff {
		conds.Set(v1alpha1.ConditionComplete, false, v1alpha1.ReasonNotSignedOff, "the root cause analysis is not signed off")
		return
	}
	reason := c.closure(now)
	var msg string
	switch reason {
	case v1alpha1.ReasonActionsOpen:
		msg = fmt.Sprintf("%d of %d improvement actions finished", counts.Done, counts.Total)
	case v1alpha1.ReasonNoImprovementActions:
		msg = noActionsMessage(c.RCA)
	default:
		msg = "the root cause analysis is signed off and " + finishedActions(counts)
	}
	conds.Set(v1alpha1.ConditionComplete, closes(reason), reason, msg)
}

// noActionsMessage says what an incident signed off without improvement
// actions needs to close.
func noActionsMessage(rca *v1alpha1.RootCauseAnalysis) string {
	return fmt.Sprintf("root cause analysis %s is signed off, but no improvement action exists: raise an ImprovementAction, "+
		"or say in the analysis's spec.noActionsReason why none is needed", rca.Name)
}
