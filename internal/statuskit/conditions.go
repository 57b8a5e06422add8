package statuskit

import (
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Conditions sets conditions on a copy of an object's conditions, stamped
// with its generation, keeping lastTransitionTime when a condition's status
// does not change.
type Conditions struct {
	list       []metav1.Condition
	generation int64
	now        metav1.Time
}

// NewConditions starts from the existing conditions of an object at now.
func NewConditions(existing []metav1.Condition, generation int64, now time.Time) *Conditions {
	out := make([]metav1.Condition, len(existing))
	copy(out, existing)
	return &Conditions{list: out, generation: generation, now: *Stamp(now)}
}

// Set sets condition t to True or False with a reason and a message.
func (s *Conditions) Set(t v1alpha1.ConditionType, status bool, reason v1alpha1.ConditionReason, message string) {
	meta.SetStatusCondition(&s.list, metav1.Condition{
		Type:               string(t),
		Status:             conditionStatus(status),
		Reason:             string(reason),
		Message:            message,
		ObservedGeneration: s.generation,
		LastTransitionTime: s.now,
	})
}

// SetUnknown sets condition t to Unknown with a reason and a message: what
// it reports cannot be told yet.
func (s *Conditions) SetUnknown(t v1alpha1.ConditionType, reason v1alpha1.ConditionReason, message string) {
	meta.SetStatusCondition(&s.list, metav1.Condition{
		Type: string(t), Status: metav1.ConditionUnknown, Reason: string(reason), Message: message,
		ObservedGeneration: s.generation, LastTransitionTime: s.now,
	})
}

// Ready sets Ready: True once references resolve, False with the reason.
func (s *Conditions) Ready(resolved bool, reason v1alpha1.ConditionReason, message string) {
	if resolved {
		s.Set(v1alpha1.ConditionReady, true, v1alpha1.ReasonReconciled, "the current generation is processed")
		return
	}
	s.Set(v1alpha1.ConditionReady, false, reason, message)
}

// List returns the conditions set so far.
func (s *Conditions) List() []metav1.Condition { return s.list }

// conditionStatus is a condition's status as the API writes it.
func conditionStatus(status bool) metav1.ConditionStatus {
	if status {
		return metav1.ConditionTrue
	}
	return metav1.ConditionFalse
}

// Remove drops condition t: what it reports does not apply (any longer).
func (s *Conditions) Remove(t v1alpha1.ConditionType) {
	meta.RemoveStatusCondition(&s.list, string(t))
}
