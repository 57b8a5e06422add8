package cached

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/labels"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Informers reads from the manager's informers without copying anything
// but pointers. A cache's List, even with UnsafeDisableDeepCopy, copies
// each object's struct into the list's Items: for an organisation-wide
// report at 100,000 reviews that was some 85 MB at every recompute, enough
// to keep the garbage collector running at the manager's memory limit.
type Informers struct {
	Cache cache.Informers
}

var _ Reader = Informers{}

// Reviews reads the namespace's incidents, analyses and actions.
func (in Informers) Reviews(ctx context.Context, namespace string, incidents labels.Selector) (review.Reviews, error) {
	var r review.Reviews
	var err error
	if r.Incidents, err = objectsIn[v1alpha1.Incident](ctx, in.Cache, namespace, incidents); err != nil {
		return r, err
	}
	if r.RCAs, err = objectsIn[v1alpha1.RootCauseAnalysis](ctx, in.Cache, namespace, nil); err != nil {
		return r, err
	}
	r.Actions, err = objectsIn[v1alpha1.ImprovementAction](ctx, in.Cache, namespace, nil)
	return r, err
}

// Reports reads the namespace's LessonsReports.
func (in Informers) Reports(ctx context.Context, namespace string) ([]*v1alpha1.LessonsReport, error) {
	return objectsIn[v1alpha1.LessonsReport](ctx, in.Cache, namespace, nil)
}

// indexed is the informer a controller-runtime cache hands out: client-go's
// shared index informer, whose indexer holds the objects.
type indexed interface {
	GetIndexer() toolscache.Indexer
}

// objectsIn returns the informer's own objects of kind T in the namespace
// whose labels the selector chooses.
func objectsIn[T any, PT interface {
	*T
	client.Object
}](ctx context.Context, c cache.Informers, namespace string, selector labels.Selector) ([]PT, error) {
	informer, err := c.GetInformer(ctx, PT(new(T)))
	if err != nil {
		return nil, err
	}
	ix, ok := informer.(indexed)
	if !ok {
		return nil, fmt.Errorf("the cache's informer for %T (%T) holds no indexer to read", PT(nil), informer)
	}
	items, err := ix.GetIndexer().ByIndex(toolscache.NamespaceIndex, namespace)
	if err != nil {
		return nil, err
	}
	out := make([]PT, 0, len(items))
	for _, item := range items {
		obj, ok := item.(PT)
		if !ok {
			return nil, fmt.Errorf("the cache holds a %T where a %T belongs", item, PT(nil))
		}
		if chosen(selector, obj.GetLabels()) {
			out = append(out, obj)
		}
	}
	return out, nil
}
