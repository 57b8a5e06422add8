package controller

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

// An organisation-wide report chooses namespaces by their labels.
// +kubebuilder:rbac:groups="",resources=namespaces,verbs=get;list;watch

// OrganisationWideIndex indexes LessonsReports by whether they have a
// spec.namespaceSelector, so that a change in one namespace finds, besides
// that namespace's reports, only the few organisation-wide ones, without
// listing every report in the cluster.
const OrganisationWideIndex = "spec.namespaceSelector.set"

const organisationWide = "true"

func indexOrganisationWide(o client.Object) []string {
	if report.OrganisationWide(o.(*v1alpha1.LessonsReport)) {
		return []string{organisationWide}
	}
	return nil
}

// namespaceMetadata is the Namespace as the cache holds it: metadata only,
// since a report reads nothing but the labels, and the cluster may have
// many namespaces.
func namespaceMetadata() *metav1.PartialObjectMetadata {
	m := &metav1.PartialObjectMetadata{}
	m.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Namespace"))
	return m
}

// namespaces reads from the cache the namespaces an organisation-wide
// report chooses among (see report.ScopeOf): their metadata, uncopied.
func (r *reportReconciler) namespaces(ctx context.Context) ([]report.Namespace, error) {
	list := &metav1.PartialObjectMetadataList{}
	list.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("NamespaceList"))
	if err := r.List(ctx, list, client.UnsafeDisableDeepCopy); err != nil {
		return nil, err
	}
	return report.NamespacesOf(list.Items), nil
}

// organisationReports lists, through the index, the organisation-wide
// reports whose namespace selector chooses the namespace, or every one when
// namespace is "" or not known to the cache yet. The namespace's labels are
// read only when there is such a report, so a cluster without one pays a
// single indexed lookup per change.
func (r *reportReconciler) organisationReports(ctx context.Context, namespace string) []reconcile.Request {
	var reports v1alpha1.LessonsReportList
	if err := r.List(ctx, &reports, client.MatchingFields{OrganisationWideIndex: organisationWide}, client.UnsafeDisableDeepCopy); err != nil {
		ctrl.LoggerFrom(ctx).Error(err, "listing the organisation-wide reports")
		return nil
	}
	if len(reports.Items) == 0 {
		return nil
	}
	var nsLabels labels.Set
	if namespace != "" {
		nsLabels = r.labelsOf(ctx, namespace)
	}
	reqs := make([]reconcile.Request, 0, len(reports.Items))
	for i := range reports.Items {
		rep := &reports.Items[i]
		if nsLabels != nil {
			// A selector that cannot be read is reported by the report's
			// own reconcile; it need not be enqueued for every change.
			if s, err := report.NamespaceSelector(rep); err != nil || !s.Matches(nsLabels) {
				continue
			}
		}
		reqs = append(reqs, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(rep)})
	}
	return reqs
}

// namespaceToReports maps a Namespace that appeared, went or changed its
// labels to every organisation-wide report: it may have entered or left a
// report's selection, or become confidential. Its old labels are not at
// hand, so the reports are not filtered by them.
func (r *reportReconciler) namespaceToReports(ctx context.Context, _ client.Object) []reconcile.Request {
	return r.organisationReports(ctx, "")
}

// labelsOf reads a namespace's labels from the cache; nil when it is not
// known there (yet).
func (r *reportReconciler) labelsOf(ctx context.Context, namespace string) labels.Set {
	ns := namespaceMetadata()
	if err := r.Get(ctx, client.ObjectKey{Name: namespace}, ns); err != nil {
		return nil
	}
	if ns.Labels == nil {
		return labels.Set{}
	}
	return ns.Labels
}
