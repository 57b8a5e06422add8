package controller_test

import (
	"encoding/json"
	"reflect"
	"runtime"
	"testing"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/controller"
	"github.com/dspt-lessons/lessons-operator/test/stored"
)

// BenchmarkCachedReviewSize measures what the manager's cache holds per
// review: an incident, its signed-off analysis and ten actions, as kubectl
// applies them (managed fields and the last-applied annotation included)
// with the statuses the operator writes, decoded from JSON as an informer
// decodes them. It reports bytes of live heap per review, trimmed by
// CacheTransform and as decoded, for reviews written as the bench's
// workload is (a line or two per section) and for reviews whose every
// section is a page long, so that a change that makes the cache bigger
// shows in `make bench`.
func BenchmarkCachedReviewSize(b *testing.B) {
	for _, text := range []struct {
		name string
		long bool
	}{{"short-text", false}, {"long-text", true}} {
		stored := storedReviews(b, 200, text.long)
		b.Run(text.name+"/trimmed", func(b *testing.B) { cachedSize(b, stored, controller.CacheTransform()) })
		b.Run(text.name+"/as-decoded", func(b *testing.B) { cachedSize(b, stored, func(o any) (any, error) { return o, nil }) })
	}
}

// cachedSize reports the live heap each review costs once decoded and
// transformed.
func cachedSize(b *testing.B, stored []storedObject, transform func(any) (any, error)) {
	reviews := 0
	for _, o := range stored {
		if _, ok := o.fresh().(*v1alpha1.Incident); ok {
			reviews++
		}
	}
	var kept []any
	for b.Loop() {
		kept = nil // the last round's objects go before the count starts
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		for i, o := range stored {
			if i%100 == 0 {
				// The cache's first list of thousands of objects runs
				// collections as it goes: what is shared must survive them.
				runtime.GC()
			}
			obj := o.fresh()
			if err := json.Unmarshal(o.data, obj); err != nil {
				b.Fatal(err)
			}
			t, err := transform(obj)
			if err != nil {
				b.Fatal(err)
			}
			kept = append(kept, t)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(reviews), "B/review")
	}
	runtime.KeepAlive(kept)
}

// storedObject is an object as the API server serves it, and a way to
// make an empty one of its kind.
type storedObject struct {
	data  []byte
	fresh func() client.Object
}

// storedReviews is stored.Reviews as JSON.
func storedReviews(b *testing.B, n int, longText bool) []storedObject {
	objs, err := stored.Reviews(n, longText)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]storedObject, 0, len(objs))
	for _, obj := range objs {
		data, err := json.Marshal(obj)
		if err != nil {
			b.Fatal(err)
		}
		kind := reflect.TypeOf(obj).Elem()
		out = append(out, storedObject{data: data, fresh: func() client.Object { return reflect.New(kind).Interface().(client.Object) }})
	}
	return out
}
