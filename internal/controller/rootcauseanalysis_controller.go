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

// rcaReconciler keeps a RootCauseAnalysis's status: phase, missing
// sections, effective deadline and sign-off.
type rcaReconciler struct {
	client.Client
	Deps
}

func setupRCA(mgr ctrl.Manager, deps Deps) error {
	r := &rcaReconciler{Client: mgr.GetClient(), Deps: deps}
	return ctrl.NewControllerManagedBy(mgr).
		Named("rootcauseanalysis").
		For(&v1alpha1.RootCauseAnalysis{}).
		// The incident's existence, severity, detection time and cyber-attack
		// flag all shape the analysis's status.
		Watches(&v1alpha1.Incident{}, handler.EnqueueRequestsFromMapFunc(fromIncident(mgr.GetClient(),
			func() *v1alpha1.RootCauseAnalysisList { return &v1alpha1.RootCauseAnalysisList{} },
			func(l *v1alpha1.RootCauseAnalysisList) []client.Object { return objects(l.Items) })),
			builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		// Which analysis speaks for the incident depends on its siblings.
		Watches(&v1alpha1.RootCauseAnalysis{}, handler.EnqueueRequestsFromMapFunc(toSiblings(mgr.GetClient())),
			builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		WithOptions(options(deps.Clock)).
		Complete(r)
}

func (r *rcaReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var rca v1alpha1.RootCauseAnalysis
	if err := r.Get(ctx, req.NamespacedName, &rca); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if skip, err := r.leftOut(ctx, &rca); skip || err != nil {
		return ctrl.Result{}, err
	}
	incident, err := getIncident(ctx, r.Client, rca.Namespace, rca.Spec.IncidentRef.Name)
	if err != nil {
		return ctrl.Result{}, err
	}
	siblings, err := analysesOf(ctx, r.Client, rca.Namespace, rca.Spec.IncidentRef.Name)
	if err != nil {
		return ctrl.Result{}, err
	}
	now := r.Clock.Now()
	res := review.ComputeRCAAmong(r.Policy, &rca, incident, siblings, now)
	if err := writeStatus(ctx, r.Client, &rca, &rca.Status, res.Status); err != nil {
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &rca, asParent(incident), rca.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}
