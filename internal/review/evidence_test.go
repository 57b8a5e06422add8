package review_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	k8stypes "k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func released[T interface{ SetAnnotations(map[string]string) }](o T) {
	o.SetAnnotations(map[string]string{v1alpha1.AnnotationReleaseForDeletion: "true"})
}

// What makes an incident evidence is kept whatever the incident becomes:
// an approval that lapses, a breach, an overdue analysis or action. The
// deletion protection reads it, so no later edit unlocks a deletion.
func TestAnIncidentKeepsWhatMakesItEvidence(t *testing.T) {
	p := review.DefaultPolicy()
	now := t0.Add(20 * statuskit.Day)
	overdue := task("a", now.Add(-statuskit.Day))
	for _, c := range []struct {
		name    string
		incOpts []fixtures.Option[v1alpha1.Incident]
		rcas    []v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		want    []v1alpha1.EvidenceReason
	}{
		{"nothing yet: a draft with actions on track", nil, draftRCA(), tasks(task("a", now.Add(statuskit.Day))), nil},
		{"an approved analysis", nil, signedOffRCA(), nil, []v1alpha1.EvidenceReason{v1alpha1.EvidenceRCAApproved}},
		{"an approval that lapsed, once seen Remediating", opts(prevIncidentPhase(v1alpha1.IncidentRemediating)), submittedRCA(), nil,
			[]v1alpha1.EvidenceReason{v1alpha1.EvidenceRCAApproved, v1alpha1.EvidenceRCAOverdue}},
		{"the SIRO told late", opts(siroNotTold()), signedOffRCA(), nil,
			[]v1alpha1.EvidenceReason{v1alpha1.EvidenceRCAApproved, v1alpha1.EvidenceSIRONotificationMissed}},
		{"an analysis overdue", nil, draftRCA(), nil, []v1alpha1.EvidenceReason{v1alpha1.EvidenceRCAOverdue}},
		{"an action overdue", nil, signedOffRCA(), tasks(overdue),
			[]v1alpha1.EvidenceReason{v1alpha1.EvidenceRCAApproved, v1alpha1.EvidenceActionsOverdue}},
		{"kept before, whatever holds now", opts(func(i *v1alpha1.Incident) {
			i.Status.KeptAsEvidence = []v1alpha1.EvidenceReason{v1alpha1.EvidenceActionsOverdue, v1alpha1.EvidenceRCAApproved}
		}), draftRCA(), nil, []v1alpha1.EvidenceReason{v1alpha1.EvidenceRCAApproved, v1alpha1.EvidenceRCAOverdue, v1alpha1.EvidenceActionsOverdue}},
	} {
		t.Run(c.name, func(t *testing.T) {
			at := now
			if c.want == nil {
				at = t0.Add(statuskit.Day)
			}
			inc := incident(c.incOpts...)
			st := computeIncident(t, p, inc, c.rcas, c.actions, at).Status
			if !slices.Equal(st.KeptAsEvidence, c.want) {
				t.Errorf("keptAsEvidence %v, want %v", st.KeptAsEvidence, c.want)
			}
		})
	}
}

// An action announced overdue or completed late stays evidence after it is
// finished, extended or back-dated.
func TestAnActionKeepsWhatMakesItEvidence(t *testing.T) {
	p := review.DefaultPolicy()
	due := t0.Add(10 * statuskit.Day)
	a := fixtures.Action("a", "phishing", due)
	inc := incident()
	onTrack := review.ComputeAction(p, a, inc, due.Add(-time.Hour)).Status
	if len(onTrack.KeptAsEvidence) != 0 {
		t.Fatalf("an action on track is kept as %v", onTrack.KeptAsEvidence)
	}
	a.Status = stored(t, review.ComputeAction(p, a, inc, due.Add(time.Hour)).Status)
	if want := []v1alpha1.EvidenceReason{v1alpha1.EvidenceOverdue}; !slices.Equal(a.Status.KeptAsEvidence, want) {
		t.Fatalf("an overdue action is kept as %v, want %v", a.Status.KeptAsEvidence, want)
	}
	fixtures.Done(due.Add(2 * time.Hour))(a)
	a.Status = stored(t, review.ComputeAction(p, a, inc, due.Add(3*time.Hour)).Status)
	want := []v1alpha1.EvidenceReason{v1alpha1.EvidenceOverdue, v1alpha1.EvidenceCompletedLate}
	if !slices.Equal(a.Status.KeptAsEvidence, want) {
		t.Fatalf("an action completed late is kept as %v, want %v", a.Status.KeptAsEvidence, want)
	}
	// Reopened and given a far deadline: the evidence stays.
	a.Spec.State = v1alpha1.ActionStateInProgress
	a.Spec.CompletedAt = nil
	a.Spec.Extensions = append(a.Spec.Extensions, v1alpha1.DeadlineExtension{DueDate: *fixtures.Time(due.Add(90 * statuskit.Day)), Reason: "reopened", AgreedBy: "siro@trust.example", At: *fixtures.Time(due)})
	if got := review.ComputeAction(p, a, inc, due.Add(4*time.Hour)).Status.KeptAsEvidence; !slices.Equal(got, want) {
		t.Errorf("reopened and extended, the action is kept as %v, want %v", got, want)
	}
}

