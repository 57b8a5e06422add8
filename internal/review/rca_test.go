package review_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// rcaDue is when the analysis of the fixtures' High incident is due.
var rcaDue = t0.Add(15 * statuskit.Day)

func incident(opts ...fixtures.Option[v1alpha1.Incident]) *v1alpha1.Incident {
	return fixtures.Incident("phishing", opts...)
}

func rca(opts ...fixtures.Option[v1alpha1.RootCauseAnalysis]) *v1alpha1.RootCauseAnalysis {
	return fixtures.RCA("phishing-rca", "phishing", opts...)
}

// computeRCA computes the analysis's status at now, checking that the
// objects handed in are left alone and that the stored status is at rest.
func computeRCA(t *testing.T, p review.Policy, r *v1alpha1.RootCauseAnalysis, inc *v1alpha1.Incident, now time.Time) review.RCAResult {
	t.Helper()
	before, incBefore := r.DeepCopy(), inc.DeepCopy()
	res := review.ComputeRCAAmong(p, r, inc, nil, now)
	if !equality.Semantic.DeepEqual(before, r) || !equality.Semantic.DeepEqual(incBefore, inc) {
		t.Errorf("ComputeRCAAmong changed the objects it was given")
	}
	assertAtRest(t, now, res,
		func(prev v1alpha1.RootCauseAnalysisStatus, at time.Time) statuskit.Result[v1alpha1.RootCauseAnalysisStatus] {
			again := r.DeepCopy()
			again.Status = prev
			x := review.ComputeRCAAmong(p, again, inc, nil, at)
			return x
		})
	return res
}

// Options that take a section away.

func withoutOverview() fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview = nil }
}

func withoutResponseEvaluation() fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.ResponseEvaluation = nil }
}

func blank(field func(*v1alpha1.RootCauseAnalysisSpec)) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { field(&r.Spec) }
}

func nothingWritten() fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec = v1alpha1.RootCauseAnalysisSpec{IncidentRef: r.Spec.IncidentRef, Lead: r.Spec.Lead}
	}
}

var (
	overviewFields   = []string{"overview.whatHappened", "overview.containment", "overview.lessonsLearned"}
	evaluationFields = []string{"responseEvaluation.responsePlanAdequacy", "responseEvaluation.remedialActivities", "responseEvaluation.personnelCompetency"}
	cyberFields      = []string{"cyberAttack.exploitedWeaknesses", "cyberAttack.attackerDwellTime", "cyberAttack.detectionEfficacy", "cyberAttack.resilienceEnhancements"}
)

