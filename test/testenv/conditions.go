package testenv

import (
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Condition prints the condition of type t as "Status/Reason", or "" when
// it is absent: one string to compare, which a failure shows whole.
func Condition(conds []metav1.Condition, t v1alpha1.ConditionType) string {
	c := meta.FindStatusCondition(conds, string(t))
	if c == nil {
		return ""
	}
	return string(c.Status) + "/" + c.Reason
}

// Conditions prints every condition as "Type=Status/Reason: message", one a
// line, for failure messages.
func Conditions(conds []metav1.Condition) string {
	var b strings.Builder
	for _, c := range conds {
		b.WriteString(c.Type + "=" + string(c.Status) + "/" + c.Reason)
		if c.Message != "" {
			b.WriteString(": " + c.Message)
		}
		b.WriteString("\n")
	}
	return b.String()
}
