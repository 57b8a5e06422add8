package controller

import (
	"context"

	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// missedDeadlinesFirst sends to the front of the queue, among the actions
// a controller finds when it starts, those whose overdue announcement is
// owed: deadlines that passed while no replica led (the leader crashed and
// its lease had to lapse) are announced before the new leader's first
// pass over every other review, instead of wherever they fall in it. It
// only adds to what the controller's own handler queues: a request queued
// by both before a worker takes it is reconciled once; one a worker took
// in between is reconciled again, and finds nothing to write.
func missedDeadlinesFirst(p review.Policy, c clock.PassiveClock) handler.EventHandler {
	return handler.Funcs{
		CreateFunc: func(_ context.Context, e event.CreateEvent, q workqueue.TypedRateLimitingInterface[reconcile.Request]) {
			a, ok := e.Object.(*v1alpha1.ImprovementAction)
			if ok && e.IsInInitialList && review.OverdueOwed(p, a, c.Now()) {
				// A deadline that has passed: deadlinesFirst puts it first.
				q.AddAfter(reconcile.Request{NamespacedName: client.ObjectKeyFromObject(a)}, 0)
			}
		},
	}
}