func TestMissingSections(t *testing.T) {
	cyber := incident(cyberAttack())
	ordinary := incident()
	all := slices.Concat(overviewFields, []string{"causes", "organisationalFactors"}, evaluationFields)
	for _, c := range []struct {
		name     string
		opts     []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident *v1alpha1.Incident
		want     []string
	}{
		{"complete", nil, ordinary, nil},
		{"complete, incident unknown", nil, nil, nil},
		{"nothing written", opts(nothingWritten()), ordinary, all},
		{"nothing written, cyber attack", opts(nothingWritten()), cyber, slices.Concat(all, cyberFields)},
		{"no overview", opts(withoutOverview()), ordinary, overviewFields},
		{"empty overview", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.Overview = &v1alpha1.RCAOverview{} })), ordinary, overviewFields},
		{"no whatHappened", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.Overview.WhatHappened = "" })), ordinary, overviewFields[:1]},
		{"no containment", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.Overview.Containment = "" })), ordinary, overviewFields[1:2]},
		{"no lessonsLearned", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.Overview.LessonsLearned = "" })), ordinary, overviewFields[2:]},
		{"no causes", opts(withoutCauses()), ordinary, []string{"causes"}},
		{"an empty list of causes", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.Causes = []v1alpha1.Cause{} })), ordinary, []string{"causes"}},
		{"no response evaluation", opts(withoutResponseEvaluation()), ordinary, evaluationFields},
		{"no responsePlanAdequacy", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.ResponseEvaluation.ResponsePlanAdequacy = "" })), ordinary, evaluationFields[:1]},
		{"no remedialActivities", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.ResponseEvaluation.RemedialActivities = "" })), ordinary, evaluationFields[1:2]},
		{"no personnelCompetency", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.ResponseEvaluation.PersonnelCompetency = "" })), ordinary, evaluationFields[2:]},
		{"no organisationalFactors", opts(withoutFactors()), ordinary, []string{"organisationalFactors"}},
		{"no organisationalFactors, approved before it was required", opts(withoutFactors(), fixtures.SignedOff(v1alpha1.SignOffApproved, t0)), ordinary, []string{"organisationalFactors"}},
		{"investigation, evidence, cause categories and noActionsReason are not required", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) {
			s.Investigation, s.Evidence, s.NoActionsReason = nil, nil, ""
			s.Causes = []v1alpha1.Cause{{Type: v1alpha1.CauseNonTechnical, Description: "No category given."}}
		})), ordinary, nil},
		{"cyber attack without the section", nil, cyber, cyberFields},
		{"cyber attack with the section", opts(fixtures.WithCyberAttackSection()), cyber, nil},
		{"cyber attack, incident unknown", nil, nil, nil},
		{"not a cyber attack, section absent", nil, ordinary, nil},
		{"not a cyber attack, section half written", opts(fixtures.WithCyberAttackSection(), blank(func(s *v1alpha1.RootCauseAnalysisSpec) {
			s.CyberAttack.DetectionEfficacy = ""
		})), ordinary, nil},
		{"cyber attack, empty section", opts(blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.CyberAttack = &v1alpha1.CyberAttackAnalysis{} })), cyber, cyberFields},
		{"cyber attack, no exploited weaknesses", opts(fixtures.WithCyberAttackSection(), blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.CyberAttack.ExploitedWeaknesses = nil })), cyber, cyberFields[:1]},
		{"cyber attack, an empty list of weaknesses", opts(fixtures.WithCyberAttackSection(), blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.CyberAttack.ExploitedWeaknesses = []string{} })), cyber, cyberFields[:1]},
		{"cyber attack, no dwell time", opts(fixtures.WithCyberAttackSection(), blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.CyberAttack.AttackerDwellTime = nil })), cyber, cyberFields[1:2]},
		{"cyber attack, no detection efficacy", opts(fixtures.WithCyberAttackSection(), blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.CyberAttack.DetectionEfficacy = "" })), cyber, cyberFields[2:3]},
		{"cyber attack, no resilience enhancements", opts(fixtures.WithCyberAttackSection(), blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.CyberAttack.ResilienceEnhancements = nil })), cyber, cyberFields[3:]},
		{"cyber attack, causes and dwell time missing", opts(fixtures.WithCyberAttackSection(), withoutCauses(), blank(func(s *v1alpha1.RootCauseAnalysisSpec) { s.CyberAttack.AttackerDwellTime = nil })), cyber,
			[]string{"causes", "cyberAttack.attackerDwellTime"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := fieldsOf(t, review.MissingSections(rca(c.opts...), c.incident))
			if !slices.Equal(got, append([]string{}, c.want...)) {
				t.Errorf("missing %v, want %v", got, c.want)
			}
		})
	}
}

func TestRCAState(t *testing.T) {
	for _, c := range []struct {
		state, want v1alpha1.RCAState
	}{
		{"", v1alpha1.RCAStateDraft},
		{v1alpha1.RCAStateDraft, v1alpha1.RCAStateDraft},
		{v1alpha1.RCAStateSubmitted, v1alpha1.RCAStateSubmitted},
	} {
		if got := review.RCAState(rca(rcaState(c.state))); got != c.want {
			t.Errorf("RCAState(%q) = %q, want %q", c.state, got, c.want)
		}
	}
}

