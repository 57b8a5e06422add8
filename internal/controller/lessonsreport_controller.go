package controller

import (
	"context"

	"k8s.io/apimachinery/pkg/labels"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// reportReconciler keeps a LessonsReport's roll-up and sign-off state.
type reportReconciler struct {
	client.Client
	Deps
}

func setupReport(mgr ctrl.Manager, deps Deps) error {
	r := &reportReconciler{Client: mgr.GetClient(), Deps: deps}
	// Any change to what a report counts recomputes the namespace's reports;
	// the queue folds a burst of changes into one recompute per report.
	toReports := handler.EnqueueRequestsFromMapFunc(r.reportsInNamespace)
	return ctrl.NewControllerManagedBy(mgr).
		Named("lessonsreport").
		For(&v1alpha1.LessonsReport{}).
		Watches(&v1alpha1.Incident{}, toReports, builder.WithPredicates(predicate.Or(predicate.GenerationChangedPredicate{}, predicate.LabelChangedPredicate{}))).
		Watches(&v1alpha1.RootCauseAnalysis{}, toReports, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&v1alpha1.ImprovementAction{}, toReports, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		WithOptions(options(deps.Clock)).
		Complete(r)
}

func (r *reportReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var rep v1alpha1.LessonsReport
	if err := r.Get(ctx, req.NamespacedName, &rep); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if skip, err := r.leftOut(ctx, &rep); skip || err != nil {
		return ctrl.Result{}, err
	}
	var cases []review.Case
	selector, selErr := report.Selector(&rep)
	if selErr == nil {
		var err error
		if cases, err = r.cases(ctx, rep.Namespace, selector); err != nil {
			return ctrl.Result{}, err
		}
	}
	now := r.Clock.Now()
	res := report.ComputeReport(r.Policy, &rep, cases, selErr, now)
	if err := writeStatus(ctx, r.Client, &rep, &rep.Status, res.Status); err != nil {
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &rep, nil, rep.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}

// cases gathers the selected incidents of a namespace with their RCAs and
// actions, from the cache. They are the cache's own objects, not copies
// (a namespace may hold thousands): the core only reads them.
func (r *reportReconciler) cases(ctx context.Context, namespace string, selector labels.Selector) ([]review.Case, error) {
	var incidents v1alpha1.IncidentList
	if err := r.List(ctx, &incidents, client.InNamespace(namespace), client.MatchingLabelsSelector{Selector: selector}, client.UnsafeDisableDeepCopy); err != nil {
		return nil, err
	}
	var rcas v1alpha1.RootCauseAnalysisList
	if err := r.List(ctx, &rcas, client.InNamespace(namespace), client.UnsafeDisableDeepCopy); err != nil {
		return nil, err
	}
	var actions v1alpha1.ImprovementActionList
	if err := r.List(ctx, &actions, client.InNamespace(namespace), client.UnsafeDisableDeepCopy); err != nil {
		return nil, err
	}
	reviews, _ := review.Reviews{Incidents: incidents.Items, RCAs: rcas.Items, Actions: actions.Items}.Readable()
	return reviews.Cases(), nil
}

// reportsInNamespace maps any review object to the reports of its
// namespace. Only their names are read, so the cache's reports, whose
// statuses are the largest of any kind, are not copied: when the manager
// starts, every review object arrives as created and maps here.
func (r *reportReconciler) reportsInNamespace(ctx context.Context, o client.Object) []reconcile.Request {
	var reports v1alpha1.LessonsReportList
	if err := r.List(ctx, &reports, client.InNamespace(o.GetNamespace()), client.UnsafeDisableDeepCopy); err != nil {
		ctrl.LoggerFrom(ctx).Error(err, "listing the reports of a namespace", "namespace", o.GetNamespace())
		return nil
	}
	reqs := make([]reconcile.Request, 0, len(reports.Items))
	for i := range reports.Items {
		reqs = append(reqs, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&reports.Items[i])})
	}
	return reqs
}
