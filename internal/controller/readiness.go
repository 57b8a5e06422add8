package controller

import (
	"fmt"
	"net/http"
	"strings"

	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// ReviewsReadable is a readiness check that fails, naming the kinds, while
// the manager has not read a kind from the API server: its list is refused
// (say the role lost a verb) or keeps failing. An object that cannot be
// read on its own does not fail it: it is left out and reported by itself,
// and every other object goes on.
func ReviewsReadable(c cache.Cache) healthz.Checker {
	return func(req *http.Request) error {
		var behind []string
		for _, obj := range []client.Object{&v1alpha1.Incident{}, &v1alpha1.RootCauseAnalysis{}, &v1alpha1.ImprovementAction{}, &v1alpha1.LessonsReport{}, &v1alpha1.ProcessReview{}} {
			informer, err := c.GetInformer(req.Context(), obj, cache.BlockUntilSynced(false))
			switch {
			case err != nil:
				behind = append(behind, fmt.Sprintf("%s (%v)", kindOf(obj), err))
			case !informer.HasSynced():
				behind = append(behind, kindOf(obj))
			}
		}
		if len(behind) > 0 {
			return fmt.Errorf("not yet read from the API server: %s", strings.Join(behind, ", "))
		}
		return nil
	}
}
