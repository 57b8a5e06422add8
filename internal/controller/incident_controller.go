package controller

import (
	"context"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// incidentReconciler keeps an Incident's status: phase, action counts, SIRO
// notification, overdue state and timeline.
type incidentReconciler struct {
	client.Client
	Deps
}

func setupIncident(mgr ctrl.Manager, deps Deps) error {
	r := &incidentReconciler{Client: mgr.GetClient(), Deps: deps}
	// Children's spec changes, creations and deletions move the incident;
	// their status is recomputed here from spec and time, so status-only
	// updates are not needed.
	childChanged := builder.WithPredicates(predicate.GenerationChangedPredicate{})
	return ctrl.NewControllerManagedBy(mgr).
		Named("incident").
		For(&v1alpha1.Incident{}).
		Watches(&v1alpha1.RootCauseAnalysis{}, handler.EnqueueRequestsFromMapFunc(toIncident), childChanged).
		Watches(&v1alpha1.ImprovementAction{}, handler.EnqueueRequestsFromMapFunc(toIncident), childChanged).
		WithOptions(options(deps.Clock)).
		Complete(r)
}

func (r *incidentReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var inc v1alpha1.Incident
	if err := r.Get(ctx, req.NamespacedName, &inc); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if skip, err := r.leftOut(ctx, &inc); skip || err != nil {
		return ctrl.Result{}, err
	}
	rcas, actions, err := children(ctx, r.Client, &inc)
	if err != nil {
		return ctrl.Result{}, err
	}
	now := r.Clock.Now()
	res := review.ComputeIncident(r.Policy, &inc, rcas, actions, now)
	if err := writeStatus(ctx, r.Client, &inc, func() { inc.Status = res.Status }); err != nil {
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &inc, nil, inc.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}
