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
	st := metav1.ConditionFalse
	if status {
		st = metav1.ConditionTrue
	}
	meta.SetStatusCondition(&s.list, metav1.Condition{
		Type:               string(t),
		Status:             st,
		Reason:             string(reason),
		Message:            message,
		ObservedGeneration: s.generation,
		LastTransitionTime: s.now,
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

// ConditionIs reports whether conditions hold type t with the given status
// and, unless reason is empty, the given reason.
func ConditionIs(conditions []metav1.Condition, t v1alpha1.ConditionType, status metav1.ConditionStatus, reason v1alpha1.ConditionReason) bool {
	c := meta.FindStatusCondition(conditions, string(t))
	return c != nil && c.Status == status && (reason == "" || c.Reason == string(reason))
}
