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
	"github.com/dspt-lessons/lessons-operator/internal/cached"
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
	// A new leader's first pass over every action announces first the
	// deadlines that passed while no replica led.
	queue := newQueueOf()
	reviews := cached.Informers(mgr.GetCache())
	if err := mgr.Add(missedDeadlinesFirst{
		actions: func(ctx context.Context) ([]*v1alpha1.ImprovementAction, error) { return reviews.Actions(ctx, "") },
		synced:  mgr.GetCache().WaitForCacheSync,
		queue:   queue,
		policy:  deps.Policy,
		clock:   deps.Clock,
	}); err != nil {
		return err
	}
	opts := options(deps.Clock)
	opts.NewQueue = queue.capturing(opts.NewQueue)
	return ctrl.NewControllerManagedBy(mgr).
		Named("improvementaction").
		For(&v1alpha1.ImprovementAction{}).
		// An action only needs to know that its incident exists.
		Watches(&v1alpha1.Incident{}, handler.EnqueueRequestsFromMapFunc(fromIncident(mgr.GetClient(),
			func() *v1alpha1.ImprovementActionList { return &v1alpha1.ImprovementActionList{} },
			func(l *v1alpha1.ImprovementActionList) []client.Object { return objects(l.Items) })),
			builder.WithPredicates(existenceChanged)).
		// A review's action needs its review: that it exists and when it
		// was held, from which the priority's timescale counts.
		Watches(&v1alpha1.ProcessReview{}, handler.EnqueueRequestsFromMapFunc(fromProcessReview(mgr.GetClient())),
			builder.WithPredicates(existenceOrHeldAtChanged)).
		WithOptions(opts).
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
	origin, parent, err := r.origin(ctx, &action)
	if err != nil {
		return ctrl.Result{}, err
	}
	now := r.Clock.Now()
	res := review.ComputeActionOf(r.Policy, &action, origin, now)
	if err := writeStatus(ctx, r.Client, &action, &action.Status, res.Status); err != nil {
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &action, parent, action.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}

// origin reads from the cache the record that raised the action: its
// incident, or its process review. parent is nil when it does not resolve.
func (r *actionReconciler) origin(ctx context.Context, action *v1alpha1.ImprovementAction) (review.Origin, client.Object, error) {
	if kind, name := review.OriginOf(action); kind == review.OriginProcessReview {
		pr, err := getProcessReview(ctx, r.Client, action.Namespace, name)
		return review.ProcessReviewOrigin(action, pr), asParent(pr), err
	}
	incident, err := getIncident(ctx, r.Client, action.Namespace, action.Spec.IncidentRef.Name)
	return review.IncidentOrigin(action, incident), asParent(incident), err
}

// asParent is a parent record as an object, nil (untyped) when it does not
// resolve.
func asParent[T any, PT interface {
	*T
	client.Object
}](p PT) client.Object {
	if p == nil {
		return nil
	}
	return p
}

// getIncident fetches the named Incident from the cache; nil when it does
// not exist, or cannot be read (it is reported by its own reconciler).
func getIncident(ctx context.Context, c client.Reader, namespace, name string) (*v1alpha1.Incident, error) {
	return getReadable[v1alpha1.Incident](ctx, c, namespace, name)
}

// getProcessReview fetches the named ProcessReview from the cache, like
// getIncident.
func getProcessReview(ctx context.Context, c client.Reader, namespace, name string) (*v1alpha1.ProcessReview, error) {
	return getReadable[v1alpha1.ProcessReview](ctx, c, namespace, name)
}

// getReadable fetches a named object from the cache; nil when it does not
// exist, or cannot be read.
func getReadable[T any, PT interface {
	*T
	readable
}](ctx context.Context, c client.Reader, namespace, name string) (*T, error) {
	obj := PT(new(T))
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, obj); err != nil {
		if apierrors.IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	if obj.Unreadable() != "" {
		return nil, nil
	}
	return (*T)(obj), nil
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
