package cachetrim

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	toolscache "k8s.io/client-go/tools/cache"
)

// Transform is the cache's transform: Trim, for every object an informer
// reads.
func Transform() toolscache.TransformFunc {
	return func(in any) (any, error) {
		if obj, ok := in.(runtime.Object); ok {
			Trim(obj)
		}
		// A tombstone of a deleted object, or another type: as it came.
		return in, nil
	}
}

// Trim trims obj in place. It must be freshly decoded and the caller's
// own: its maps, slices and strings are replaced or shared.
func Trim(obj runtime.Object) {
	if m, err := meta.Accessor(obj); err == nil {
		m.SetManagedFields(nil)
		annotations := m.GetAnnotations()
		delete(annotations, corev1.LastAppliedConfigAnnotation)
		if len(annotations) == 0 && annotations != nil {
			m.SetAnnotations(nil)
		}
		if labels := m.GetLabels(); len(labels) == 0 && labels != nil {
			m.SetLabels(nil)
		}
	}
	walk(obj)
}