func TestRCAPhase(t *testing.T) {
	now := t0.Add(6 * statuskit.Day)
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(5*statuskit.Day))
	sentBack := fixtures.SignedOff(v1alpha1.SignOffChangesRequested, t0.Add(5*statuskit.Day))
	approvedTomorrow := fixtures.SignedOff(v1alpha1.SignOffApproved, now.Add(statuskit.Day))
	sentBackTomorrow := fixtures.SignedOff(v1alpha1.SignOffChangesRequested, now.Add(statuskit.Day))
	for _, c := range []struct {
		name     string
		opts     []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident *v1alpha1.Incident
		want     v1alpha1.RCAPhase
	}{
		{"state omitted", nil, incident(), v1alpha1.RCADraft},
		{"Draft", opts(rcaState(v1alpha1.RCAStateDraft)), incident(), v1alpha1.RCADraft},
		{"Draft and incomplete", opts(withoutCauses()), incident(), v1alpha1.RCADraft},
		{"Submitted and complete", opts(fixtures.Submitted()), incident(), v1alpha1.RCAAwaitingSignOff},
		{"Submitted, incident unknown", opts(fixtures.Submitted()), nil, v1alpha1.RCAAwaitingSignOff},
		{"Submitted without causes", opts(fixtures.Submitted(), withoutCauses()), incident(), v1alpha1.RCADraft},
		{"Submitted for a cyber attack without the section", opts(fixtures.Submitted()), incident(cyberAttack()), v1alpha1.RCADraft},
		{"Submitted for a cyber attack with the section", opts(fixtures.Submitted(), fixtures.WithCyberAttackSection()), incident(cyberAttack()), v1alpha1.RCAAwaitingSignOff},
		{"approved", opts(approved), incident(), v1alpha1.RCASignedOff},
		{"approved, incident unknown", opts(approved), nil, v1alpha1.RCASignedOff},
		{"approved, then the incident turned out a cyber attack", opts(approved), incident(cyberAttack()), v1alpha1.RCADraft},
		{"approved with the cyber-attack section", opts(approved, fixtures.WithCyberAttackSection()), incident(cyberAttack()), v1alpha1.RCASignedOff},
		{"changes requested", opts(sentBack), incident(), v1alpha1.RCAChangesRequested},
		{"changes requested on an incomplete analysis", opts(sentBack, withoutCauses()), incident(), v1alpha1.RCAChangesRequested},
		{"a sign-off on a draft does not count", opts(approved, rcaState(v1alpha1.RCAStateDraft)), incident(), v1alpha1.RCADraft},
		{"Submitted without organisationalFactors", opts(fixtures.Submitted(), withoutFactors()), incident(), v1alpha1.RCADraft},
		{"approved without organisationalFactors, before it was required: the approval stands", opts(approved, withoutFactors()), incident(), v1alpha1.RCASignedOff},
		{"approved without organisationalFactors nor causes", opts(approved, withoutFactors(), withoutCauses()), incident(), v1alpha1.RCADraft},
		{"sent back without organisationalFactors", opts(sentBack, withoutFactors()), incident(), v1alpha1.RCAChangesRequested},
		{"approved with a date still to come: waits until then", opts(approvedTomorrow), incident(), v1alpha1.RCAAwaitingSignOff},
		{"sent back with a date still to come: waits until then", opts(sentBackTomorrow), incident(), v1alpha1.RCAAwaitingSignOff},
		{"approved exactly now", opts(fixtures.SignedOff(v1alpha1.SignOffApproved, now)), incident(), v1alpha1.RCASignedOff},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := review.RCAPhase(rca(c.opts...), c.incident, now); got != c.want {
				t.Errorf("RCAPhase = %s, want %s", got, c.want)
			}
		})
	}
}

func TestRCADueAt(t *testing.T) {
	own := t0.Add(3 * statuskit.Day)
	for _, c := range []struct {
		name     string
		policy   func(*review.Policy)
		rca      *v1alpha1.RootCauseAnalysis
		incident *v1alpha1.Incident
		want     *time.Time
	}{
		{name: "spec.dueDate wins", rca: rca(rcaDueDate(own)), incident: incident(), want: &own},
		{name: "spec.dueDate later than the window", rca: rca(rcaDueDate(t0.Add(60 * statuskit.Day))), incident: incident(), want: ptr(t0.Add(60 * statuskit.Day))},
		{name: "spec.dueDate, incident unknown", rca: rca(rcaDueDate(own)), want: &own},
		{name: "Critical: 15 days", rca: rca(), incident: incident(severity(v1alpha1.SeverityCritical)), want: ptr(t0.Add(15 * statuskit.Day))},
		{name: "High: 15 days", rca: rca(), incident: incident(severity(v1alpha1.SeverityHigh)), want: ptr(t0.Add(15 * statuskit.Day))},
		{name: "Medium: 30 days", rca: rca(), incident: incident(severity(v1alpha1.SeverityMedium)), want: ptr(t0.Add(30 * statuskit.Day))},
		{name: "Low: 30 days", rca: rca(), incident: incident(severity(v1alpha1.SeverityLow)), want: ptr(t0.Add(30 * statuskit.Day))},
		{name: "a policy window", policy: func(p *review.Policy) { p.RCAReviewWindow[v1alpha1.SeverityHigh] = 10 * statuskit.Day },
			rca: rca(), incident: incident(), want: ptr(t0.Add(10 * statuskit.Day))},
		{name: "no analysis yet", incident: incident(severity(v1alpha1.SeverityLow)), want: ptr(t0.Add(30 * statuskit.Day))},
		{name: "neither a due date nor an incident", rca: rca()},
		{name: "nothing at all"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.policy != nil {
				c.policy(&p)
			}
			got := review.RCADueAt(p, c.rca, c.incident)
			want := atOrNil(c.want)
			if !sameInstant(got, want) {
				t.Errorf("RCADueAt = %s, want %s", show(got), show(want))
			}
		})
	}
	r := rca(rcaDueDate(own))
	got := review.RCADueAt(review.DefaultPolicy(), r, incident())
	got.Time = got.Add(time.Hour)
	if !r.Spec.DueDate.Time.Equal(own) {
		t.Errorf("changing the returned deadline changed spec.dueDate to %s", r.Spec.DueDate)
	}
}

