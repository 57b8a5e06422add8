// Package cached is the one way the project reads its reviews: the
// manager from its cache's informers, the kubectl plugin from the API
// server, both through Reader, so that what "a namespace's reviews" are
// (which kinds, which namespace, which incidents a selector chooses) is
// decided in one place and the on-call view, the reports and the metrics
// agree on it.
package cached

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Reader reads the incidents, analyses, actions and reports of one
// namespace, or of every namespace when the namespace is "". Make it with
// Informers (the manager) or Lists (the plugin, a fake in tests): they
// differ only in where the objects come from. What it returns may be a
// cache's own objects: callers must not change it. Every error is a
// *ListError naming what could not be listed.
type Reader struct {
	src source
}

// source is where a Reader's objects come from.
type source interface {
	// objects returns the objects of obj's kind (list is an empty list of
	// that kind) in the namespace, every namespace for "". A source may
	// pass the selector on to narrow what it returns; the Reader applies
	// it to whatever comes back.
	objects(ctx context.Context, obj client.Object, list client.ObjectList, namespace string, selector labels.Selector) ([]any, error)
}

// Reviews are the namespace's incidents that the selector chooses (every
// one when it is nil), with all the namespace's analyses and actions: an
// analysis or action counts with its incident even when a label leaves
// it out.
func (r Reader) Reviews(ctx context.Context, namespace string, incidents labels.Selector) (review.Reviews, error) {
	var out review.Reviews
	var err error
	if out.Incidents, err = r.Incidents(ctx, namespace, incidents); err != nil {
		return out, err
	}
	if out.RCAs, err = r.RCAs(ctx, namespace); err != nil {
		return out, err
	}
	out.Actions, err = r.Actions(ctx, namespace)
	return out, err
}

// Incidents are the namespace's incidents that the selector chooses
// (every one when it is nil).
func (r Reader) Incidents(ctx context.Context, namespace string, selector labels.Selector) ([]*v1alpha1.Incident, error) {
	return read[v1alpha1.Incident](ctx, r.src, &v1alpha1.IncidentList{}, "incidents", namespace, selector)
}

// RCAs are the namespace's root cause analyses.
func (r Reader) RCAs(ctx context.Context, namespace string) ([]*v1alpha1.RootCauseAnalysis, error) {
	return read[v1alpha1.RootCauseAnalysis](ctx, r.src, &v1alpha1.RootCauseAnalysisList{}, "rootcauseanalyses", namespace, nil)
}

// Actions are the namespace's improvement actions.
func (r Reader) Actions(ctx context.Context, namespace string) ([]*v1alpha1.ImprovementAction, error) {
	return read[v1alpha1.ImprovementAction](ctx, r.src, &v1alpha1.ImprovementActionList{}, "improvementactions", namespace, nil)
}

// ProcessReviews are the namespace's process reviews.
func (r Reader) ProcessReviews(ctx context.Context, namespace string) ([]*v1alpha1.ProcessReview, error) {
	return read[v1alpha1.ProcessReview](ctx, r.src, &v1alpha1.ProcessReviewList{}, "processreviews", namespace, nil)
}

// Reports are the namespace's LessonsReports.
func (r Reader) Reports(ctx context.Context, namespace string) ([]*v1alpha1.LessonsReport, error) {
	return read[v1alpha1.LessonsReport](ctx, r.src, &v1alpha1.LessonsReportList{}, "lessonsreports", namespace, nil)
}

// read returns the source's objects of kind T in the namespace whose
// labels the selector chooses, as pointers to the source's own objects.
func read[T any, PT interface {
	*T
	client.Object
}](ctx context.Context, src source, list client.ObjectList, resource, namespace string, selector labels.Selector) ([]PT, error) {
	items, err := src.objects(ctx, PT(new(T)), list, namespace, selector)
	if err != nil {
		return nil, &ListError{Resource: resource, Namespace: namespace, Err: err}
	}
	out := make([]PT, 0, len(items))
	for _, item := range items {
		obj, ok := item.(PT)
		if !ok {
			return nil, &ListError{Resource: resource, Namespace: namespace, Err: fmt.Errorf("the source holds a %T where a %T belongs", item, PT(nil))}
		}
		if chosen(selector, obj.GetLabels()) {
			out = append(out, obj)
		}
	}
	return out, nil
}

// chosen reports whether an object's labels are chosen by the selector;
// a nil selector chooses every object.
func chosen(selector labels.Selector, objLabels map[string]string) bool {
	return selector == nil || selector.Matches(labels.Set(objLabels))
}
