package review_test

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func noActionsReason(reason string) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.NoActionsReason = reason }
}

func TestIncidentClosureProvesLearning(t *testing.T) {
	now := t0.Add(5 * statuskit.Day)
	later := t0.Add(20 * statuskit.Day)
	signed := fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(2*statuskit.Day))
	reason := noActionsReason("The existing control stopped it; nothing needs to change.")
	one := func(o ...fixtures.Option[v1alpha1.RootCauseAnalysis]) []v1alpha1.RootCauseAnalysis {
		return []v1alpha1.RootCauseAnalysis{analysis("rca", o...)}
	}
	for _, c := range []struct {
		name     string
		incident *v1alpha1.Incident
		rcas     []v1alpha1.RootCauseAnalysis
		actions  []v1alpha1.ImprovementAction
		phase    v1alpha1.IncidentPhase
		complete string
		says     []string
	}{
		{"no analysis", incident(), nil, nil, v1alpha1.IncidentOpen, is(false, v1alpha1.ReasonNotSignedOff), []string{"not signed off"}},
		{"a draft saying no action is needed", incident(), one(reason), nil, v1alpha1.IncidentInvestigating, is(false, v1alpha1.ReasonNotSignedOff), nil},
		{"submitted saying no action is needed", incident(), one(fixtures.Submitted(), reason), nil, v1alpha1.IncidentAwaitingSignOff, is(false, v1alpha1.ReasonNotSignedOff), nil},
		{"changes requested", incident(), one(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, now)), nil, v1alpha1.IncidentInvestigating, is(false, v1alpha1.ReasonNotSignedOff), nil},
		{"signed off, no action, no reason", incident(), one(signed), nil, v1alpha1.IncidentRemediating, is(false, v1alpha1.ReasonNoImprovementActions),
			[]string{"rca is signed off", "no improvement action exists", "raise an ImprovementAction", "spec.noActionsReason"}},
		{"signed off, no action, the reason given", incident(), one(signed, reason), nil, v1alpha1.IncidentClosed, is(true, v1alpha1.ReasonNoActionsNeeded),
			[]string{"no improvement action is needed"}},
		{"signed off, an action open", incident(), one(signed), tasks(task("a", later)), v1alpha1.IncidentRemediating, is(false, v1alpha1.ReasonActionsOpen),
			[]string{"0 of 1 improvement actions finished"}},
		{"signed off, an action open, though the reason says none is needed", incident(), one(signed, reason), tasks(task("a", later), task("b", later, fixtures.Done(now))),
			v1alpha1.IncidentRemediating, is(false, v1alpha1.ReasonActionsOpen), []string{"1 of 2"}},
		{"signed off, an action overdue", incident(), one(signed), tasks(task("a", t0.Add(statuskit.Day))), v1alpha1.IncidentRemediating, is(false, v1alpha1.ReasonActionsOpen), nil},
		{"signed off, the one action done", incident(), one(signed), tasks(task("a", later, fixtures.Done(now))), v1alpha1.IncidentClosed, is(true, v1alpha1.ReasonActionsFinished),
			[]string{"its one improvement action is finished"}},
		{"signed off, the one action marked done at a time still to come", incident(), one(signed), tasks(task("a", later, fixtures.Done(later))),
			v1alpha1.IncidentRemediating, is(false, v1alpha1.ReasonActionsOpen), []string{"0 of 1 improvement actions finished"}},
		{"signed off, every action cancelled: actions were raised", incident(), one(signed), tasks(task("a", later, fixtures.Cancelled()), task("b", later, fixtures.Cancelled())),
			v1alpha1.IncidentClosed, is(true, v1alpha1.ReasonActionsFinished), []string{"all 2 improvement actions are finished"}},
		{"signed off, actions finished and a reason too", incident(), one(signed, reason), tasks(task("a", later, fixtures.Done(now))), v1alpha1.IncidentClosed,
			is(true, v1alpha1.ReasonActionsFinished), nil},
		{"the reason on a duplicate analysis does not count", incident(),
			[]v1alpha1.RootCauseAnalysis{analysis("a-chosen", signed, createdAt(t0)), analysis("b-other", fixtures.Submitted(), reason, createdAt(t0))}, nil,
			v1alpha1.IncidentRemediating, is(false, v1alpha1.ReasonNoImprovementActions), []string{"a-chosen"}},
		{"an approval that no longer stands does not close", incident(uid("recreated")), one(signed, reason, recorded(incident(uid("first")), t0.Add(2*statuskit.Day))), nil,
			v1alpha1.IncidentAwaitingSignOff, is(false, v1alpha1.ReasonNotSignedOff), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs := review.NewCase(c.incident, review.Refs(c.rcas), review.Refs(c.actions))
			if got := cs.Phase(now); got != c.phase {
				t.Errorf("Case.Phase = %s, want %s", got, c.phase)
			}
			st := computeIncident(t, review.DefaultPolicy(), c.incident, c.rcas, c.actions, now).Status
			if st.Phase != c.phase {
				t.Errorf("phase = %s, want %s", st.Phase, c.phase)
			}
			if got := cond(st.Conditions, v1alpha1.ConditionComplete); got != c.complete {
				t.Errorf("Complete = %s, want %s", got, c.complete)
			}
			if got := cond(st.Conditions, v1alpha1.ConditionReady); got != is(true, v1alpha1.ReasonReconciled) {
				t.Errorf("Ready = %s: closure is business state, never Ready", got)
			}
			msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionComplete)).Message
			for _, words := range c.says {
				if !strings.Contains(msg, words) {
					t.Errorf("Complete message %q does not say %q", msg, words)
				}
			}
		})
	}
}