func TestComputeRCAStatus(t *testing.T) {
	now := t0.Add(statuskit.Day)
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, now)
	type conds = map[v1alpha1.ConditionType]string
	for _, c := range []struct {
		name        string
		opts        []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident    *v1alpha1.Incident
		wantPhase   v1alpha1.RCAPhase
		wantMissing int
		wantDue     *time.Time
		want        conds
	}{
		{"a complete draft", nil, incident(), v1alpha1.RCADraft, 0, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(true, v1alpha1.ReasonAllSectionsPresent),
			v1alpha1.ConditionSignedOff:       is(false, v1alpha1.ReasonNotSubmitted),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonOnTrack),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"an incomplete draft", opts(withoutCauses()), incident(), v1alpha1.RCADraft, 1, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(false, v1alpha1.ReasonSectionsMissing),
			v1alpha1.ConditionSignedOff:       is(false, v1alpha1.ReasonNotSubmitted),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonOnTrack),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"submitted and complete", opts(fixtures.Submitted()), incident(), v1alpha1.RCAAwaitingSignOff, 0, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(true, v1alpha1.ReasonAllSectionsPresent),
			v1alpha1.ConditionSignedOff:       is(false, v1alpha1.ReasonAwaitingSignOff),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonOnTrack),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"submitted but incomplete stays a draft", opts(fixtures.Submitted(), withoutResponseEvaluation()), incident(), v1alpha1.RCADraft, 3, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(false, v1alpha1.ReasonSectionsMissing),
			v1alpha1.ConditionSignedOff:       is(false, v1alpha1.ReasonSectionsMissing),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonOnTrack),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"submitted for a cyber attack without the section", opts(fixtures.Submitted()), incident(cyberAttack()), v1alpha1.RCADraft, 4, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(false, v1alpha1.ReasonSectionsMissing),
			v1alpha1.ConditionSignedOff:       is(false, v1alpha1.ReasonSectionsMissing),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonOnTrack),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"approved", opts(approved), incident(), v1alpha1.RCASignedOff, 0, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(true, v1alpha1.ReasonAllSectionsPresent),
			v1alpha1.ConditionSignedOff:       is(true, v1alpha1.ReasonApproved),
			v1alpha1.ConditionLearningShared:  is(false, v1alpha1.ReasonSharingDue),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonFinished),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"approved, but the incident is a cyber attack", opts(approved), incident(cyberAttack()), v1alpha1.RCADraft, 4, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(false, v1alpha1.ReasonSectionsMissing),
			v1alpha1.ConditionSignedOff:       is(false, v1alpha1.ReasonSectionsMissing),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonOnTrack),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"changes requested", opts(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, now)), incident(), v1alpha1.RCAChangesRequested, 0, &rcaDue, conds{
			v1alpha1.ConditionReady:           is(true, v1alpha1.ReasonReconciled),
			v1alpha1.ConditionComplete:        is(true, v1alpha1.ReasonAllSectionsPresent),
			v1alpha1.ConditionSignedOff:       is(false, v1alpha1.ReasonChangesRequested),
			v1alpha1.ConditionOverdue:         is(false, v1alpha1.ReasonOnTrack),
			v1alpha1.ConditionWithinTimescale: is(true, v1alpha1.ReasonWithinReviewWindow),
			v1alpha1.ConditionFactsConsistent: is(true, v1alpha1.ReasonFactsAgree)}},
		{"incident unknown", nil, nil, v1alpha1.RCADraft, 0, nil, conds{
			v1alpha1.ConditionReady:     is(false, v1alpha1.ReasonIncidentNotFound),
			v1alpha1.ConditionComplete:  is(true, v1alpha1.ReasonAllSectionsPresent),
			v1alpha1.ConditionSignedOff: is(false, v1alpha1.ReasonNotSubmitted),
			v1alpha1.ConditionOverdue:   is(false, v1alpha1.ReasonOnTrack)}},
		{"incident unknown, own due date passed", opts(rcaDueDate(t0)), nil, v1alpha1.RCADraft, 0, &t0, conds{
			v1alpha1.ConditionReady:     is(false, v1alpha1.ReasonIncidentNotFound),
			v1alpha1.ConditionComplete:  is(true, v1alpha1.ReasonAllSectionsPresent),
			v1alpha1.ConditionSignedOff: is(false, v1alpha1.ReasonNotSubmitted),
			v1alpha1.ConditionOverdue:   is(true, v1alpha1.ReasonPastDueDate)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rca(append(c.opts, generation[v1alpha1.RootCauseAnalysis](4))...)
			st := computeRCA(t, review.DefaultPolicy(), r, c.incident, now).Status
			if st.Phase != c.wantPhase {
				t.Errorf("phase = %s, want %s", st.Phase, c.wantPhase)
			}
			if len(st.Missing) != c.wantMissing || !slices.Equal(st.Missing, review.MissingSections(r, c.incident)) {
				t.Errorf("missing = %q, want %d sections", st.Missing, c.wantMissing)
			}
			wantDue := atOrNil(c.wantDue)
			if !sameInstant(st.DueAt, wantDue) {
				t.Errorf("dueAt = %s, want %s", show(st.DueAt), show(wantDue))
			}
			if got := condMap(st.Conditions); !equality.Semantic.DeepEqual(got, c.want) {
				t.Errorf("conditions = %v, want %v", got, c.want)
			}
			if st.ObservedGeneration != 4 {
				t.Errorf("observedGeneration = %d", st.ObservedGeneration)
			}
			for _, cd := range st.Conditions {
				if cd.ObservedGeneration != 4 {
					t.Errorf("%s observedGeneration = %d", cd.Type, cd.ObservedGeneration)
				}
			}
			if c.wantMissing > 0 {
				complete := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionComplete))
				for _, m := range st.Missing {
					if !strings.Contains(complete.Message, m) {
						t.Errorf("Complete message %q does not list %q", complete.Message, m)
					}
				}
			}
		})
	}
}

