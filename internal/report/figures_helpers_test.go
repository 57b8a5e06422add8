package report_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The financial year 2026/27, seen in the middle of September.
var (
	fyFrom = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	fyTo   = time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	fyNow  = time.Date(2026, 9, 15, 12, 0, 0, 0, time.UTC)
	// fyDay is a detection time well inside the period, before fyNow.
	fyDay = time.Date(2026, 6, 10, 8, 0, 0, 0, time.UTC)
)

// compute runs report.RollUpIn, every member named, and checks on every
// call that it changed nothing it was given and that reversing the
// members and each member's actions gives identical figures.
func compute(t *testing.T, p review.Policy, members []review.Case, from, to, now time.Time) report.Figures {
	t.Helper()
	before := copyMembers(members)
	got := report.RollUpIn(p, report.Scope{}, members, from, to, now)
	if !reflect.DeepEqual(before, members) {
		t.Errorf("RollUpIn changed the members it was given")
	}
	reversed := copyMembers(members)
	slices.Reverse(reversed)
	for i := range reversed {
		slices.Reverse(reversed[i].Actions)
	}
	if again := report.RollUpIn(p, report.Scope{}, reversed, from, to, now); !reflect.DeepEqual(got, again) {
		t.Errorf("the figures depend on the order of the input:\n in order: %+v\n reversed: %+v", got, again)
	}
	return got
}

// computeFY computes the financial year's figures at fyNow, default policy.
func computeFY(t *testing.T, members ...review.Case) report.Figures {
	t.Helper()
	return compute(t, review.DefaultPolicy(), members, fyFrom, fyTo, fyNow)
}

func copyMembers(ms []review.Case) []review.Case {
	if ms == nil {
		return nil
	}
	out := make([]review.Case, len(ms))
	for i, m := range ms {
		out[i].Incident = m.Incident.DeepCopy()
		out[i].RCA = m.RCA.DeepCopy()
		if m.Actions != nil {
			out[i].Actions = make([]*v1alpha1.ImprovementAction, len(m.Actions))
			for j := range m.Actions {
				out[i].Actions[j] = m.Actions[j].DeepCopy()
			}
		}
	}
	return out
}

// with builds a member from an incident, its chosen RCA (may be nil) and
// its actions.
func with(inc *v1alpha1.Incident, rca *v1alpha1.RootCauseAnalysis, actions ...*v1alpha1.ImprovementAction) review.Case {
	return review.Case{Incident: inc, RCA: rca, Actions: actions}
}

// incidentAt is the fixture incident detected at t, its SIRO told an hour
// later.
func incidentAt(name string, t time.Time, opts ...fixtures.Option[v1alpha1.Incident]) *v1alpha1.Incident {
	return fixtures.Incident(name, append([]fixtures.Option[v1alpha1.Incident]{detected(t)}, opts...)...)
}

// nearMissAt is a near miss detected at t; near misses have no SIRO.
func nearMissAt(name string, t time.Time, opts ...fixtures.Option[v1alpha1.Incident]) *v1alpha1.Incident {
	return incidentAt(name, t, append([]fixtures.Option[v1alpha1.Incident]{nearMiss()}, opts...)...)
}

func detected(t time.Time) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) {
		i.Spec.DetectedAt = metav1.NewTime(t)
		i.Spec.SIRONotifiedAt = fixtures.Time(t.Add(time.Hour))
	}
}

func nearMiss() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) {
		i.Spec.Type = v1alpha1.IncidentTypeNearMiss
		i.Spec.SIRO = ""
		i.Spec.SIRONotifiedAt = nil
	}
}

func category(c v1alpha1.IncidentCategory) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Category = c }
}

func severity(s v1alpha1.Severity) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Severity = s }
}

// containedAfter sets containedAt d after detection.
func containedAfter(d time.Duration) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.ContainedAt = fixtures.Time(i.Spec.DetectedAt.Add(d)) }
}

// notifiedAfter sets siroNotifiedAt d after detection.
func notifiedAfter(d time.Duration) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = fixtures.Time(i.Spec.DetectedAt.Add(d)) }
}

func notNotified() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }
}

func cyberAttack() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true }
}

func inNamespace(ns string) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Namespace = ns }
}

// rcaOf is the fixture analysis (a complete draft) of the incident.
func rcaOf(inc *v1alpha1.Incident, opts ...fixtures.Option[v1alpha1.RootCauseAnalysis]) *v1alpha1.RootCauseAnalysis {
	return fixtures.RCA(inc.Name+"-rca", inc.Name, opts...)
}

// lessons submits the analysis with the lessons learned: a report quotes
// no draft's.
func lessons(text string) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec.Overview.LessonsLearned = text
		r.Spec.State = v1alpha1.RCAStateSubmitted
	}
}

func causes(types ...v1alpha1.CauseType) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec.Causes = nil
		for i, ct := range types {
			r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{Type: ct, Description: fmt.Sprintf("cause %d", i)})
		}
	}
}

func noOverview() fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview = nil }
}

// approvedAfter submits the analysis and has the SIRO approve it d after
// the incident's detection.
func approvedAfter(inc *v1alpha1.Incident, d time.Duration) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return fixtures.SignedOff(v1alpha1.SignOffApproved, inc.Spec.DetectedAt.Add(d))
}

// actionDue is an open High-priority SystemConfiguration action due at due.
func actionDue(name string, due time.Time, opts ...fixtures.Option[v1alpha1.ImprovementAction]) *v1alpha1.ImprovementAction {
	return fixtures.Action(name, "incident", due, opts...)
}

func area(a v1alpha1.ImprovementArea) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(x *v1alpha1.ImprovementAction) { x.Spec.Area = a }
}

func priority(p v1alpha1.Priority) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(x *v1alpha1.ImprovementAction) { x.Spec.Priority = p }
}

func i32(v int32) *int32 { return &v }

func dur(d time.Duration) *metav1.Duration { return &metav1.Duration{Duration: d} }

func showI32(p *int32) string {
	if p == nil {
		return "omitted"
	}
	return fmt.Sprint(*p)
}

func showDur(p *metav1.Duration) string {
	if p == nil {
		return "omitted"
	}
	return p.Duration.String()
}

func sameI32(a, b *int32) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func sameDur(a, b *metav1.Duration) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Duration == b.Duration
}
