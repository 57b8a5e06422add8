package review_test

import (
	"slices"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestComputeProcessReview(t *testing.T) {
	held := fixtures.T0
	day := statuskit.Day
	raised := func(name string, opts ...fixtures.Option[v1alpha1.ImprovementAction]) *v1alpha1.ImprovementAction {
		return fixtures.Action(name, "", held.Add(60*day), append([]fixtures.Option[v1alpha1.ImprovementAction]{fixtures.RaisedBy("workshop")}, opts...)...)
	}
	for _, tc := range []struct {
		name     string
		now      time.Time
		review   *v1alpha1.ProcessReview
		actions  []*v1alpha1.ImprovementAction
		phase    v1alpha1.ProcessReviewPhase
		reps     string
		counts   string
		kept     []v1alpha1.EvidenceReason
		requeue  time.Duration
		userReps int32
	}{
		{name: "planned for next month", now: held.Add(-30 * day), review: fixtures.ProcessReview("workshop", held),
			phase: v1alpha1.ProcessReviewPlanned, reps: "True/UserRepresentativesTookPart", counts: "0/0", requeue: 30 * day, userReps: 3},
		{name: "planned, with an action already raised, keeps nothing yet", now: held.Add(-day), review: fixtures.ProcessReview("workshop", held),
			actions: []*v1alpha1.ImprovementAction{raised("mfa")},
			phase:   v1alpha1.ProcessReviewPlanned, reps: "True/UserRepresentativesTookPart", counts: "0/1", requeue: day, userReps: 3},
		{name: "held, no action raised", now: held.Add(day), review: fixtures.ProcessReview("workshop", held),
			phase: v1alpha1.ProcessReviewHeld, reps: "True/UserRepresentativesTookPart", counts: "0/0", userReps: 3},
		{name: "held, an action open", now: held.Add(day), review: fixtures.ProcessReview("workshop", held),
			actions: []*v1alpha1.ImprovementAction{raised("mfa"), raised("badges", fixtures.Done(held.Add(time.Hour)))},
			phase:   v1alpha1.ProcessReviewHeld, reps: "True/UserRepresentativesTookPart", counts: "1/2",
			kept: []v1alpha1.EvidenceReason{v1alpha1.EvidenceActionsRaised}, requeue: 59 * day, userReps: 3},
		{name: "every action finished", now: held.Add(10 * day), review: fixtures.ProcessReview("workshop", held),
			actions: []*v1alpha1.ImprovementAction{raised("mfa", fixtures.Cancelled()), raised("badges", fixtures.Done(held.Add(2*day)))},
			phase:   v1alpha1.ProcessReviewActioned, reps: "True/UserRepresentativesTookPart", counts: "2/2",
			kept: []v1alpha1.EvidenceReason{v1alpha1.EvidenceActionsRaised}, userReps: 3},
		{name: "no user representative", now: held.Add(day), review: fixtures.ProcessReview("workshop", held, fixtures.WithoutUserRepresentatives),
			phase: v1alpha1.ProcessReviewHeld, reps: "False/NoUserRepresentative", counts: "0/0"},
		{name: "evidence once kept stays when the actions go", now: held.Add(day),
			review: fixtures.ProcessReview("workshop", held, func(pr *v1alpha1.ProcessReview) {
				pr.Status.KeptAsEvidence = []v1alpha1.EvidenceReason{v1alpha1.EvidenceActionsRaised}
			}),
			phase: v1alpha1.ProcessReviewHeld, reps: "True/UserRepresentativesTookPart", counts: "0/0",
			kept: []v1alpha1.EvidenceReason{v1alpha1.EvidenceActionsRaised}, userReps: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := review.ComputeProcessReview(tc.review, tc.actions, tc.now)
			st := res.Status
			if st.Phase != tc.phase {
				t.Errorf("phase %s, want %s", st.Phase, tc.phase)
			}
			c := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionUserRepresentation))
			if c == nil || string(c.Status)+"/"+c.Reason != tc.reps {
				t.Errorf("UserRepresentation %+v, want %s", c, tc.reps)
			}
			if !meta.IsStatusConditionTrue(st.Conditions, string(v1alpha1.ConditionReady)) {
				t.Errorf("not Ready: %+v", st.Conditions)
			}
			if st.Actions.Progress != tc.counts {
				t.Errorf("actions %s, want %s", st.Actions.Progress, tc.counts)
			}
			if !slices.Equal(st.KeptAsEvidence, tc.kept) {
				t.Errorf("kept %v, want %v", st.KeptAsEvidence, tc.kept)
			}
			if res.RequeueAfter != tc.requeue {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, tc.requeue)
			}
			if st.UserRepresentatives != tc.userReps || st.Participants != 12+tc.userReps || st.Workarounds != 1 {
				t.Errorf("participants %d, user representatives %d, workarounds %d", st.Participants, st.UserRepresentatives, st.Workarounds)
			}
			if st.ObservedGeneration != tc.review.Generation {
				t.Errorf("observedGeneration %d", st.ObservedGeneration)
			}
		})
	}
}

