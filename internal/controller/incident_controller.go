package controller

import (
	"context"

	"k8s.io/apimachinery/pkg/api/equality"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
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
	// A release for deletion is an annotation, and is announced on the
	// incident.
	childChanged := builder.WithPredicates(predicate.Or[client.Object](predicate.GenerationChangedPredicate{}, releaseChanged))
	// An analysis's record of the incident it was approved on is status,
	// and decides whether the approval stands.
	rcaChanged := builder.WithPredicates(predicate.Or[client.Object](predicate.GenerationChangedPredicate{}, approvalRecordChanged, releaseChanged))
	return ctrl.NewControllerManagedBy(mgr).
		Named("incident").
		For(&v1alpha1.Incident{}).
		Watches(&v1alpha1.RootCauseAnalysis{}, handler.EnqueueRequestsFromMapFunc(toIncident), rcaChanged).
		Watches(&v1alpha1.ImprovementAction{}, handler.EnqueueRequestsFromMapFunc(toIncident), childChanged).
		WithOptions(options(deps.Clock)).
		Complete(r)
}

// approvalRecordChanged passes an update of an RCA's status.approvedIncident.
var approvalRecordChanged = predicate.Funcs{
	UpdateFunc: func(e event.UpdateEvent) bool {
		before, ok1 := e.ObjectOld.(*v1alpha1.RootCauseAnalysis)
		after, ok2 := e.ObjectNew.(*v1alpha1.RootCauseAnalysis)
		return ok1 && ok2 && !equality.Semantic.DeepEqual(before.Status.ApprovedIncident, after.Status.ApprovedIncident)
	},
	CreateFunc:  func(event.CreateEvent) bool { return false },
	DeleteFunc:  func(event.DeleteEvent) bool { return false },
	GenericFunc: func(event.GenericEvent) bool { return false },
}

// releaseChanged passes an update that sets or removes the release for
// deletion.
var releaseChanged = predicate.Funcs{
	UpdateFunc: func(e event.UpdateEvent) bool {
		return review.ReleasedForDeletion(e.ObjectOld.GetAnnotations()) != review.ReleasedForDeletion(e.ObjectNew.GetAnnotations())
	},
	CreateFunc:  func(event.CreateEvent) bool { return false },
	DeleteFunc:  func(event.DeleteEvent) bool { return false },
	GenericFunc: func(event.GenericEvent) bool { return false },
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
	if err := writeStatus(ctx, r.Client, &inc, &inc.Status, res.Status); err != nil {
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &inc, nil, inc.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}
