package review_test

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Facts that contradict each other are named, both of them, on the
// incident and on the analysis; facts that agree give none.
func TestFactsThatDisagree(t *testing.T) {
	p := review.DefaultPolicy()
	now := t0.Add(20 * statuskit.Day)
	dwell := func(d time.Duration) fixtures.Option[v1alpha1.RootCauseAnalysis] {
		return func(r *v1alpha1.RootCauseAnalysis) {
			fixtures.WithCyberAttackSection()(r)
			r.Spec.CyberAttack.AttackerDwellTime = &metav1.Duration{Duration: d}
		}
	}
	window := func(i *v1alpha1.Incident) { // occurred 22 hours before containment
		i.Spec.OccurredAt = fixtures.Time(t0.Add(-2 * time.Hour))
		i.Spec.ContainedAt = fixtures.Time(t0.Add(20 * time.Hour))
	}
	for _, c := range []struct {
		name         string
		inc          *v1alpha1.Incident
		rca          *v1alpha1.RootCauseAnalysis
		actions      []*v1alpha1.ImprovementAction
		incident, ok []string // what the incident's and the analysis's messages name; nil: agree
	}{
		{name: "all agree", inc: fixtures.Incident("i", window), rca: fixtures.RCA("r", "i", dwell(22*time.Hour))},
		{name: "the SIRO told before detection", inc: fixtures.Incident("i", func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = fixtures.Time(t0.Add(-time.Hour)) }),
			incident: []string{"spec.siroNotifiedAt (2026-05-04T08:30:00Z) is before the incident's spec.detectedAt (2026-05-04T09:30:00Z)"}},
		{name: "reported to the ICO before detection", inc: fixtures.Incident("i", fixtures.ExternallyReported(v1alpha1.AuthorityICO, t0.Add(-time.Minute))),
			incident: []string{"spec.externalReports[0].reportedAt"}},
		{name: "an action completed before detection", inc: fixtures.Incident("i"),
			actions:  []*v1alpha1.ImprovementAction{fixtures.Action("mfa", "i", now, fixtures.Done(t0.Add(-statuskit.Day)))},
			incident: []string{"action mfa's spec.completedAt"}},
		{name: "an attacker present 36 hours in a 22-hour window", inc: fixtures.Incident("i", window), rca: fixtures.RCA("r", "i", dwell(36*time.Hour)),
			incident: []string{"analysis r's spec.cyberAttack.attackerDwellTime (1d12h) is longer than the incident lasted from spec.occurredAt to spec.containedAt (22h)"},
			ok:       []string{"attackerDwellTime (1d12h)"}},
		{name: "a dwell time with no window to compare", inc: fixtures.Incident("i"), rca: fixtures.RCA("r", "i", dwell(36*time.Hour))},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rcas []*v1alpha1.RootCauseAnalysis
			if c.rca != nil {
				rcas = append(rcas, c.rca)
				conds := review.ComputeRCAAmong(p, c.rca, c.inc, nil, now).Status.Conditions
				expectFacts(t, "analysis", cond(conds, v1alpha1.ConditionFactsConsistent), conds, c.ok)
			}
			st := review.ComputeIncident(p, c.inc, rcas, c.actions, now).Status
			expectFacts(t, "incident", cond(st.Conditions, v1alpha1.ConditionFactsConsistent), st.Conditions, c.incident)
		})
	}
}

// expectFacts checks the FactsConsistent condition got: agreeing when want
// is empty, else disagreeing with a message naming each of want.
func expectFacts(t *testing.T, what, got string, conds []metav1.Condition, want []string) {
	t.Helper()
	if len(want) == 0 {
		if got != is(true, v1alpha1.ReasonFactsAgree) {
			t.Errorf("%s: FactsConsistent = %s, want agreeing", what, got)
		}
		return
	}
	if got != is(false, v1alpha1.ReasonFactsDisagree) {
		t.Errorf("%s: FactsConsistent = %s, want False/FactsDisagree", what, got)
	}
	msg := ""
	for _, c := range conds {
		if c.Type == string(v1alpha1.ConditionFactsConsistent) {
			msg = c.Message
		}
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: message %q does not name %q", what, msg, w)
		}
	}
}
