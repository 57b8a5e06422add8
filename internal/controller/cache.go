package controller

import (
	"net/http"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cachetrim"
	"github.com/dspt-lessons/lessons-operator/internal/watchdecode"
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

// CacheOptions are the options of the manager's cache, which watches every
// object of its kinds: each object trimmed (CacheTransform), and the
// watches of the project's kinds decoded the quicker way (package
// watchdecode), which is most of a start's work. The Informers say how
// their objects were decoded.
func CacheOptions(cfg *rest.Config, httpClient *http.Client, scheme *runtime.Scheme) (cache.Options, *watchdecode.Informers, error) {
	informers, err := watchdecode.New(cfg, httpClient, scheme, v1alpha1.GroupVersion.Group)
	if err != nil {
		return cache.Options{}, nil, err
	}
	return cache.Options{DefaultTransform: CacheTransform(), NewInformer: informers.NewInformer}, informers, nil
}
