package controller

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A new leader's first pass finds 200 actions; the deadlines of three
// passed while no replica led. Those three are handed out first, whatever
// order the controller's own handler and missedDeadlinesFirst see them in.
func TestANewLeaderAnnouncesMissedDeadlinesFirst(t *testing.T) {
	for _, ours := range []string{"after", "before"} {
		t.Run("missedDeadlinesFirst sees them "+ours+" the controller's handler", func(t *testing.T) {
			q, clk := testQueue(t)
			now := clk.Now()
			p := review.DefaultPolicy()
			var actions []*v1alpha1.ImprovementAction
			missed := []string{"action-041", "action-107", "action-188"}
			for i := range 200 {
				name := fmt.Sprintf("action-%03d", i)
				due := now.Add(time.Duration(1+i) * time.Hour)
				a := fixtures.Action(name, "phishing", due, fixtures.InNamespace[v1alpha1.ImprovementAction]("wards"))
				switch {
				case slices.Contains(missed, name):
					a.Spec.DueDate = metav1.NewTime(now.Add(-time.Minute))
				case i == 150:
					// Overdue and already announced by the old leader.
					a.Spec.DueDate = metav1.NewTime(now.Add(-time.Hour))
					a.Status.OverdueAnnouncedAt = &metav1.Time{Time: now.Add(-time.Hour)}
				case i == 151:
					a.Spec.DueDate = metav1.NewTime(now.Add(-time.Hour))
					a.Spec.State = v1alpha1.ActionStateDone
					a.Spec.CompletedAt = &metav1.Time{Time: now.Add(-2 * time.Hour)}
				}
				actions = append(actions, a)
			}
			own, first := handler.EventHandler(&handler.EnqueueRequestForObject{}), missedDeadlinesFirst(p, clk)
			if ours == "before" {
				own, first = first, own
			}
			for _, h := range []handler.EventHandler{own, first} {
				for _, a := range actions {
					h.Create(context.Background(), event.CreateEvent{Object: client.Object(a), IsInInitialList: true}, q)
				}
			}
			untilLen(t, q, 200)
			if got := handedOut(q, 3); !slices.Equal(got, missed) {
				t.Errorf("handed out first %v, want the missed deadlines %v", got, missed)
			}
			if got := handedOut(q, 197); !slices.IsSorted(got) {
				t.Errorf("the rest came out of order")
			}
		})
	}
}

// An action that changes later (not in the initial list) is not moved: its
// deadline, if any, is the reconciler's to ask for.
func TestOnlyTheFirstPassIsReordered(t *testing.T) {
	q, clk := testQueue(t)
	a := fixtures.Action("late", "phishing", clk.Now().Add(-time.Minute), fixtures.InNamespace[v1alpha1.ImprovementAction]("wards"))
	q.Add(reconcile.Request{NamespacedName: types.NamespacedName{Namespace: "wards", Name: "first"}})
	missedDeadlinesFirst(review.DefaultPolicy(), clk).Create(context.Background(), event.CreateEvent{Object: a}, q)
	q.Add(reconcile.Request{NamespacedName: client.ObjectKeyFromObject(a)})
	if got := handedOut(q, 2); !slices.Equal(got, []string{"first", "late"}) {
		t.Errorf("handed out %v", got)
	}
}
