package cached

import (
	"context"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Lists reads with the client's List: the kubectl plugin's API client, or
// a fake in tests. Every read is a copy, so it is not for the manager,
// whose cache Informers reads in place.
func Lists(c client.Reader) Reader { return Reader{src: fromLists{client: c}} }

// fromLists is the source of Lists.
type fromLists struct {
	client client.Reader
}

// objects lists into list, letting the API server apply the selector,
// and returns pointers to its items.
func (l fromLists) objects(ctx context.Context, _ client.Object, list client.ObjectList, namespace string, selector labels.Selector) ([]any, error) {
	opts := []client.ListOption{client.InNamespace(namespace)}
	if selector != nil {
		opts = append(opts, client.MatchingLabelsSelector{Selector: selector})
	}
	if err := l.client.List(ctx, list, opts...); err != nil {
		return nil, err
	}
	items := make([]any, 0, meta.LenList(list))
	err := meta.EachListItem(list, func(o runtime.Object) error {
		items = append(items, o)
		return nil
	})
	return items, err
}
