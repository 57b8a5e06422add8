package review_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8stypes "k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Options for the facts an approval stands on.

func uid(u string) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.UID = k8stypes.UID(u) }
}

func category(c v1alpha1.IncidentCategory) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Category = c }
}

func incidentType(k v1alpha1.IncidentType) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Type = k }
}

// facts is the record of inc an approval given at signedAt stands on.
func facts(inc *v1alpha1.Incident, signedAt time.Time) *v1alpha1.ApprovedIncident {
	return &v1alpha1.ApprovedIncident{UID: string(inc.UID), Type: inc.Spec.Type, Severity: inc.Spec.Severity,
		Category: inc.Spec.Category, CyberAttack: inc.Spec.CyberAttack, SignOffAt: metav1.NewTime(signedAt.Truncate(time.Second))}
}

// recorded gives an analysis the record of inc for an approval at signedAt.
func recorded(inc *v1alpha1.Incident, signedAt time.Time) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Status.ApprovedIncident = facts(inc, signedAt) }
}

func TestApprovalRecord(t *testing.T) {
	now := t0.Add(3 * statuskit.Day)
	signedAt := t0.Add(2*statuskit.Day + 250*time.Millisecond)
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)
	first := incident(uid("first"))
	for _, c := range []struct {
		name     string
		opts     []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident *v1alpha1.Incident
		want     *v1alpha1.ApprovedIncident
	}{
		{"a draft", nil, first, nil},
		{"awaiting sign-off", opts(fixtures.Submitted()), first, nil},
		{"changes requested", opts(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt)), first, nil},
		{"approved, first seen: recorded to the second", opts(approved), first, facts(first, signedAt)},
		{"approved, first seen with the incident unknown: nothing to record yet", opts(approved), nil, nil},
		{"approved, recorded: kept as first made", opts(approved, recorded(first, signedAt)), incident(uid("first"), severity(v1alpha1.SeverityLow)), facts(first, signedAt)},
		{"approved, recorded, incident gone: kept", opts(approved, recorded(first, signedAt)), nil, facts(first, signedAt)},
		{"approved again at another time: recorded anew", opts(approved, recorded(first, t0.Add(statuskit.Day))), incident(uid("second"), severity(v1alpha1.SeverityCritical)),
			facts(incident(uid("second"), severity(v1alpha1.SeverityCritical)), signedAt)},
		{"withdrawn: forgotten", opts(fixtures.Submitted(), recorded(first, signedAt)), first, nil},
		{"sent back: forgotten", opts(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt), recorded(first, signedAt)), first, nil},
		{"an approval on a draft (refused by the CRD) is recorded like any", opts(approved, rcaState(v1alpha1.RCAStateDraft)), first, facts(first, signedAt)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := computeRCA(t, review.DefaultPolicy(), rca(c.opts...), c.incident, now).Status.ApprovedIncident
			if !equality.Semantic.DeepEqual(got, c.want) {
				t.Errorf("approvedIncident = %s, want %s", toJSON(got), toJSON(c.want))
			}
		})
	}
}

