package controller

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// actionReconciler keeps an ImprovementAction's status: phase, overdue
// state, due-soon and overdue announcements.
type actionReconciler struct {
	client.Client
	Deps
}

func setupAction(mgr ctrl.Manager, deps Deps) error {
	r := &actionReconciler{Client: mgr.GetClient(), Deps: deps}
	return ctrl.NewControllerManagedBy(mgr).
		Named("improvementaction").
		For(&v1alpha1.ImprovementAction{}).
		// An action only needs to know that its incident exists.
		Watches(&v1alpha1.Incident{}, handler.EnqueueRequestsFromMapFunc(fromIncident(mgr.GetClient(),
			func() *v1alpha1.ImprovementActionList { return &v1alpha1.ImprovementActionList{} },
			func(l *v1alpha1.ImprovementActionList) []client.Object { return objects(l.Items) })),
			builder.WithPredicates(existenceChanged)).
		WithOptions(options(deps.Clock)).
		Complete(r)
}

func (r *actionReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var action v1alpha1.ImprovementAction
	if err := r.Get(ctx, req.NamespacedName, &action); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if skip, err := r.leftOut(ctx, &action); skip || err != nil {
		return ctrl.Result{}, err
	}
	incident, err := getIncident(ctx, r.Client, action.Namespace, action.Spec.IncidentRef.Name)
	if err != nil {
		return ctrl.Result{}, err
	}
	now := r.Clock.Now()
	res := review.ComputeAction(r.Policy, &action, incident, now)
	if err := writeStatus(ctx, r.Client, &action, &action.Status, res.Status); err != nil {
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &action, incident, action.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}

// getIncident fetches the named Incident from the cache; nil when it does
// not exist, or cannot be read (it is reported by its own reconciler).
func getIncident(ctx context.Context, c client.Reader, namespace, name string) (*v1alpha1.Incident, error) {
	var inc v1alpha1.Incident
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, &inc); err != nil {
		if apierrors.IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	if inc.Unreadable() != "" {
		return nil, nil
	}
	return &inc, nil
}

// existenceChanged passes an object's creation and deletion only.
var existenceChanged = predicate.Funcs{
	UpdateFunc:  func(event.UpdateEvent) bool { return false },
	GenericFunc: func(event.GenericEvent) bool { return false },
}

// objects turns a slice of typed items into client.Objects.
func objects[T any, PT interface {
	*T
	client.Object
}](items []T) []client.Object {
	out := make([]client.Object, len(items))
	for i := range items {
		out[i] = PT(&items[i])
	}
	return out
}
