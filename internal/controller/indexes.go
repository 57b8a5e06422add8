package controller

import (
	"context"

	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// IncidentRefIndex indexes RCAs and actions by the Incident they name, so an
// incident finds its children in the cache without listing the API server.
const IncidentRefIndex = "spec.incidentRef.name"

// ProcessReviewRefIndex indexes actions by the ProcessReview that raised
// them.
const ProcessReviewRefIndex = "spec.processReviewRef.name"

func setupIndexes(ctx context.Context, mgr ctrl.Manager) error {
	idx := mgr.GetFieldIndexer()
	if err := idx.IndexField(ctx, &v1alpha1.RootCauseAnalysis{}, IncidentRefIndex, func(o client.Object) []string {
		return []string{o.(*v1alpha1.RootCauseAnalysis).Spec.IncidentRef.Name}
	}); err != nil {
		return err
	}
	// A review's action names no incident: it is left out of the index, so
	// that an incident's search for unreadable actions (indexed under "")
	// does not meet every review's actions.
	if err := idx.IndexField(ctx, &v1alpha1.ImprovementAction{}, IncidentRefIndex, func(o client.Object) []string {
		if a := o.(*v1alpha1.ImprovementAction); a.Spec.ProcessReviewRef.Name == "" {
			return []string{a.Spec.IncidentRef.Name}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := idx.IndexField(ctx, &v1alpha1.ImprovementAction{}, ProcessReviewRefIndex, func(o client.Object) []string {
		if name := o.(*v1alpha1.ImprovementAction).Spec.ProcessReviewRef.Name; name != "" {
			return []string{name}
		}
		return nil
	}); err != nil {
		return err
	}
	return idx.IndexField(ctx, &v1alpha1.LessonsReport{}, OrganisationWideIndex, indexOrganisationWide)
}

// children lists an incident's RCAs and actions from the cache. They are
// the cache's own objects, not copies: the core only reads them.
func children(ctx context.Context, c client.Reader, inc *v1alpha1.Incident) ([]*v1alpha1.RootCauseAnalysis, []*v1alpha1.ImprovementAction, error) {
	rcas, err := analysesOf(ctx, c, inc.Namespace, inc.Name)
	if err != nil {
		return nil, nil, err
	}
	var actions v1alpha1.ImprovementActionList
	if err := c.List(ctx, &actions, namingIncident(inc.Namespace, inc.Name)...); err != nil {
		return nil, nil, err
	}
	// An action that could not be read has no incidentRef to index: every
	// one of the namespace may be this incident's. They go to the pure
	// core too, which counts only the readable and tells from the others
	// that they are still there (not deleted).
	var unindexed v1alpha1.ImprovementActionList
	if err := c.List(ctx, &unindexed, namingIncident(inc.Namespace, "")...); err != nil {
		return nil, nil, err
	}
	all := review.Refs(actions.Items)
	for _, a := range review.Refs(unindexed.Items) {
		if a.Unreadable() != "" {
			all = append(all, a)
		}
	}
	return rcas, all, nil
}

// analysesOf lists from the cache the readable RCAs naming an incident,
// uncopied like children.
func analysesOf(ctx context.Context, c client.Reader, namespace, incident string) ([]*v1alpha1.RootCauseAnalysis, error) {
	var rcas v1alpha1.RootCauseAnalysisList
	if err := c.List(ctx, &rcas, namingIncident(namespace, incident)...); err != nil {
		return nil, err
	}
	family, _ := review.Reviews{RCAs: review.Refs(rcas.Items)}.Readable()
	return family.RCAs, nil
}

// namingIncident selects, through the index, the children naming an
// incident, uncopied: every caller only reads them.
func namingIncident(namespace, incident string) []client.ListOption {
	return []client.ListOption{client.InNamespace(namespace), client.MatchingFields{IncidentRefIndex: incident}, client.UnsafeDisableDeepCopy}
}

// toIncident maps an RCA or action to its Incident.
func toIncident(_ context.Context, o client.Object) []reconcile.Request {
	var name string
	switch child := o.(type) {
	case *v1alpha1.RootCauseAnalysis:
		name = child.Spec.IncidentRef.Name
	case *v1alpha1.ImprovementAction:
		if child.Spec.ProcessReviewRef.Name != "" {
			return nil // raised by a process review, not an incident
		}
		name = child.Spec.IncidentRef.Name
	default:
		return nil
	}
	return []reconcile.Request{{NamespacedName: types.NamespacedName{Namespace: o.GetNamespace(), Name: name}}}
}

// fromIncident maps an Incident to the children of the given list type that
// name it, so they recover when their incident appears or changes.
func fromIncident[L client.ObjectList](c client.Reader, newList func() L, items func(L) []client.Object) handler.MapFunc {
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		return childRequests(ctx, c, newList, items, o.GetNamespace(), o.GetName(), "")
	}
}

// toSiblings maps an RCA to the other RCAs of its incident: which one speaks
// for the incident changes when one appears, goes or moves on.
func toSiblings(c client.Reader) handler.MapFunc {
	newList := func() *v1alpha1.RootCauseAnalysisList { return &v1alpha1.RootCauseAnalysisList{} }
	items := func(l *v1alpha1.RootCauseAnalysisList) []client.Object { return objects(l.Items) }
	return func(ctx context.Context, o client.Object) []reconcile.Request {
		rca, ok := o.(*v1alpha1.RootCauseAnalysis)
		if !ok {
			return nil
		}
		return childRequests(ctx, c, newList, items, rca.Namespace, rca.Spec.IncidentRef.Name, rca.Name)
	}
}

// childRequests lists through the index the children naming an incident,
// but the one named except, as requests. Only their names are read, so the
// cache's objects are not copied: when the manager starts, every incident
// arrives as created, and copying its children for each would copy every
// action in the cluster once more in the start-up burst.
func childRequests[L client.ObjectList](ctx context.Context, c client.Reader, newList func() L, items func(L) []client.Object, namespace, incident, except string) []reconcile.Request {
	list := newList()
	if err := c.List(ctx, list, namingIncident(namespace, incident)...); err != nil {
		ctrl.LoggerFrom(ctx).Error(err, "listing the children of an incident", "incident", incident)
		return nil
	}
	var reqs []reconcile.Request
	for _, child := range items(list) {
		if child.GetName() != except {
			reqs = append(reqs, reconcile.Request{NamespacedName: client.ObjectKeyFromObject(child)})
		}
	}
	return reqs
}
