package controller

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// reportReconciler keeps a LessonsReport's roll-up and sign-off state.
type reportReconciler struct {
	client.Client
	Deps
	// reviews reads what a report counts: the informers' own objects, as
	// an organisation-wide report reads every review in the cluster.
	reviews cached.Reader
}

func setupReport(mgr ctrl.Manager, deps Deps) error {
	r := &reportReconciler{Client: mgr.GetClient(), Deps: deps, reviews: cached.Informers(mgr.GetCache())}
	// Any change to what a report counts recomputes the namespace's reports
	// and the organisation-wide reports that select the namespace; the
	// queue folds a burst of changes into one recompute per report.
	toReports := r.reportsOf(deps.Coalesce)
	return ctrl.NewControllerManagedBy(mgr).
		Named("lessonsreport").
		For(&v1alpha1.LessonsReport{}, builder.WithPredicates(ownStatusIgnored(deps.Coalesce))).
		Watches(&v1alpha1.Incident{}, toReports, builder.WithPredicates(predicate.Or(predicate.GenerationChangedPredicate{}, predicate.LabelChangedPredicate{}))).
		Watches(&v1alpha1.RootCauseAnalysis{}, toReports, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&v1alpha1.ImprovementAction{}, toReports, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&v1alpha1.ProcessReview{}, toReports, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		WatchesMetadata(&corev1.Namespace{}, handler.EnqueueRequestsFromMapFunc(r.namespaceToReports), builder.WithPredicates(predicate.LabelChangedPredicate{})).
		WithOptions(reportOptions(deps)).
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
	var held []*v1alpha1.ProcessReview
	scope := report.OneNamespace(rep.Namespace)
	selector, selErr := report.Selector(&rep)
	if selErr == nil {
		var err error
		namespaces := func() ([]report.Namespace, error) { return r.namespaces(ctx) }
		if scope, selErr, err = report.ScopeOf(&rep, namespaces); err != nil {
			return ctrl.Result{}, err
		}
	}
	if selErr == nil {
		for _, ns := range scope.Sources() {
			in, err := r.cases(ctx, ns, selector)
			if err != nil {
				return ctrl.Result{}, err
			}
			cases = append(cases, in...)
			reviews, err := r.processReviews(ctx, ns)
			if err != nil {
				return ctrl.Result{}, err
			}
			held = append(held, reviews...)
		}
	}
	now := r.Clock.Now()
	res := report.ComputeReportIn(r.Policy, &rep, scope, cases, held, selErr, now)
	if err := writeStatus(ctx, r.Client, &rep, &rep.Status, res.Status); err != nil {
		if scope.OrganisationWide() {
			return staleWriteRetried(ctx, err, r.Coalesce)
		}
		return conflictIsRetried(ctx, err)
	}
	if err := r.Announcer.Deliver(ctx, &rep, nil, rep.Status.Announcements, now); err != nil {
		return ctrl.Result{}, err
	}
	if scope.OrganisationWide() {
		return ctrl.Result{RequeueAfter: atLeast(res.RequeueAfter, r.Coalesce)}, nil
	}
	return ctrl.Result{RequeueAfter: res.RequeueAfter}, nil
}

// cases gathers the selected incidents of a namespace with their RCAs and
// actions, from the cache. They are the cache's own objects, not copies
// (a namespace may hold thousands): the core only reads them.
func (r *reportReconciler) cases(ctx context.Context, namespace string, selector labels.Selector) ([]review.Case, error) {
	all, err := r.reviews.Reviews(ctx, namespace, selector)
	if err != nil {
		return nil, err
	}
	reviews, _ := all.Readable()
	return reviews.Cases(), nil
}

// processReviews reads a namespace's readable process reviews from the
// cache, uncopied like cases.
func (r *reportReconciler) processReviews(ctx context.Context, namespace string) ([]*v1alpha1.ProcessReview, error) {
	all, err := r.reviews.ProcessReviews(ctx, namespace)
	if err != nil {
		return nil, err
	}
	readable := all[:0:0]
	for _, pr := range all {
		if pr.Unreadable() == "" {
			readable = append(readable, pr)
		}
	}
	return readable, nil
}

// reportsInNamespace lists the one-namespace reports of a namespace as
// requests; organisation-wide reports are found by organisationReports.
// Only their names are read, so the cache's reports, whose statuses are
// the largest of any kind, are not copied: when the manager starts, every
// review object arrives as created and maps here.
func (r *reportReconciler) reportsInNamespace(ctx context.Context, namespace string) []reconcile.Request {
	var reports v1alpha1.LessonsReportList
	if err := r.List(ctx, &reports, client.InNamespace(namespace), client.UnsafeDisableDeepCopy); err != nil {
		ctrl.LoggerFrom(ctx).Error(err, "listing the reports of a namespace", "namespace", namespace)
		return nil
	}
	reqs := make([]reconcile.Request, 0, len(reports.Items))
	for i := range reports.Items {
		if !report.OrganisationWide(&reports.Items[i]) {
			reqs = append(reqs, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(&reports.Items[i])})
		}
	}
	return reqs
}
