package controller

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/workqueue"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A new leader's first pass finds 200 actions; the deadlines of three
// passed while no replica led. Those three are handed out first, whether
// the queue holds every action already (a standby warmed up) or is still
// to be filled (the controller starts as the replica starts to lead).
func TestANewLeaderAnnouncesMissedDeadlinesFirst(t *testing.T) {
	for _, warm := range []bool{true, false} {
		t.Run(fmt.Sprintf("queue filled before: %t", warm), func(t *testing.T) {
			q, clk := testQueue(t)
			now := clk.Now()
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
			fill := func() {
				for _, a := range actions {
					q.Add(reconcile.Request{NamespacedName: client.ObjectKeyFromObject(a)})
				}
			}
			if warm {
				fill()
			}
			queueOwed(q, review.DefaultPolicy(), actions, now)
			if !warm {
				untilLen(t, q, 3)
				fill()
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

// As a replica starts to lead, missedDeadlinesFirst waits for the action
// controller's queue (a controller that did not warm up makes it then)
// and for the cache, then reads the actions and queues the owed first.
func TestMissedDeadlinesFirstWaitsForTheQueue(t *testing.T) {
	_, clk := testQueue(t)
	owed := fixtures.Action("owed", "phishing", clk.Now().Add(-time.Minute), fixtures.InNamespace[v1alpha1.ImprovementAction]("wards"))
	later := fixtures.Action("later", "phishing", clk.Now().Add(time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction]("wards"))
	holder := newQueueOf()
	m := missedDeadlinesFirst{
		actions: func(context.Context) ([]*v1alpha1.ImprovementAction, error) {
			return []*v1alpha1.ImprovementAction{later, owed}, nil
		},
		synced: func(context.Context) bool { return true },
		queue:  holder,
		policy: review.DefaultPolicy(),
		clock:  clk,
	}
	if !m.NeedLeaderElection() {
		t.Fatal("it must run only on the leader")
	}
	done := make(chan error)
	go func() { done <- m.Start(context.Background()) }()
	select {
	case <-done:
		t.Fatal("it returned before the controller made its queue")
	case <-time.After(50 * time.Millisecond):
	}
	q := holder.capturing(func(string, workqueue.TypedRateLimiter[reconcile.Request]) requestQueue {
		q, _ := testQueue(t)
		return q
	})("improvementaction", nil)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	untilLen(t, q, 1)
	if got := handedOut(q, 1); !slices.Equal(got, []string{"owed"}) {
		t.Errorf("queued %v, want only the owed action", got)
	}
}

// When the actions cannot be read, nothing is queued and the manager goes
// on: the first pass announces them all the same, in its own order.
func TestMissedDeadlinesFirstOnlyLosesTheOrderWhenItCannotRead(t *testing.T) {
	q, clk := testQueue(t)
	holder := newQueueOf()
	holder.capturing(func(string, workqueue.TypedRateLimiter[reconcile.Request]) requestQueue { return q })("improvementaction", nil)
	m := missedDeadlinesFirst{
		actions: func(context.Context) ([]*v1alpha1.ImprovementAction, error) { return nil, errors.New("forbidden") },
		synced:  func(context.Context) bool { return true },
		queue:   holder,
		policy:  review.DefaultPolicy(),
		clock:   clk,
	}
	if err := m.Start(context.Background()); err != nil {
		t.Errorf("Start = %v, want nil: the manager must go on", err)
	}
	if q.Len() != 0 {
		t.Errorf("queued %d requests", q.Len())
	}
}

// A manager that stops before its controller made a queue stops this too.
func TestMissedDeadlinesFirstStopsWithTheManager(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := missedDeadlinesFirst{queue: newQueueOf()}
	if err := m.Start(ctx); err != nil {
		t.Errorf("Start = %v", err)
	}
}
