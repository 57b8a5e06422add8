package review_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A completion still to come is not believed: the action keeps its open
// phase and deadlines until completedAt comes, the Completed condition
// says why, the owner is warned once, and the action is looked at again
// when the time comes.
func TestCompletionStillToCome(t *testing.T) {
	now := due.Add(-10 * statuskit.Day)
	typo := now.AddDate(73, 0, 0) // 2099 typed for 2026
	for _, c := range []struct {
		name        string
		completedAt time.Time
		prev        []fixtures.Option[v1alpha1.ImprovementAction]
		now         time.Time
		phase       v1alpha1.ActionPhase
		completed   string
		announced   []v1alpha1.EventReason
		requeue     time.Duration
	}{
		{"a year typed wrong, first seen", typo, nil, now, v1alpha1.ActionInProgress,
			is(false, v1alpha1.ReasonCompletedAtInFuture), []v1alpha1.EventReason{v1alpha1.EventCompletedAtInFuture}, due.Sub(now) - 72*time.Hour},
		{"a year typed wrong, already warned", typo, opts(completedInFutureBefore(now)), now, v1alpha1.ActionInProgress,
			is(false, v1alpha1.ReasonCompletedAtInFuture), nil, due.Sub(now) - 72*time.Hour},
		{"a year typed wrong, past the due date", typo, opts(completedInFutureBefore(now)), due.Add(time.Hour), v1alpha1.ActionOverdue,
			is(false, v1alpha1.ReasonCompletedAtInFuture), []v1alpha1.EventReason{v1alpha1.EventActionOverdue}, 24 * time.Hour},
		{"done in an hour: looked at again then", now.Add(time.Hour), nil, now, v1alpha1.ActionInProgress,
			is(false, v1alpha1.ReasonCompletedAtInFuture), []v1alpha1.EventReason{v1alpha1.EventCompletedAtInFuture}, time.Hour},
		{"the hour has come", now.Add(time.Hour), opts(completedInFutureBefore(now), prevActionPhase(v1alpha1.ActionInProgress)), now.Add(time.Hour), v1alpha1.ActionDone,
			is(true, v1alpha1.ReasonDone), []v1alpha1.EventReason{v1alpha1.EventActionCompleted}, 0},
		{"done now", now, nil, now, v1alpha1.ActionDone,
			is(true, v1alpha1.ReasonDone), []v1alpha1.EventReason{v1alpha1.EventActionCompleted}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(append([]fixtures.Option[v1alpha1.ImprovementAction]{fixtures.Done(c.completedAt), dueSoonAnnouncedAt(dueSoonFrom)}, c.prev...)...)
			if c.phase != v1alpha1.ActionDone {
				a.Status.DueSoonAnnouncedAt = nil
			}
			if got := review.ActionPhase(a, c.now); got != c.phase {
				t.Errorf("ActionPhase = %s, want %s", got, c.phase)
			}
			if got := review.ActionFinished(a, c.now); got != (c.phase == v1alpha1.ActionDone) {
				t.Errorf("ActionFinished = %v in phase %s", got, c.phase)
			}
			res := computeAction(t, review.DefaultPolicy(), a, true, c.now)
			st := res.Status
			if st.Phase != c.phase {
				t.Errorf("status.phase = %s, want %s", st.Phase, c.phase)
			}
			if got := cond(st.Conditions, v1alpha1.ConditionCompleted); got != c.completed {
				t.Errorf("Completed = %s, want %s", got, c.completed)
			}
			got := reasons(res.Announcements)
			got = without(got, v1alpha1.EventActionDueSoon)
			if strings.Join(toStrings(got), ",") != strings.Join(toStrings(c.announced), ",") {
				t.Errorf("announced %v, want %v", got, c.announced)
			}
			if c.requeue != 0 && res.RequeueAfter != c.requeue {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, c.requeue)
			}
			if c.completed == is(false, v1alpha1.ReasonCompletedAtInFuture) {
				msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionCompleted)).Message
				for _, w := range []string{"spec.completedAt " + statuskit.FormatTime(c.completedAt), "has not come yet", "counts as " + string(c.phase)} {
					if !strings.Contains(msg, w) {
						t.Errorf("Completed says %q, want it to say %q", msg, w)
					}
				}
			}
		})
	}
}

// A completedAt back-dated to before a deadline the action was seen
// missing does not make it on time: the breach was announced and stands.
func TestBackDatedCompletionStaysLate(t *testing.T) {
	seen := due.Add(time.Hour)
	now := due.Add(2 * statuskit.Day)
	for _, c := range []struct {
		name          string
		opts          []fixtures.Option[v1alpha1.ImprovementAction]
		late, lateOrg bool
		says          string
	}{
		{"completed on time, never seen overdue", opts(fixtures.Done(due.Add(-time.Hour))), false, false, "by the deadline"},
		{"back-dated before a deadline seen missed", opts(fixtures.Done(due.Add(-time.Hour)), overdueAnnouncedAt(seen)), true, true, "recorded as late: it was seen overdue"},
		{"completed late and seen overdue", opts(fixtures.Done(due.Add(statuskit.Day)), overdueAnnouncedAt(seen)), true, true, "after the deadline"},
		{"seen overdue, then an extension agreed, done by it", opts(fixtures.Done(due.Add(time.Hour)), overdueAnnouncedAt(seen),
			fixtures.Extended(due.Add(10*statuskit.Day), due.Add(30*time.Minute))), false, true, "by the deadline"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(append(c.opts, prevActionPhase(v1alpha1.ActionOverdue))...)
			res := computeAction(t, review.DefaultPolicy(), a, true, now)
			st := res.Status
			if st.CompletedLate != c.late || st.CompletedAfterOriginalDueDate != c.lateOrg {
				t.Errorf("completedLate %v, completedAfterOriginalDueDate %v; want %v, %v", st.CompletedLate, st.CompletedAfterOriginalDueDate, c.late, c.lateOrg)
			}
			if msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionCompleted)).Message; !strings.Contains(msg, c.says) {
				t.Errorf("Completed says %q, want %q", msg, c.says)
			}
			want := v1alpha1.EventActionCompleted
			if c.late {
				want = v1alpha1.EventActionCompletedLate
			}
			if !sameReasons(res.Announcements, want) {
				t.Errorf("announced %v, want %s", reasons(res.Announcements), want)
			}
		})
	}
}

// completedInFutureBefore records that the completion still to come was
// already flagged, at t.
func completedInFutureBefore(t time.Time) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) {
		meta.SetStatusCondition(&a.Status.Conditions, metav1.Condition{Type: string(v1alpha1.ConditionCompleted),
			Status: metav1.ConditionFalse, Reason: string(v1alpha1.ReasonCompletedAtInFuture), LastTransitionTime: metav1.NewTime(t)})
	}
}

func without(rs []v1alpha1.EventReason, drop v1alpha1.EventReason) []v1alpha1.EventReason {
	out := []v1alpha1.EventReason{}
	for _, r := range rs {
		if r != drop {
			out = append(out, r)
		}
	}
	return out
}

func toStrings(rs []v1alpha1.EventReason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}
