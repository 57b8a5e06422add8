package controller

import (
	"context"

	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// writeStatus sets obj's status (which status points into) to computed and
// writes the status subresource only if that changed it: at rest the
// operator writes nothing. Only the statuses are compared, so nothing else
// of the object is copied or compared. The write replaces the whole status
// and carries the resourceVersion it was computed from, so a status
// computed from a stale cache is refused (and retried) instead of
// repeating an announcement the newer status already remembers.
func writeStatus[S any](ctx context.Context, c client.Client, obj client.Object, status *S, computed S) error {
	if equality.Semantic.DeepEqual(*status, computed) {
		return nil
	}
	*status = computed
	return c.Status().Update(ctx, obj)
}

// conflictIsRetried ends a reconcile whose status write failed. A conflict
// means the cache is behind the API server: the newer version's watch event
// is on its way and reconciles the object again, so it is not an error.
func conflictIsRetried(ctx context.Context, err error) (ctrl.Result, error) {
	if apierrors.IsConflict(err) {
		ctrl.LoggerFrom(ctx).V(1).Info("status is stale; waiting for the newer version", "error", err.Error())
		return ctrl.Result{}, nil
	}
	return ctrl.Result{}, err
}