func TestIncidentChanges(t *testing.T) {
	now := t0.Add(3 * statuskit.Day)
	signedAt := t0.Add(2 * statuskit.Day)
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)
	first := incident(uid("first"))
	on := recorded(first, signedAt)
	for _, c := range []struct {
		name     string
		opts     []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident *v1alpha1.Incident
		changes  []string
		phase    v1alpha1.RCAPhase
		signed   string
	}{
		{"the same incident", opts(approved, on), first, nil, v1alpha1.RCASignedOff, is(true, v1alpha1.ReasonApproved)},
		{"only its title and times changed", opts(approved, on), incident(uid("first"), func(i *v1alpha1.Incident) {
			i.Spec.Title, i.Spec.ResolvedAt = "Renamed", fixtures.Time(t0.Add(statuskit.Day))
		}), nil, v1alpha1.RCASignedOff, is(true, v1alpha1.ReasonApproved)},
		{"deleted and created again, the same otherwise", opts(approved, on), incident(uid("second")),
			[]string{"the incident was deleted and created again"}, v1alpha1.RCAAwaitingSignOff, is(false, v1alpha1.ReasonIncidentChanged)},
		{"type", opts(approved, on), incident(uid("first"), nearMiss()), []string{"type Incident → NearMiss"}, v1alpha1.RCAAwaitingSignOff, is(false, v1alpha1.ReasonIncidentChanged)},
		{"type Exercise", opts(approved, on), incident(uid("first"), incidentType(v1alpha1.IncidentTypeExercise)), []string{"type Incident → Exercise"},
			v1alpha1.RCAAwaitingSignOff, is(false, v1alpha1.ReasonIncidentChanged)},
		{"severity", opts(approved, on), incident(uid("first"), severity(v1alpha1.SeverityCritical)), []string{"severity High → Critical"},
			v1alpha1.RCAAwaitingSignOff, is(false, v1alpha1.ReasonIncidentChanged)},
		{"category", opts(approved, on), incident(uid("first"), category(v1alpha1.CategoryPersonalDataBreach)),
			[]string{"category NetworkAndInformationSystems → PersonalDataBreach"}, v1alpha1.RCAAwaitingSignOff, is(false, v1alpha1.ReasonIncidentChanged)},
		{"now a cyber attack, the section written", opts(approved, on, fixtures.WithCyberAttackSection()), incident(uid("first"), cyberAttack()),
			[]string{"cyberAttack false → true"}, v1alpha1.RCAAwaitingSignOff, is(false, v1alpha1.ReasonIncidentChanged)},
		{"now a cyber attack, the section missing: a draft again", opts(approved, on), incident(uid("first"), cyberAttack()),
			[]string{"cyberAttack false → true"}, v1alpha1.RCADraft, is(false, v1alpha1.ReasonIncidentChanged)},
		{"recreated with another severity", opts(approved, on), incident(uid("second"), severity(v1alpha1.SeverityLow)),
			[]string{"the incident was deleted and created again", "severity High → Low"}, v1alpha1.RCAAwaitingSignOff, is(false, v1alpha1.ReasonIncidentChanged)},
		{"deleted, not yet created again: the approval stands", opts(approved, on), nil, nil, v1alpha1.RCASignedOff, is(true, v1alpha1.ReasonApproved)},
		{"no record yet: recorded now, the approval stands", opts(approved), incident(uid("second"), severity(v1alpha1.SeverityLow)), nil,
			v1alpha1.RCASignedOff, is(true, v1alpha1.ReasonApproved)},
		{"the record of an earlier approval does not count", opts(approved, recorded(first, t0)), incident(uid("second")), nil,
			v1alpha1.RCASignedOff, is(true, v1alpha1.ReasonApproved)},
		{"sent back: changes do not matter", opts(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt), on), incident(uid("second")), nil,
			v1alpha1.RCAChangesRequested, is(false, v1alpha1.ReasonChangesRequested)},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rca(c.opts...)
			got := review.IncidentChanges(r, c.incident)
			if strings.Join(got, "; ") != strings.Join(c.changes, "; ") {
				t.Errorf("changes %q, want %q", got, c.changes)
			}
			if phase := review.RCAPhase(r, c.incident, now); phase != c.phase {
				t.Errorf("RCAPhase = %s, want %s", phase, c.phase)
			}
			st := computeRCA(t, review.DefaultPolicy(), r, c.incident, now).Status
			if st.Phase != c.phase {
				t.Errorf("status.phase = %s, want %s", st.Phase, c.phase)
			}
			if got := cond(st.Conditions, v1alpha1.ConditionSignedOff); got != c.signed {
				t.Errorf("SignedOff = %s, want %s", got, c.signed)
			}
			if len(c.changes) > 0 {
				msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionSignedOff)).Message
				for _, change := range c.changes {
					if !strings.Contains(msg, change) || !strings.Contains(msg, "approves again") {
						t.Errorf("SignedOff message %q does not say %q and what to do", msg, change)
					}
				}
			}
		})
	}
}