func TestRCAOverdue(t *testing.T) {
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(statuskit.Day))
	shared := fixtures.LearningShared(t0.Add(2 * statuskit.Day))
	for _, c := range []struct {
		name          string
		opts          []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident      *v1alpha1.Incident
		now           time.Time
		wantOverdue   string
		wantAnnounced bool
		wantRequeue   time.Duration
	}{
		{"a day before", nil, incident(), rcaDue.Add(-statuskit.Day), is(false, v1alpha1.ReasonOnTrack), false, statuskit.Day},
		{"one nanosecond before", nil, incident(), rcaDue.Add(justBefore), is(false, v1alpha1.ReasonOnTrack), false, time.Nanosecond},
		{"exactly at the deadline", nil, incident(), rcaDue, is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"one nanosecond after", nil, incident(), rcaDue.Add(justAfter), is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"a week after, first seen", nil, incident(), rcaDue.Add(7 * statuskit.Day), is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"already announced: the Overdue condition remembers", opts(prevRCAOverdue(true, rcaDue)), incident(), rcaDue.Add(statuskit.Day),
			is(true, v1alpha1.ReasonPastDueDate), false, 0},
		{"previously on track", opts(prevRCAOverdue(false, t0)), incident(), rcaDue, is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"awaiting sign-off is still overdue", opts(fixtures.Submitted()), incident(), rcaDue, is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"changes requested is still overdue", opts(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, t0)), incident(), rcaDue,
			is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"signed off before the deadline, seen after it", opts(approved, shared), incident(), rcaDue.Add(statuskit.Day), is(false, v1alpha1.ReasonFinished), false, 0},
		{"signed off, seen before the deadline: nothing to wait for", opts(approved, shared), incident(), rcaDue.Add(-statuskit.Day), is(false, v1alpha1.ReasonFinished), false, 0},
		{"signed off while overdue", opts(approved, shared, prevRCAOverdue(true, rcaDue)), incident(), rcaDue.Add(statuskit.Day), is(false, v1alpha1.ReasonFinished), false, 0},
		{"own due date, exactly at it", opts(rcaDueDate(t0.Add(2 * statuskit.Day))), incident(), t0.Add(2 * statuskit.Day), is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"own due date, one nanosecond before", opts(rcaDueDate(t0.Add(2 * statuskit.Day))), incident(), t0.Add(2*statuskit.Day + justBefore),
			is(false, v1alpha1.ReasonOnTrack), false, time.Nanosecond},
		{"due date moved later after going overdue", opts(rcaDueDate(t0.Add(20*statuskit.Day)), prevRCAOverdue(true, rcaDue)), incident(), t0.Add(16 * statuskit.Day),
			is(false, v1alpha1.ReasonOnTrack), false, 4 * statuskit.Day},
		{"the moved due date passes: announced again", opts(rcaDueDate(t0.Add(20*statuskit.Day)), prevRCAOverdue(false, t0.Add(16*statuskit.Day))), incident(), t0.Add(20 * statuskit.Day),
			is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"Medium, one nanosecond before 30 days", nil, incident(severity(v1alpha1.SeverityMedium)), t0.Add(30*statuskit.Day + justBefore),
			is(false, v1alpha1.ReasonOnTrack), false, time.Nanosecond},
		{"Medium, at 30 days", nil, incident(severity(v1alpha1.SeverityMedium)), t0.Add(30 * statuskit.Day), is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"Critical, at 15 days", nil, incident(severity(v1alpha1.SeverityCritical)), t0.Add(15 * statuskit.Day), is(true, v1alpha1.ReasonPastDueDate), true, 0},
		{"incident unknown, no due date: never overdue", nil, nil, t0.Add(400 * statuskit.Day), is(false, v1alpha1.ReasonOnTrack), false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rca(c.opts...)
			res := computeRCA(t, review.DefaultPolicy(), r, c.incident, c.now)
			if got := cond(res.Status.Conditions, v1alpha1.ConditionOverdue); got != c.wantOverdue {
				t.Errorf("Overdue = %s, want %s", got, c.wantOverdue)
			}
			var overdue []statuskit.Announcement
			for _, a := range res.Announcements {
				if a.Reason == v1alpha1.EventRCAOverdue {
					overdue = append(overdue, a)
				}
			}
			if len(overdue) != once(c.wantAnnounced) {
				t.Fatalf("announced %v, want RCAOverdue: %v", reasons(res.Announcements), c.wantAnnounced)
			}
			if c.wantAnnounced {
				a := overdue[0]
				if !a.AlsoOnIncident || !a.Reason.IsWarning() {
					t.Errorf("RCAOverdue on incident %v, warning %v; want both", a.AlsoOnIncident, a.Reason.IsWarning())
				}
				due := review.RCADueAt(review.DefaultPolicy(), r, c.incident)
				if !strings.Contains(a.Message, string(r.Spec.Lead)) || !strings.Contains(a.Message, due.UTC().Format(time.RFC3339)) {
					t.Errorf("message %q does not name the lead and the deadline", a.Message)
				}
			}
			if res.RequeueAfter != c.wantRequeue {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, c.wantRequeue)
			}
		})
	}
}

