// Package report rolls up a period's incidents, near misses, root cause
// analyses and improvement actions into the figures of a LessonsReport, as
// pure functions of the objects, the policy and the time.
package report

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Member is an incident with the RCA that speaks for it and its actions.
type Member struct {
	Incident *v1alpha1.Incident
	// RCA is the analysis chosen for the incident (review.ChooseRCA); nil
	// when none exists.
	RCA     *v1alpha1.RootCauseAnalysis
	Actions []v1alpha1.ImprovementAction
}

// Figures are one period's roll-up.
type Figures struct {
	Incidents      v1alpha1.IncidentFigures
	KPIs           v1alpha1.ReportKPIs
	Actions        v1alpha1.ActionFigures
	Causes         v1alpha1.CauseCounts
	Recurrence     v1alpha1.Recurrence
	Lessons        []v1alpha1.Lesson
	LessonsOmitted int32
	// NextChange is the earliest instant after now at which the figures
	// change by the passing of time alone (an action falling overdue, a
	// SIRO notification deadline passing); zero when none.
	NextChange time.Time
}
