package controller

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	toolscache "k8s.io/client-go/tools/cache"
)

// CacheTransform trims each object to what the controllers read before the
// manager caches it, which is most of its memory: managed fields, and the
// last-applied-configuration annotation that `kubectl apply` and Argo CD
// leave on every object they apply, a second copy of its whole spec. The
// controllers write only status, which the API server takes from a write
// without its metadata, so nothing trimmed here is ever lost.
func CacheTransform() toolscache.TransformFunc {
	return func(in any) (any, error) {
		obj, err := meta.Accessor(in)
		if err != nil {
			// A tombstone of a deleted object, or another type: as it came.
			return in, nil
		}
		obj.SetManagedFields(nil)
		// The object is freshly decoded from a watch: its map is its own.
		delete(obj.GetAnnotations(), corev1.LastAppliedConfigAnnotation)
		return in, nil
	}
}