func TestRCATransitions(t *testing.T) {
	now := t0.Add(2 * statuskit.Day) // well before the deadline
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, now)
	sentBack := fixtures.SignedOff(v1alpha1.SignOffChangesRequested, now)
	withdrawn := fixtures.Option[v1alpha1.RootCauseAnalysis](func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff = nil })
	for _, c := range []struct {
		name     string
		opts     []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident *v1alpha1.Incident
		want     []v1alpha1.EventReason
		says     string // words the announcement must contain
	}{
		{"first visit of a draft", nil, incident(), nil, ""},
		{"a draft stays a draft", opts(prevRCAPhase(v1alpha1.RCADraft)), incident(), nil, ""},
		{"submitted", opts(prevRCAPhase(v1alpha1.RCADraft), fixtures.Submitted()), incident(), []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}, "rca.lead@example.nhs.uk"},
		{"submitted on the first visit", opts(fixtures.Submitted()), incident(), []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}, "submitted"},
		{"submitted incomplete: still a draft", opts(prevRCAPhase(v1alpha1.RCADraft), fixtures.Submitted(), withoutCauses()), incident(), nil, ""},
		{"still awaiting sign-off", opts(prevRCAPhase(v1alpha1.RCAAwaitingSignOff), fixtures.Submitted()), incident(), nil, ""},
		{"approved", opts(prevRCAPhase(v1alpha1.RCAAwaitingSignOff), approved), incident(), []v1alpha1.EventReason{v1alpha1.EventRCASignedOff}, "siro@example.nhs.uk"},
		{"approved straight from a draft", opts(prevRCAPhase(v1alpha1.RCADraft), approved), incident(), []v1alpha1.EventReason{v1alpha1.EventRCASignedOff}, "approved"},
		{"approved on the first visit", opts(approved), incident(), []v1alpha1.EventReason{v1alpha1.EventRCASignedOff}, "approved"},
		{"approved on the first visit, over a day ago: history", opts(fixtures.SignedOff(v1alpha1.SignOffApproved, now.Add(-statuskit.HistoryHorizon-time.Second))), incident(), nil, ""},
		{"sent back on the first visit, over a day ago: history", opts(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, now.Add(-statuskit.HistoryHorizon-time.Second))), incident(), nil, ""},
		{"approved over a day ago, last seen awaiting sign-off: news", opts(prevRCAPhase(v1alpha1.RCAAwaitingSignOff), fixtures.SignedOff(v1alpha1.SignOffApproved, now.Add(-statuskit.HistoryHorizon-time.Second))), incident(),
			[]v1alpha1.EventReason{v1alpha1.EventRCASignedOff}, "approved"},
		{"still signed off", opts(prevRCAPhase(v1alpha1.RCASignedOff), approved), incident(), nil, ""},
		{"sent back", opts(prevRCAPhase(v1alpha1.RCAAwaitingSignOff), sentBack), incident(), []v1alpha1.EventReason{v1alpha1.EventRCAChangesRequested}, "Reviewed."},
		{"still sent back", opts(prevRCAPhase(v1alpha1.RCAChangesRequested), sentBack), incident(), nil, ""},
		{"resubmitted after changes", opts(prevRCAPhase(v1alpha1.RCAChangesRequested), fixtures.Submitted()), incident(), []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}, "submitted"},
		{"back to draft after changes", opts(prevRCAPhase(v1alpha1.RCAChangesRequested), rcaState(v1alpha1.RCAStateDraft)), incident(), nil, ""},
		{"the incident became a cyber attack", opts(prevRCAPhase(v1alpha1.RCASignedOff), approved), incident(cyberAttack()),
			[]v1alpha1.EventReason{v1alpha1.EventSignOffInvalidated}, "cyberAttack.attackerDwellTime"},
		{"a cyber attack, section present", opts(prevRCAPhase(v1alpha1.RCASignedOff), approved, fixtures.WithCyberAttackSection()), incident(cyberAttack()), nil, ""},
		{"signed off, then sent back", opts(prevRCAPhase(v1alpha1.RCASignedOff), sentBack), incident(), []v1alpha1.EventReason{v1alpha1.EventRCAChangesRequested}, "requested changes"},
		{"sign-off withdrawn: waiting again", opts(prevRCAPhase(v1alpha1.RCASignedOff), approved, withdrawn), incident(), []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}, "submitted"},
		{"sign-off withdrawn and back to draft", opts(prevRCAPhase(v1alpha1.RCASignedOff), withdrawn, rcaState(v1alpha1.RCAStateDraft)), incident(), nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := computeRCA(t, review.DefaultPolicy(), rca(c.opts...), c.incident, now)
			if !sameReasons(res.Announcements, c.want...) {
				t.Fatalf("announced %v, want %v", reasons(res.Announcements), c.want)
			}
			for _, a := range res.Announcements {
				if !a.AlsoOnIncident {
					t.Errorf("%s is not asked for on the incident", a.Reason)
				}
				if wantWarning := a.Reason == v1alpha1.EventSignOffInvalidated; a.Reason.IsWarning() != wantWarning {
					t.Errorf("%s warning = %v", a.Reason, a.Reason.IsWarning())
				}
				if !strings.Contains(a.Message, c.says) {
					t.Errorf("message %q does not say %q", a.Message, c.says)
				}
			}
		})
	}
}

