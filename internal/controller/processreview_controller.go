package controller

import (
	"context"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// processReviewReconciler keeps a ProcessReview's status: phase,
// participation, the tally of the actions it raised.
type processReviewReconciler struct {
	client.Client
	Deps
}

func setupProcessReview(mgr ctrl.Manager, deps Deps) error {
	r := &processReviewReconciler{Client: mgr.GetClient(), Deps: deps}
	// An action's phase is computed from its spec and the time, so its
	// spec changes, creation and deletion are what move the tally.
	return ctrl.NewControllerManagedBy(mgr).
		Named("processreview").
		// A release for deletion is an annotation, announced on the review.
		For(&v1alpha1.ProcessReview{}, builder.WithPredicates(predicate.Or[client.Object](predicate.GenerationChangedPredicate{}, releaseChanged))).
		Watches(&v1alpha1.ImprovementAction{}, handler.EnqueueRequestsFromMapFunc(toProcessReview),
			builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		WithOptions(options(deps.Clock)).
		Complete(r)
}

func (r *processReviewReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var pr v1alpha1.ProcessReview
	if err := r.Get(ctx, req.NamespacedName, &pr); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if skip, err := r.leftOut(ctx, &pr); skip || err != nil {
		return ctrl.Result{}, err
	}
	var actions v1alpha1.ImprovementActionList
	if err := r.List(ctx, &actions, namingProcessReview(pr.Namespace, pr.Name)...); err != nil {
		return ctrl.Result{}, err
	}
	now := r.Clock.Now()
	res := review.ComputeProcessReview(&pr, review.Refs(actions.Items), now)
	if err := writeStatus(ctx, r.Client, &pr, &pr.Status, res.Status); err != nil {
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &pr, nil, pr.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}

// namingProcessReview selects, through the index, the actions a review
// raised, uncopied: every caller only reads them.
func namingProcessReview(namespace, name string) []client.ListOption {
	return []client.ListOption{client.InNamespace(namespace), client.MatchingFields{ProcessReviewRefIndex: name}, client.UnsafeDisableDeepCopy}
}

// toProcessReview maps a review's action to its review.
func toProcessReview(_ context.Context, o client.Object) []reconcile.Request {
	a, ok := o.(*v1alpha1.ImprovementAction)
	if !ok || a.Spec.ProcessReviewRef.Name == "" {
		return nil
	}
	return []reconcile.Request{{NamespacedName: client.ObjectKey{Namespace: a.Namespace, Name: a.Spec.ProcessReviewRef.Name}}}
}

// fromProcessReview maps a review to the actions it raised, so they
// recover when it appears and measure their timescale from its heldAt.
func fromProcessReview(c client.Reader) handler.MapFunc {
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		var actions v1alpha1.ImprovementActionList
		if err := c.List(ctx, &actions, namingProcessReview(o.GetNamespace(), o.GetName())...); err != nil {
			ctrl.LoggerFrom(ctx).Error(err, "listing the actions of a process review", "processReview", o.GetName())
			return nil
		}
		reqs := make([]reconcile.Request, 0, len(actions.Items))
		for i := range actions.Items {
			reqs = append(reqs, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&actions.Items[i])})
		}
		return reqs
	}
}

// existenceOrHeldAtChanged passes a review's creation and deletion, and a
// change of when it was held.
var existenceOrHeldAtChanged = predicate.Funcs{
	UpdateFunc: func(e event.UpdateEvent) bool {
		before, ok1 := e.ObjectOld.(*v1alpha1.ProcessReview)
		after, ok2 := e.ObjectNew.(*v1alpha1.ProcessReview)
		return ok1 && ok2 && !before.Spec.HeldAt.Equal(&after.Spec.HeldAt)
	},
	GenericFunc: func(event.GenericEvent) bool { return false },
}
