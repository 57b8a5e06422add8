package plugin

import (
	"context"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

// registerNamespaces are the namespaces a report's action register is read
// from: those of its scope (report.ScopeOf, as the operator computes its
// figures) that it may name. A confidential namespace is never read: the
// register names every incident it lists, and its people need grant no
// one else access to it. ok is false when the register must be left out;
// a warning says why.
func registerNamespaces(ctx context.Context, c client.Reader, r *v1alpha1.LessonsReport, warn io.Writer) (namespaces []string, ok bool, err error) {
	scope, selectorErr, err := report.ScopeOf(r, listNamespaces(ctx, c))
	switch {
	case selectorErr != nil:
		warnf(warn, "lessonsreport %q: spec.namespaceSelector cannot be read (%v): the action register is left out", r.Name, selectorErr)
		return nil, false, nil
	case apierrors.IsForbidden(err):
		warnf(warn, "lessonsreport %q is organisation-wide, and you may not list namespaces to find the ones it selects: the action register is left out", r.Name)
		return nil, false, nil
	case err != nil:
		return nil, false, listError(&cached.ListError{Resource: "namespaces", Err: err})
	}
	namespaces = []string{}
	for _, ns := range scope.Sources() {
		if scope.Named(ns) {
			namespaces = append(namespaces, ns)
		}
	}
	return namespaces, true, nil
}

// listNamespaces lists the cluster's namespaces with their labels, for
// report.ScopeOf.
func listNamespaces(ctx context.Context, c client.Reader) func() ([]report.Namespace, error) {
	return func() ([]report.Namespace, error) {
		var list corev1.NamespaceList
		if err := c.List(ctx, &list); err != nil {
			return nil, err
		}
		return report.NamespacesOf(list.Items), nil
	}
}