// A release for deletion, of the incident, its approved analysis or an
// action kept as evidence, is announced once on the incident and stays in
// its timeline; an action kept as evidence that disappears (deleted, or
// deleted and created again under its name) is named on the incident's
// record. An action present but unreadable is not taken for deleted.
func TestReleasesAndDeletionsAreOnTheIncidentsRecord(t *testing.T) {
	p := review.DefaultPolicy()
	now := t0.Add(20 * statuskit.Day)
	overdue := func(name string) v1alpha1.ImprovementAction {
		a := task(name, now.Add(-statuskit.Day))
		a.Status.KeptAsEvidence = []v1alpha1.EvidenceReason{v1alpha1.EvidenceOverdue}
		return a
	}
	history := opts(prevIncidentPhase(v1alpha1.IncidentRemediating), prevTimeline(overdueEntry("a", t0.Add(15*statuskit.Day)), overdueEntry("b", t0.Add(15*statuskit.Day))))
	unreadable := func(name string) v1alpha1.ImprovementAction {
		return v1alpha1.ImprovementAction{ObjectMeta: overdue(name).ObjectMeta, ReadError: "spec.dueDate: an impossible offset"}
	}
	recreated := overdue("b")
	recreated.SetUID(k8stypes.UID("uid-b-again"))
	for _, c := range []struct {
		name    string
		incOpts []fixtures.Option[v1alpha1.Incident]
		rcas    []v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		want    v1alpha1.EventReason // announced, on the incident
		says    []string
	}{
		{"nothing released, nothing gone", history, signedOffRCA(), tasks(overdue("a"), overdue("b")), "", nil},
		{"the incident released", append(history, released[*v1alpha1.Incident]), signedOffRCA(), tasks(overdue("a"), overdue("b")),
			v1alpha1.EventReleasedForDeletion, []string{"the incident, kept as evidence (RCAApproved, ActionsOverdue), was released"}},
		{"its approved analysis released", history, func() []v1alpha1.RootCauseAnalysis {
			r := signedOffRCA()
			released(&r[0])
			return r
		}(), tasks(overdue("a"), overdue("b")), v1alpha1.EventReleasedForDeletion, []string{"root cause analysis rca, approved by", "was released"}},
		{"an action released", history, signedOffRCA(), func() []v1alpha1.ImprovementAction {
			a := overdue("a")
			released(&a)
			return tasks(a, overdue("b"))
		}(), v1alpha1.EventReleasedForDeletion, []string{"improvement action a, kept as evidence (Overdue), was released"}},
		{"an action released that is no evidence: nothing to say", history, signedOffRCA(), func() []v1alpha1.ImprovementAction {
			c := task("c", now.Add(statuskit.Day))
			released(&c)
			return tasks(overdue("a"), overdue("b"), c)
		}(), "", nil},
		{"an overdue action deleted", history, signedOffRCA(), tasks(overdue("a")),
			v1alpha1.EventActionDeleted, []string{"improvement action b, kept as evidence (recorded overdue 2026-05-19", "was deleted"}},
		{"an overdue action deleted and created again", history, signedOffRCA(), tasks(overdue("a"), recreated),
			v1alpha1.EventActionDeleted, []string{"improvement action b", "was deleted and created again (uid uid-b-again)"}},
		{"an action present but unreadable is not deleted", history, signedOffRCA(), tasks(overdue("a"), unreadable("b")), "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(c.incOpts...)
			res := computeIncident(t, p, inc, c.rcas, c.actions, now)
			var got []statuskit.Announcement
			for _, a := range res.Announcements {
				if a.Reason == v1alpha1.EventReleasedForDeletion || a.Reason == v1alpha1.EventActionDeleted {
					got = append(got, a)
				}
			}
			if c.want == "" {
				if len(got) > 0 {
					t.Fatalf("announced %v", reasons(got))
				}
				return
			}
			if len(got) != 1 || got[0].Reason != c.want || !got[0].Reason.IsWarning() {
				t.Fatalf("announced %v, want one %s warning", reasons(got), c.want)
			}
			last := res.Status.Timeline[len(res.Status.Timeline)-1]
			for _, s := range c.says {
				if !strings.Contains(got[0].Message, s) || !strings.Contains(last.Message, s) {
					t.Errorf("event %q and timeline entry %q do not say %q", got[0].Message, last.Message, s)
				}
			}
			if last.Type != string(c.want) {
				t.Errorf("the timeline's last entry is %s, want %s", last.Type, c.want)
			}
			// Once on record, never again.
			inc.Status = stored(t, res.Status)
			if again := computeIncident(t, p, inc, c.rcas, c.actions, now.Add(time.Hour)); slices.Contains(reasons(again.Announcements), c.want) {
				t.Errorf("announced %s a second time", c.want)
			}
		})
	}
}

// An incident with more overdue actions than its timeline's evidence holds
// names as many as fit, and is at rest: no entry is pushed out and written
// again at every visit. Each action keeps its own evidence.
func TestAnIncidentWithHundredsOfOverdueActionsIsAtRest(t *testing.T) {
	p := review.DefaultPolicy()
	now := t0.Add(20 * statuskit.Day)
	var actions []v1alpha1.ImprovementAction
	for i := range 300 {
		actions = append(actions, task(fmt.Sprintf("a-%03d", i), now.Add(-time.Duration(i+1)*time.Minute)))
	}
	inc := incident(prevIncidentPhase(v1alpha1.IncidentRemediating), siroNotTold())
	st := computeIncident(t, p, inc, signedOffRCA(), actions, now).Status // checks it is at rest
	if n := len(st.Timeline); n > review.TimelineLimit {
		t.Fatalf("%d timeline entries, over %d", n, review.TimelineLimit)
	}
	inc.Status = stored(t, st)
	// A breach recorded on a full timeline pushes out an action's entry,
	// which is not written again.
	later := computeIncident(t, p, inc, signedOffRCA(), actions, now.Add(time.Hour)).Status
	inc.Status = stored(t, later)
	again := computeIncident(t, p, inc, signedOffRCA(), actions, now.Add(2*time.Hour)).Status
	if !equality.Semantic.DeepEqual(again.Timeline, later.Timeline) {
		t.Errorf("the timeline changed with nothing new to record")
	}
}
