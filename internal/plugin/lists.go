package plugin

import (
	"errors"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
)

// listError says what to do about a list that failed (a *cached.ListError
// names what was listed, and where): install the CRDs, or ask for the
// right to list. Any other error is returned as it is.
func listError(err error) error {
	le, ok := errors.AsType[*cached.ListError](err)
	switch {
	case !ok:
		return err
	case meta.IsNoMatchError(le.Err):
		return fmt.Errorf("the cluster does not know %s (%s): install the operator's CRDs first", le.Resource, v1alpha1.GroupVersion)
	case apierrors.IsForbidden(le.Err):
		return fmt.Errorf("not allowed to %w", le)
	}
	return err
}
