package plugin

import (
	"context"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

// registerNamespaces are the namespaces a report's action register is read
// from: the report's own, or, for an organisation-wide report, those its
// namespace selector chooses that it may name. A confidential namespace is
// never read: the register names every incident it lists, and its people
// need grant no one else access to it. ok is false when the register must
// be left out; a warning says why.
func registerNamespaces(ctx context.Context, c client.Reader, r *v1alpha1.LessonsReport, warn io.Writer) (namespaces []string, ok bool, err error) {
	if !report.OrganisationWide(r) {
		return []string{r.Namespace}, true, nil
	}
	selector, err := report.NamespaceSelector(r)
	if err != nil {
		fmt.Fprintf(warn, "warning: lessonsreport %q: spec.namespaceSelector cannot be read (%v): the action register is left out\n", r.Name, err)
		return nil, false, nil
	}
	var list corev1.NamespaceList
	if err := c.List(ctx, &list); err != nil {
		if apierrors.IsForbidden(err) {
			fmt.Fprintf(warn, "warning: lessonsreport %q is organisation-wide, and you may not list namespaces to find the ones it selects: the action register is left out\n", r.Name)
			return nil, false, nil
		}
		return nil, false, listError(err, "namespaces", "")
	}
	all := make([]report.Namespace, len(list.Items))
	for i, ns := range list.Items {
		all[i] = report.Namespace{Name: ns.Name, Labels: ns.Labels}
	}
	scope := report.SelectNamespaces(r.Namespace, selector, all)
	namespaces = []string{}
	for _, ns := range scope.Namespaces {
		if scope.Named(ns) {
			namespaces = append(namespaces, ns)
		}
	}
	return namespaces, true, nil
}
