package review

import (
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// ProcessReviewResult is a ProcessReview's computed status.
type ProcessReviewResult = statuskit.Result[v1alpha1.ProcessReviewStatus]

// Held tells whether a process review has been held at now: one whose
// heldAt is still to come is a plan, and counts for nothing yet.
func Held(pr *v1alpha1.ProcessReview, now time.Time) bool {
	return statuskit.Reached(now, pr.Spec.HeldAt.Time)
}

// Participation counts a review's participants, all groups together, and
// its user representatives among them.
func Participation(pr *v1alpha1.ProcessReview) (all, userReps int32) {
	for _, p := range pr.Spec.Participants {
		all += p.Count
		if p.Group == v1alpha1.GroupUserRepresentative {
			userReps += p.Count
		}
	}
	return all, userReps
}

// UserRepresented tells whether user representatives took part in a review.
func UserRepresented(pr *v1alpha1.ProcessReview) bool {
	_, reps := Participation(pr)
	return reps > 0
}

// ComputeProcessReview computes a process review's status at now from the
// actions that name it in spec.processReviewRef. actions may include some
// that could not be read: they count for nothing.
func ComputeProcessReview(pr *v1alpha1.ProcessReview, actions []*v1alpha1.ImprovementAction, now time.Time) ProcessReviewResult {
	readable, _ := Reviews{Actions: actions}.Readable()
	counts := CountActions(readable.Actions, now)
	all, reps := Participation(pr)
	held := Held(pr, now)
	st := v1alpha1.ProcessReviewStatus{
		ObservedGeneration:  pr.Generation,
		Phase:               processReviewPhase(held, counts),
		Participants:        all,
		UserRepresentatives: reps,
		Workarounds:         int32(len(pr.Spec.Workarounds)),
		Actions:             counts,
	}
	kept := keptBefore(pr.Status.KeptAsEvidence)
	kept.add(v1alpha1.EvidenceActionsRaised, held && counts.Total > 0)
	st.KeptAsEvidence = kept.list()
	var announcements []statuskit.Announcement
	st.ReleasedForDeletionAt, announcements = releaseOf(pr, len(st.KeptAsEvidence) > 0, now)
	st.Announcements = statuskit.Remember(pr.Status.Announcements, announcements, "", now)

	conds := statuskit.NewConditions(pr.Status.Conditions, pr.Generation, now)
	conds.Ready(true, "", "")
	if reps > 0 {
		conds.Set(v1alpha1.ConditionUserRepresentation, true, v1alpha1.ReasonUserRepresentativesTookPart,
			fmt.Sprintf("%d of %d participants were user representatives", reps, all))
	} else {
		conds.Set(v1alpha1.ConditionUserRepresentation, false, v1alpha1.ReasonNoUserRepresentative,
			fmt.Sprintf("none of %d participants was a user representative: Data Security Standard 5 asks for user representation in the workshops that review processes", all))
	}
	st.Conditions = conds.List()

	deadlines := statuskit.NewDeadlines(now)
	if !held {
		deadlines.Add(pr.Spec.HeldAt.Time)
	}
	for _, a := range readable.Actions {
		if !ActionFinished(a, now) {
			deadlines.Add(ActionDueAt(a))
		}
		if CompletedInFuture(a, now) {
			deadlines.Add(a.Spec.CompletedAt.Time)
		}
	}
	return ProcessReviewResult{Status: st, Announcements: announcements, RequeueAfter: deadlines.After()}
}

// releaseOf announces, once, a review kept as evidence released for
// deletion by a signer, and returns when it was seen released; nil while
// it is not.
func releaseOf(pr *v1alpha1.ProcessReview, kept bool, now time.Time) (*metav1.Time, []statuskit.Announcement) {
	if !kept || !ReleasedForDeletion(pr.Annotations) {
		return nil, nil
	}
	if seen := pr.Status.ReleasedForDeletionAt; seen != nil {
		return seen, nil
	}
	return statuskit.Stamp(now), []statuskit.Announcement{{Reason: v1alpha1.EventReleasedForDeletion,
		Message: fmt.Sprintf("process review %q, kept as evidence (it raised improvement actions), was released for deletion", pr.Spec.Title)}}
}

// processReviewPhase is Planned until the review is held, then Held, and
// Actioned once it raised actions and every one is finished.
func processReviewPhase(held bool, counts v1alpha1.ActionCounts) v1alpha1.ProcessReviewPhase {
	switch {
	case !held:
		return v1alpha1.ProcessReviewPlanned
	case counts.Total > 0 && counts.Done == counts.Total:
		return v1alpha1.ProcessReviewActioned
	}
	return v1alpha1.ProcessReviewHeld
}
