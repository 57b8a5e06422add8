package review_test

import (
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestHealthOfOpenDuties(t *testing.T) {
	p := review.DefaultPolicy()
	inc := fixtures.Incident("i") // detected T0, SIRO told, High: RCA due T0+15d
	rca := fixtures.RCA("r", "i", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0))
	draft := fixtures.RCA("r", "i")
	for _, tc := range []struct {
		name    string
		inc     *v1alpha1.Incident
		rca     *v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		now     time.Time
		want    review.Health
	}{
		{"signed off, nothing due", inc, rca, nil, fixtures.T0.Add(20 * statuskit.Day), review.HealthOnTrack},
		{"signed off, action due in two days", inc, rca, []v1alpha1.ImprovementAction{*fixtures.Action("a", "i", fixtures.T0.Add(22*statuskit.Day))}, fixtures.T0.Add(20 * statuskit.Day), review.HealthDueSoon},
		{"signed off, action overdue", inc, rca, []v1alpha1.ImprovementAction{*fixtures.Action("a", "i", fixtures.T0.Add(19*statuskit.Day))}, fixtures.T0.Add(20 * statuskit.Day), review.HealthOverdue},
		{"signed off, overdue action done", inc, rca, []v1alpha1.ImprovementAction{*fixtures.Action("a", "i", fixtures.T0.Add(19*statuskit.Day), fixtures.Done(fixtures.T0))}, fixtures.T0.Add(20 * statuskit.Day), review.HealthOnTrack},
		{"no RCA, due in 5 days", inc, nil, nil, fixtures.T0.Add(10 * statuskit.Day), review.HealthOnTrack},
		{"no RCA, due in 2 days", inc, nil, nil, fixtures.T0.Add(13 * statuskit.Day), review.HealthDueSoon},
		{"draft RCA past its deadline", inc, draft, nil, fixtures.T0.Add(15 * statuskit.Day), review.HealthOverdue},
		{"SIRO not told, deadline passed", fixtures.Incident("i", func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }), rca, nil, fixtures.T0.Add(12 * time.Hour), review.HealthOverdue},
	} {
		c := review.Case{Incident: tc.inc, RCA: tc.rca, Actions: tc.actions}
		if got := review.HealthOf(p, c.OpenDuties(p), tc.now); got != tc.want {
			t.Errorf("%s: health %d, want %d", tc.name, got, tc.want)
		}
	}
}
