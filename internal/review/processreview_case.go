package review

import (
	"cmp"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// ReviewCase is a process review with the improvement actions that name it
// in spec.processReviewRef: what the documents show of it, as Case is
// what they show of an incident.
type ReviewCase struct {
	Review  *v1alpha1.ProcessReview
	Actions []*v1alpha1.ImprovementAction
}

// ReviewCases joins each process review with the actions that name it in
// its namespace, in the order of the reviews; each review's actions are
// ordered by name. Actions raised by an incident are left out.
func ReviewCases(reviews []*v1alpha1.ProcessReview, actions []*v1alpha1.ImprovementAction) []ReviewCase {
	byReview := map[types.NamespacedName][]*v1alpha1.ImprovementAction{}
	for _, a := range actions {
		if kind, name := OriginOf(a); kind == OriginProcessReview {
			k := types.NamespacedName{Namespace: a.Namespace, Name: name}
			byReview[k] = append(byReview[k], a)
		}
	}
	out := make([]ReviewCase, 0, len(reviews))
	for _, pr := range reviews {
		raised := slices.Clone(byReview[types.NamespacedName{Namespace: pr.Namespace, Name: pr.Name}])
		slices.SortFunc(raised, func(a, b *v1alpha1.ImprovementAction) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Namespace, b.Namespace))
		})
		out = append(out, ReviewCase{Review: pr, Actions: raised})
	}
	return out
}
