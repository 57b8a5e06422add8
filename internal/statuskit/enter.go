package statuskit

import (
	"slices"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Enter reports whether condition t is being entered now: previous, the
// conditions as last stored, did not already hold it with status and one
// of reasons (any reason, when none is given). A status remembers an
// announcement by the condition set with it, so what is announced only
// when Enter says so is announced once, however often the status is
// computed again, and again only after the condition was left.
func Enter(previous []metav1.Condition, t v1alpha1.ConditionType, status bool, reasons ...v1alpha1.ConditionReason) bool {
	c := meta.FindStatusCondition(previous, string(t))
	if c == nil || c.Status != conditionStatus(status) {
		return true
	}
	return len(reasons) > 0 && !slices.Contains(reasons, v1alpha1.ConditionReason(c.Reason))
}
