package cached

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/labels"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Informers reads from the manager's informers without copying anything
// but pointers. A cache's List, even with UnsafeDisableDeepCopy, copies
// each object's struct into the list's Items: for an organisation-wide
// report at 100,000 reviews that was some 85 MB at every recompute, enough
// to keep the garbage collector running at the manager's memory limit.
func Informers(c cache.Informers) Reader { return Reader{src: fromInformers{cache: c}} }

// fromInformers is the source of Informers.
type fromInformers struct {
	cache cache.Informers
}

// indexed is the informer a controller-runtime cache hands out: client-go's
// shared index informer, whose indexer holds the objects.
type indexed interface {
	GetIndexer() toolscache.Indexer
}

// objects returns the informer's own objects of obj's kind in the
// namespace, through its namespace index, or all of them for "".
func (in fromInformers) objects(ctx context.Context, obj client.Object, _ client.ObjectList, namespace string, _ labels.Selector) ([]any, error) {
	informer, err := in.cache.GetInformer(ctx, obj)
	if err != nil {
		return nil, err
	}
	ix, ok := informer.(indexed)
	if !ok {
		return nil, fmt.Errorf("the cache's informer for %T (%T) holds no indexer to read", obj, informer)
	}
	if namespace == "" {
		return ix.GetIndexer().List(), nil
	}
	return ix.GetIndexer().ByIndex(toolscache.NamespaceIndex, namespace)
}
