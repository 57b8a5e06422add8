package report

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Selector parses a report's spec.selector over the incidents of its
// namespace; omitted means every incident (where the API's own conversion
// would select none).
func Selector(r *v1alpha1.LessonsReport) (labels.Selector, error) {
	if r.Spec.Selector == nil {
		return labels.Everything(), nil
	}
	return metav1.LabelSelectorAsSelector(r.Spec.Selector)
}

// Members picks, in their given order, the cases whose incident was
// detected in [from, to): those a report over that period counts.
func Members(cases []review.Case, from, to time.Time) []review.Case {
	pd := period{from: from, to: to}
	var in []review.Case
	for i := range cases {
		if pd.holds(&cases[i]) {
			in = append(in, cases[i])
		}
	}
	return in
}
