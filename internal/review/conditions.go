package review

import (
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// conditionSetter sets conditions on a copy of an object's conditions,
// keeping lastTransitionTime when a condition's status does not change.
type conditionSetter struct {
	conditions []metav1.Condition
	generation int64
	now        metav1.Time
}

func newConditionSetter(existing []metav1.Condition, generation int64, now metav1.Time) *conditionSetter {
	out := make([]metav1.Condition, len(existing))
	copy(out, existing)
	return &conditionSetter{conditions: out, generation: generation, now: now}
}

func (s *conditionSetter) set(t v1alpha1.ConditionType, status bool, reason v1alpha1.ConditionReason, message string) {
	st := metav1.ConditionFalse
	if status {
		st = metav1.ConditionTrue
	}
	meta.SetStatusCondition(&s.conditions, metav1.Condition{
		Type:               string(t),
		Status:             st,
		Reason:             string(reason),
		Message:            message,
		ObservedGeneration: s.generation,
		LastTransitionTime: s.now,
	})
}

// ready sets Ready: True once references resolve, False with the reason.
func (s *conditionSetter) ready(resolved bool, reason v1alpha1.ConditionReason, message string) {
	if resolved {
		s.set(v1alpha1.ConditionReady, true, v1alpha1.ReasonReconciled, "the current generation is processed")
		return
	}
	s.set(v1alpha1.ConditionReady, false, reason, message)
}

// conditionIs reports whether conditions hold type t with the given reason.
func conditionIs(conditions []metav1.Condition, t v1alpha1.ConditionType, status metav1.ConditionStatus, reason v1alpha1.ConditionReason) bool {
	c := meta.FindStatusCondition(conditions, string(t))
	return c != nil && c.Status == status && (reason == "" || c.Reason == string(reason))
}
