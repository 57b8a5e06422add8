package controller

import (
	"context"
	"time"

	"k8s.io/client-go/util/workqueue"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

// OrganisationCoalesce is how long an organisation-wide report waits after
// a review change before it recomputes. Every namespace it selects can
// change it, and one recompute reads them all: measured with test/bench, a
// burst of 2,000 changes otherwise recomputed it about once a second,
// enough on a busy control plane to delay the deadline events of every
// other object. Changes within the window fold into one recompute; a
// report a SIRO reads is not the worse for being seconds late.
const OrganisationCoalesce = 10 * time.Second

// reportsOf enqueues, for a review change, the reports counting it: those
// of its namespace at once, as before organisation-wide reports, and the
// organisation-wide reports selecting the namespace after the window
// (at once when it is zero). A report already waiting keeps its earlier
// time, so a stream of changes recomputes it at most once per window.
func (r *reportReconciler) reportsOf(window time.Duration) handler.TypedEventHandler[client.Object, reconcile.Request] {
	type queue = workqueue.TypedRateLimitingInterface[reconcile.Request]
	enqueue := func(ctx context.Context, o client.Object, q queue) {
		for _, req := range r.reportsInNamespace(ctx, o.GetNamespace()) {
			q.Add(req)
		}
		for _, req := range r.organisationReports(ctx, o.GetNamespace()) {
			if window > 0 {
				q.AddAfter(req, window)
			} else {
				q.Add(req)
			}
		}
	}
	return handler.TypedFuncs[client.Object, reconcile.Request]{
		CreateFunc: func(ctx context.Context, e event.TypedCreateEvent[client.Object], q queue) {
			enqueue(ctx, e.Object, q)
		},
		// An object keeps its namespace: the new one names it.
		UpdateFunc: func(ctx context.Context, e event.TypedUpdateEvent[client.Object], q queue) {
			enqueue(ctx, e.ObjectNew, q)
		},
		DeleteFunc: func(ctx context.Context, e event.TypedDeleteEvent[client.Object], q queue) {
			enqueue(ctx, e.Object, q)
		},
		GenericFunc: func(ctx context.Context, e event.TypedGenericEvent[client.Object], q queue) {
			enqueue(ctx, e.Object, q)
		},
	}
}

// ownStatusIgnored is notItsOwnStatus when reports are coalesced, the
// only case it serves. Without a window nothing is dropped, so a status
// write that met a newer version is recomputed when that version's event
// arrives, as for any other object (see staleWriteRetried).
func ownStatusIgnored(window time.Duration) predicate.Predicate {
	if window > 0 {
		return notItsOwnStatus
	}
	return predicate.Funcs{}
}

// notItsOwnStatus drops the update events of an organisation-wide report
// that change only its status: the operator's own writes coming back
// through the watch. Recomputing for them would, while deadlines pass
// across its namespaces, find new figures each time, write them and be
// called again, around the window. Its spec changes (generation) and every
// event of a one-namespace report pass as before.
var notItsOwnStatus = predicate.Funcs{
	UpdateFunc: func(e event.UpdateEvent) bool {
		old, okOld := e.ObjectOld.(*v1alpha1.LessonsReport)
		r, ok := e.ObjectNew.(*v1alpha1.LessonsReport)
		if !okOld || !ok || !report.OrganisationWide(r) || !report.OrganisationWide(old) {
			return true
		}
		return r.Generation != old.Generation
	},
}

// staleWriteRetried ends an organisation-wide report's reconcile whose
// status write met a newer version. With a window, that version's event is
// dropped (ownStatusIgnored), so the report asks to be recomputed after
// the window; without one, the event comes and recomputes it.
func staleWriteRetried(ctx context.Context, err error, window time.Duration) (ctrl.Result, error) {
	res, err := conflictIsRetried(ctx, err)
	if err != nil || window == 0 {
		return res, err
	}
	return ctrl.Result{RequeueAfter: window}, nil
}

// atLeast keeps an organisation-wide report's requeue for the next
// deadline no sooner than the window, so that deadlines passing one after
// another across its namespaces are folded the same way.
func atLeast(after, window time.Duration) time.Duration {
	if after > 0 && after < window {
		return window
	}
	return after
}