func TestSignOffInvalidatedPastTheDeadline(t *testing.T) {
	p := review.DefaultPolicy()
	r := rca(fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(statuskit.Day)))
	r.Status = stored(t, review.ComputeRCAAmong(p, r, incident(), nil, t0.Add(statuskit.Day)).Status)
	res := computeRCA(t, p, r, incident(cyberAttack()), rcaDue.Add(statuskit.Day))
	if !sameReasons(res.Announcements, v1alpha1.EventRCAOverdue, v1alpha1.EventSignOffInvalidated) {
		t.Errorf("announced %v, want RCAOverdue then SignOffInvalidated", reasons(res.Announcements))
	}
	if got := res.Status.Phase; got != v1alpha1.RCADraft {
		t.Errorf("phase = %s", got)
	}
	if got := cond(res.Status.Conditions, v1alpha1.ConditionOverdue); got != is(true, v1alpha1.ReasonPastDueDate) {
		t.Errorf("Overdue = %s", got)
	}
}

func TestRCAConditionsKeepTheirTransitionTime(t *testing.T) {
	p := review.DefaultPolicy()
	inc := incident()
	r := rca()
	visit := func(now time.Time) {
		t.Helper()
		res := review.ComputeRCAAmong(p, r, inc, nil, now)
		r.Status = stored(t, res.Status)
	}
	since := func(ct v1alpha1.ConditionType) time.Time {
		return meta.FindStatusCondition(r.Status.Conditions, string(ct)).LastTransitionTime.Time
	}
	visit(t0)
	fixtures.Submitted()(r)
	visit(t0.Add(statuskit.Day + 300*time.Millisecond))
	// Submitted: SignedOff stays False (NotSubmitted → AwaitingSignOff), so
	// its transition time stays; so do Ready, Complete and Overdue.
	for _, ct := range []v1alpha1.ConditionType{v1alpha1.ConditionReady, v1alpha1.ConditionComplete, v1alpha1.ConditionSignedOff, v1alpha1.ConditionOverdue} {
		if !since(ct).Equal(t0) {
			t.Errorf("%s moved to %s though its status did not change", ct, since(ct))
		}
	}
	if got := cond(r.Status.Conditions, v1alpha1.ConditionSignedOff); got != is(false, v1alpha1.ReasonAwaitingSignOff) {
		t.Errorf("SignedOff = %s", got)
	}
	signedAt := t0.Add(2 * statuskit.Day)
	fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)(r)
	visit(signedAt)
	if !since(v1alpha1.ConditionSignedOff).Equal(signedAt) {
		t.Errorf("SignedOff turned True at %s, want %s", since(v1alpha1.ConditionSignedOff), signedAt)
	}
	if !since(v1alpha1.ConditionOverdue).Equal(t0) {
		t.Errorf("Overdue (False throughout) moved to %s", since(v1alpha1.ConditionOverdue))
	}
}