// TestApprovalOfARecreatedIncident: the incident is deleted and created
// again with another severity after sign-off; the approval lapses with one
// warning, and stands again once the SIRO approves anew.
func TestApprovalOfARecreatedIncident(t *testing.T) {
	p := review.DefaultPolicy()
	first := incident(uid("first"))
	second := incident(uid("second"), severity(v1alpha1.SeverityCritical))
	r := rca(fixtures.Submitted())
	steps := []struct {
		name     string
		at       time.Time
		incident *v1alpha1.Incident
		change   func()
		phase    v1alpha1.RCAPhase
		want     []v1alpha1.EventReason
		record   *v1alpha1.ApprovedIncident
	}{
		{"submitted", t0.Add(statuskit.Day), first, func() {}, v1alpha1.RCAAwaitingSignOff, []v1alpha1.EventReason{v1alpha1.EventRCASubmitted}, nil},
		{"approved", t0.Add(2 * statuskit.Day), first, func() { fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(2*statuskit.Day))(r) },
			v1alpha1.RCASignedOff, []v1alpha1.EventReason{v1alpha1.EventRCASignedOff}, facts(first, t0.Add(2*statuskit.Day))},
		{"the incident deleted", t0.Add(3 * statuskit.Day), nil, func() {}, v1alpha1.RCASignedOff, nil, facts(first, t0.Add(2*statuskit.Day))},
		{"created again, Critical", t0.Add(3*statuskit.Day + time.Hour), second, func() {}, v1alpha1.RCAAwaitingSignOff,
			[]v1alpha1.EventReason{v1alpha1.EventSignOffInvalidated}, facts(first, t0.Add(2*statuskit.Day))},
		{"seen again: warned once", t0.Add(4 * statuskit.Day), second, func() {}, v1alpha1.RCAAwaitingSignOff, nil, facts(first, t0.Add(2*statuskit.Day))},
		{"the SIRO withdraws the approval", t0.Add(5 * statuskit.Day), second, func() { r.Spec.SignOff = nil }, v1alpha1.RCAAwaitingSignOff, nil, nil},
		{"and approves again", t0.Add(6 * statuskit.Day), second, func() { fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(6*statuskit.Day))(r) },
			v1alpha1.RCASignedOff, []v1alpha1.EventReason{v1alpha1.EventRCASignedOff}, facts(second, t0.Add(6*statuskit.Day))},
	}
	for _, s := range steps {
		s.change()
		res := review.ComputeRCAAmong(p, r, s.incident, nil, s.at)
		if res.Status.Phase != s.phase {
			t.Errorf("%s: phase %s, want %s", s.name, res.Status.Phase, s.phase)
		}
		if !sameReasons(res.Announcements, s.want...) {
			t.Errorf("%s: announced %v, want %v", s.name, reasons(res.Announcements), s.want)
		}
		if !equality.Semantic.DeepEqual(res.Status.ApprovedIncident, s.record) {
			t.Errorf("%s: approvedIncident %s, want %s", s.name, toJSON(res.Status.ApprovedIncident), toJSON(s.record))
		}
		for _, a := range res.Announcements {
			if a.Reason != v1alpha1.EventSignOffInvalidated {
				continue
			}
			if !a.Reason.IsWarning() || !a.AlsoOnIncident {
				t.Errorf("SignOffInvalidated warning %v, on the incident %v", a.Reason.IsWarning(), a.AlsoOnIncident)
			}
			for _, words := range []string{"deleted and created again", "severity High → Critical", "approves again"} {
				if !strings.Contains(a.Message, words) {
					t.Errorf("SignOffInvalidated says %q, not %q", a.Message, words)
				}
			}
		}
		r.Status = stored(t, res.Status)
	}
	invalidated := 0
	for _, a := range r.Status.Announcements {
		if a.Reason == v1alpha1.EventSignOffInvalidated {
			invalidated++
		}
	}
	if invalidated != 1 {
		t.Errorf("status.announcements remembers %d SignOffInvalidated, want 1", invalidated)
	}
}

// TestIncidentFollowsALapsedApproval: the incident does not close on an
// approval that no longer stands, and its timeline says why it went back.
func TestIncidentFollowsALapsedApproval(t *testing.T) {
	signedAt := t0.Add(2 * statuskit.Day)
	inc := incident(uid("second"), severity(v1alpha1.SeverityCritical), prevIncidentPhase(v1alpha1.IncidentClosed))
	rcas := []v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt),
		noActionsReason("Nothing to change."), recorded(incident(uid("first")), signedAt))}
	st := computeIncident(t, review.DefaultPolicy(), inc, rcas, nil, t0.Add(3*statuskit.Day)).Status
	if st.Phase != v1alpha1.IncidentAwaitingSignOff || st.RCAPhase != v1alpha1.RCAAwaitingSignOff {
		t.Errorf("phase %s, RCA phase %s; want both awaiting sign-off", st.Phase, st.RCAPhase)
	}
	last := st.Timeline[len(st.Timeline)-1]
	if !strings.Contains(last.Message, "no longer stands") {
		t.Errorf("timeline entry %q does not say the approval lapsed", last.Message)
	}
	if got := cond(st.Conditions, v1alpha1.ConditionComplete); got != is(false, v1alpha1.ReasonNotSignedOff) {
		t.Errorf("Complete = %s", got)
	}
}
