package cached

import (
	"context"

	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Lists reads with the client's List: for a client without informers
// (a fake in tests); every read is a copy.
type Lists struct {
	Client client.Reader
}

var _ Reader = Lists{}

// Reviews lists the namespace's incidents, analyses and actions.
func (l Lists) Reviews(ctx context.Context, namespace string, incidents labels.Selector) (review.Reviews, error) {
	var incs v1alpha1.IncidentList
	var rcas v1alpha1.RootCauseAnalysisList
	var actions v1alpha1.ImprovementActionList
	opts := []client.ListOption{client.InNamespace(namespace)}
	if incidents != nil {
		opts = append(opts, client.MatchingLabelsSelector{Selector: incidents})
	}
	if err := l.Client.List(ctx, &incs, opts...); err != nil {
		return review.Reviews{}, err
	}
	for _, list := range []client.ObjectList{&rcas, &actions} {
		if err := l.Client.List(ctx, list, client.InNamespace(namespace)); err != nil {
			return review.Reviews{}, err
		}
	}
	return review.Reviews{Incidents: review.Refs(incs.Items), RCAs: review.Refs(rcas.Items), Actions: review.Refs(actions.Items)}, nil
}

// Reports lists the namespace's LessonsReports.
func (l Lists) Reports(ctx context.Context, namespace string) ([]*v1alpha1.LessonsReport, error) {
	var reports v1alpha1.LessonsReportList
	if err := l.Client.List(ctx, &reports, client.InNamespace(namespace)); err != nil {
		return nil, err
	}
	return review.Refs(reports.Items), nil
}
