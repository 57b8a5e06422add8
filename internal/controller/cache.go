package controller

import (
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/dspt-lessons/lessons-operator/internal/cachetrim"
)

// CacheTransform trims each object to what the controllers read before the
// manager caches it (package cachetrim): managed fields, the
// last-applied-configuration annotation, all but the start of free text
// only the documents read, spare capacity; and strings many objects share
// are kept once. The controllers write only status, which the API server
// takes from a write without its metadata and spec, so nothing trimmed
// here is ever lost.
func CacheTransform() toolscache.TransformFunc {
	return cachetrim.Transform()
}
