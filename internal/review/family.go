package review

import (
	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Family is an incident's RCAs and improvement actions: the objects in its
// namespace whose spec.incidentRef names it.
type Family struct {
	RCAs    []v1alpha1.RootCauseAnalysis
	Actions []v1alpha1.ImprovementAction
}

// Families groups RCAs and actions, of any namespaces, by the incident they
// name, keyed by IncidentKey. A child whose incident does not exist is
// grouped under the name it gives all the same.
func Families(rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction) map[types.NamespacedName]Family {
	out := map[types.NamespacedName]Family{}
	for _, r := range rcas {
		k := types.NamespacedName{Namespace: r.Namespace, Name: r.Spec.IncidentRef.Name}
		f := out[k]
		f.RCAs = append(f.RCAs, r)
		out[k] = f
	}
	for _, a := range actions {
		k := types.NamespacedName{Namespace: a.Namespace, Name: a.Spec.IncidentRef.Name}
		f := out[k]
		f.Actions = append(f.Actions, a)
		out[k] = f
	}
	return out
}

// IncidentKey is an incident's key in Families.
func IncidentKey(inc *v1alpha1.Incident) types.NamespacedName {
	return types.NamespacedName{Namespace: inc.Namespace, Name: inc.Name}
}