// TestRCALifecycle walks an analysis from draft to sign-off and back,
// storing each status, and checks each visit's announcements.
func TestRCALifecycle(t *testing.T) {
	p := review.DefaultPolicy()
	inc := incident()
	r := rca(rcaState(v1alpha1.RCAStateDraft))
	steps := []struct {
		at     time.Time
		change func()
		phase  v1alpha1.RCAPhase
		want   []v1alpha1.EventReason
	}{
		{t0, func() {}, v1alpha1.RCADraft, nil},
		{t0.Add(time.Hour), func() {}, v1alpha1.RCADraft, nil},
		{t0.Add(2 * statuskit.Day), func() { fixtures.Submitted()(r) }, v1alpha1.RCAAwaitingSignOff, []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}},
		{t0.Add(3 * statuskit.Day), func() { fixtures.SignedOff(v1alpha1.SignOffChangesRequested, t0.Add(3*statuskit.Day))(r) }, v1alpha1.RCAChangesRequested,
			[]v1alpha1.EventReason{v1alpha1.EventRCAChangesRequested}},
		{t0.Add(4 * statuskit.Day), func() { r.Spec.SignOff = nil }, v1alpha1.RCAAwaitingSignOff, []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}},
		{rcaDue, func() {}, v1alpha1.RCAAwaitingSignOff, []v1alpha1.EventReason{v1alpha1.EventRCAOverdue}},
		{rcaDue.Add(statuskit.Day), func() {}, v1alpha1.RCAAwaitingSignOff, nil},
		{rcaDue.Add(2 * statuskit.Day), func() { fixtures.SignedOff(v1alpha1.SignOffApproved, rcaDue.Add(2*statuskit.Day))(r) }, v1alpha1.RCASignedOff,
			[]v1alpha1.EventReason{v1alpha1.EventRCASignedOff}},
		{rcaDue.Add(3 * statuskit.Day), func() { inc.Spec.CyberAttack = true }, v1alpha1.RCADraft,
			[]v1alpha1.EventReason{v1alpha1.EventRCAOverdue, v1alpha1.EventSignOffInvalidated}},
		// The approval stood on an incident that was no cyber attack: the
		// section alone does not bring it back; the SIRO approves again.
		{rcaDue.Add(4 * statuskit.Day), func() { fixtures.WithCyberAttackSection()(r) }, v1alpha1.RCAAwaitingSignOff, []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}},
		{rcaDue.Add(5 * statuskit.Day), func() { fixtures.SignedOff(v1alpha1.SignOffApproved, rcaDue.Add(5*statuskit.Day))(r) }, v1alpha1.RCASignedOff,
			[]v1alpha1.EventReason{v1alpha1.EventRCASignedOff}},
		{rcaDue.Add(6 * statuskit.Day), func() {}, v1alpha1.RCASignedOff, nil},
	}
	for i, s := range steps {
		s.change()
		res := review.ComputeRCAAmong(p, r, inc, nil, s.at)
		if res.Status.Phase != s.phase {
			t.Errorf("step %d: phase %s, want %s", i, res.Status.Phase, s.phase)
		}
		if !sameReasons(res.Announcements, s.want...) {
			t.Errorf("step %d: announced %v, want %v", i, reasons(res.Announcements), s.want)
		}
		r.Status = stored(t, res.Status)
	}
}
