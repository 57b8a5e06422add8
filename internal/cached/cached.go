// Package cached reads a namespace's reviews for the rules that only read
// them: from the manager's informers, as the cache's own objects, or from
// any client with List.
package cached

import (
	"context"

	"k8s.io/apimachinery/pkg/labels"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Reader reads a namespace's reviews and reports. What it returns may be
// shared with a cache: callers must not change it.
type Reader interface {
	// Reviews are the namespace's incidents that the selector chooses
	// (every one when it is nil), with all the namespace's analyses and
	// actions.
	Reviews(ctx context.Context, namespace string, incidents labels.Selector) (review.Reviews, error)
	// Reports are the namespace's LessonsReports.
	Reports(ctx context.Context, namespace string) ([]*v1alpha1.LessonsReport, error)
}

// chosen reports whether an object's labels are chosen by the selector;
// a nil selector chooses every object.
func chosen(selector labels.Selector, objLabels map[string]string) bool {
	return selector == nil || selector.Matches(labels.Set(objLabels))
}
