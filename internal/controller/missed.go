package controller

import (
	"context"
	"sync"
	"time"

	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// requestQueue is a controller's work queue.
type requestQueue = workqueue.TypedRateLimitingInterface[reconcile.Request]

// queueOf hands over a controller's work queue once the controller has
// made it: as the manager starts, or, for a standby, as it warms up.
type queueOf struct {
	made  chan struct{}
	once  sync.Once
	queue requestQueue
}

func newQueueOf() *queueOf { return &queueOf{made: make(chan struct{})} }

// capturing wraps a queue constructor so that the queue it makes is
// handed over.
func (h *queueOf) capturing(build func(string, workqueue.TypedRateLimiter[reconcile.Request]) requestQueue) func(string, workqueue.TypedRateLimiter[reconcile.Request]) requestQueue {
	return func(name string, limiter workqueue.TypedRateLimiter[reconcile.Request]) requestQueue {
		q := build(name, limiter)
		h.once.Do(func() { h.queue = q; close(h.made) })
		return q
	}
}

// wait returns the queue once it is made; nil if ctx ends first.
func (h *queueOf) wait(ctx context.Context) requestQueue {
	select {
	case <-h.made:
		return h.queue
	case <-ctx.Done():
		return nil
	}
}

// missedDeadlinesFirst is what a replica does as it starts to lead: it
// sends to the front of the action controller's queue the actions whose
// overdue announcement is owed, so that deadlines that passed while no
// replica led (the leader crashed and its lease had to lapse) are
// announced before the new leader's first pass over every other review,
// instead of wherever they fall in it. A standby has queued every review
// already, as it warmed up; a replica that leads as it starts queues them
// as its controllers start, and these go first all the same. A request
// a worker took in between is reconciled again, and finds nothing to
// write.
type missedDeadlinesFirst struct {
	actions func(context.Context) ([]*v1alpha1.ImprovementAction, error)
	synced  func(context.Context) bool
	queue   *queueOf
	policy  review.Policy
	clock   clock.PassiveClock
}

func (m missedDeadlinesFirst) Start(ctx context.Context) error {
	q := m.queue.wait(ctx)
	if q == nil || !m.synced(ctx) {
		return nil
	}
	actions, err := m.actions(ctx)
	if err != nil {
		// Only the order is lost: the first pass announces them all.
		ctrl.LoggerFrom(ctx).Error(err, "could not read the actions to announce missed deadlines first")
		return nil
	}
	queueOwed(q, m.policy, actions, m.clock.Now())
	return nil
}

// NeedLeaderElection is true: it runs as this replica starts to lead.
func (missedDeadlinesFirst) NeedLeaderElection() bool { return true }

// queueOwed queues first the actions whose overdue announcement is owed
// at now: a request due at once goes to the front (deadlinesFirst), and
// one that waits already moves there.
func queueOwed(q requestQueue, p review.Policy, actions []*v1alpha1.ImprovementAction, now time.Time) {
	for _, a := range actions {
		if review.OverdueOwed(p, a, now) {
			q.AddAfter(reconcile.Request{NamespacedName: client.ObjectKeyFromObject(a)}, 0)
		}
	}
}
