package statuskit

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

func TestEnter(t *testing.T) {
	overdue := func(status metav1.ConditionStatus, reason v1alpha1.ConditionReason) []metav1.Condition {
		return []metav1.Condition{
			{Type: string(v1alpha1.ConditionReady), Status: metav1.ConditionTrue, Reason: string(v1alpha1.ReasonReconciled)},
			{Type: string(v1alpha1.ConditionOverdue), Status: status, Reason: string(reason)},
		}
	}
	pastDue := overdue(metav1.ConditionTrue, v1alpha1.ReasonPastDueDate)
	for _, c := range []struct {
		name     string
		previous []metav1.Condition
		status   bool
		reasons  []v1alpha1.ConditionReason
		want     bool
	}{
		{"no conditions yet", nil, true, []v1alpha1.ConditionReason{v1alpha1.ReasonPastDueDate}, true},
		{"no conditions yet, any reason", nil, true, nil, true},
		{"another condition only", pastDue[:1], true, nil, true},
		{"the other status", overdue(metav1.ConditionFalse, v1alpha1.ReasonOnTrack), true, []v1alpha1.ConditionReason{v1alpha1.ReasonPastDueDate}, true},
		{"the other status, any reason", overdue(metav1.ConditionFalse, v1alpha1.ReasonOnTrack), true, nil, true},
		{"the other status, same reason", overdue(metav1.ConditionFalse, v1alpha1.ReasonPastDueDate), true, []v1alpha1.ConditionReason{v1alpha1.ReasonPastDueDate}, true},
		{"an unknown status", overdue(metav1.ConditionUnknown, v1alpha1.ReasonPastDueDate), false, []v1alpha1.ConditionReason{v1alpha1.ReasonPastDueDate}, true},
		{"already in it", pastDue, true, []v1alpha1.ConditionReason{v1alpha1.ReasonPastDueDate}, false},
		{"already in it, any reason", pastDue, true, nil, false},
		{"same status, another reason", pastDue, true, []v1alpha1.ConditionReason{v1alpha1.ReasonSignOffOverdue}, true},
		{"same status, one of the reasons", pastDue, true, []v1alpha1.ConditionReason{v1alpha1.ReasonSignOffOverdue, v1alpha1.ReasonPastDueDate}, false},
		{"already False with the reason", overdue(metav1.ConditionFalse, v1alpha1.ReasonOnTrack), false, []v1alpha1.ConditionReason{v1alpha1.ReasonOnTrack}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Enter(c.previous, v1alpha1.ConditionOverdue, c.status, c.reasons...); got != c.want {
				t.Errorf("Enter = %v, want %v", got, c.want)
			}
		})
	}
}