// TestNoImprovementActionsUntilLearningIsShown follows a signed-off
// incident without actions until it closes, one way or the other.
func TestNoImprovementActionsUntilLearningIsShown(t *testing.T) {
	p := review.DefaultPolicy()
	signedAt := t0.Add(2 * statuskit.Day)
	for _, c := range []struct {
		name    string
		closeIt func(rcas []v1alpha1.RootCauseAnalysis, actions *[]v1alpha1.ImprovementAction)
		says    string
	}{
		{"the analysis says why none is needed", func(rcas []v1alpha1.RootCauseAnalysis, _ *[]v1alpha1.ImprovementAction) {
			noActionsReason("The control worked as designed.")(&rcas[0])
		}, "no improvement action is needed"},
		{"an action is raised and done", func(_ []v1alpha1.RootCauseAnalysis, actions *[]v1alpha1.ImprovementAction) {
			*actions = tasks(task("a", t0.Add(20*statuskit.Day), fixtures.Done(t0.Add(4*statuskit.Day))))
		}, "its one improvement action is finished"},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(prevIncidentPhase(v1alpha1.IncidentAwaitingSignOff))
			rcas := []v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), fixtures.LearningShared(signedAt))}
			var actions []v1alpha1.ImprovementAction

			res := computeIncident(t, p, inc, rcas, actions, signedAt)
			inc.Status = stored(t, res.Status)
			if inc.Status.Phase != v1alpha1.IncidentRemediating || len(res.Announcements) != 0 {
				t.Fatalf("phase %s, announced %v; want Remediating, quietly", inc.Status.Phase, reasons(res.Announcements))
			}
			last := inc.Status.Timeline[len(inc.Status.Timeline)-1]
			if last.Type != string(v1alpha1.IncidentRemediating) || !strings.Contains(last.Message, "spec.noActionsReason") {
				t.Errorf("timeline entry %s %q does not say what closing needs", last.Type, last.Message)
			}
			if res.RequeueAfter != 0 {
				t.Errorf("requeue after %s: nothing but a change can close it", res.RequeueAfter)
			}

			c.closeIt(rcas, &actions)
			res = computeIncident(t, p, inc, rcas, actions, t0.Add(5*statuskit.Day))
			if res.Status.Phase != v1alpha1.IncidentClosed || !sameReasons(res.Announcements, v1alpha1.EventIncidentClosed) {
				t.Fatalf("phase %s, announced %v; want Closed with IncidentClosed", res.Status.Phase, reasons(res.Announcements))
			}
			if !strings.Contains(res.Announcements[0].Message, c.says) {
				t.Errorf("IncidentClosed says %q, not %q", res.Announcements[0].Message, c.says)
			}
			if got := cond(res.Status.Conditions, v1alpha1.ConditionComplete); !strings.HasPrefix(got, "True/") {
				t.Errorf("Complete = %s once closed", got)
			}
		})
	}
}