// A review's action is an action like any other, its timescale counted
// from the day the review was held; it waits for a review that does not
// exist yet.
func TestAReviewsAction(t *testing.T) {
	held := fixtures.T0
	pr := fixtures.ProcessReview("workshop", held)
	p := review.DefaultPolicy()
	beyond := fixtures.Action("mfa", "", held.Add(120*statuskit.Day), fixtures.RaisedBy("workshop")) // High: 90 days
	res := review.ComputeActionOf(p, beyond, review.ProcessReviewOrigin(beyond, pr), held.Add(statuskit.Day))
	c := meta.FindStatusCondition(res.Status.Conditions, string(v1alpha1.ConditionWithinTimescale))
	if c == nil || c.Reason != string(v1alpha1.ReasonBeyondPriorityTimescale) {
		t.Fatalf("WithinTimescale %+v, want BeyondPriorityTimescale", c)
	}
	if len(res.Announcements) != 1 || res.Announcements[0].Reason != v1alpha1.EventActionBeyondTimescale {
		t.Fatalf("announced %+v", res.Announcements)
	}

	overdue := fixtures.Action("mfa", "", held.Add(30*statuskit.Day), fixtures.RaisedBy("workshop"))
	res = review.ComputeActionOf(p, overdue, review.ProcessReviewOrigin(overdue, pr), held.Add(31*statuskit.Day))
	if res.Status.Phase != v1alpha1.ActionOverdue || !slices.Contains(res.Status.KeptAsEvidence, v1alpha1.EvidenceOverdue) {
		t.Fatalf("phase %s, kept %v", res.Status.Phase, res.Status.KeptAsEvidence)
	}
	if a := res.Status.Announcements; len(a) != 1 || a[0].Reason != v1alpha1.EventActionOverdue || a[0].Incident != "workshop" {
		t.Fatalf("announcements %+v: want ActionOverdue also on the review", a)
	}

	orphan := review.ComputeActionOf(p, overdue, review.ProcessReviewOrigin(overdue, nil), held)
	c = meta.FindStatusCondition(orphan.Status.Conditions, string(v1alpha1.ConditionReady))
	if c == nil || c.Reason != string(v1alpha1.ReasonProcessReviewNotFound) {
		t.Fatalf("Ready %+v, want ProcessReviewNotFound", c)
	}
	if kind, name := review.OriginOf(overdue); kind != review.OriginProcessReview || name != "workshop" {
		t.Fatalf("origin %s %s", kind, name)
	}
}

// A review kept as evidence and released for deletion says so once; one
// that keeps nothing is simply deleted.
func TestAReviewReleasedForDeletionIsAnnouncedOnce(t *testing.T) {
	held := fixtures.T0
	released := func(pr *v1alpha1.ProcessReview) {
		pr.Annotations = map[string]string{v1alpha1.AnnotationReleaseForDeletion: "true"}
	}
	action := fixtures.Action("mfa", "", held.Add(30*statuskit.Day), fixtures.RaisedBy("workshop"))
	pr := fixtures.ProcessReview("workshop", held, released)
	first := review.ComputeProcessReview(pr, []*v1alpha1.ImprovementAction{action}, held.Add(statuskit.Day))
	if len(first.Announcements) != 1 || first.Announcements[0].Reason != v1alpha1.EventReleasedForDeletion || first.Status.ReleasedForDeletionAt == nil {
		t.Fatalf("announced %+v, seen released at %v", first.Announcements, first.Status.ReleasedForDeletionAt)
	}
	pr.Status = first.Status
	if again := review.ComputeProcessReview(pr, []*v1alpha1.ImprovementAction{action}, held.Add(2*statuskit.Day)); len(again.Announcements) != 0 {
		t.Fatalf("announced again: %+v", again.Announcements)
	}
	bare := review.ComputeProcessReview(fixtures.ProcessReview("no-actions", held, released), nil, held.Add(statuskit.Day))
	if len(bare.Announcements) != 0 || bare.Status.ReleasedForDeletionAt != nil {
		t.Fatalf("a review that keeps nothing announced %+v", bare.Announcements)
	}
}
