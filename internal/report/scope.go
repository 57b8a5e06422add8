package report

import (
	"errors"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// ConfidentialLabel marks a namespace whose incidents an organisation-wide
// report counts but never names (for example occupational health, or
// safeguarding): its value "true" withholds them.
const ConfidentialLabel = "lessons.dspt.io/confidential"

// Confidential tells whether a namespace's labels withhold its incidents'
// names, titles and lessons from an organisation-wide report.
func Confidential(namespaceLabels map[string]string) bool {
	return namespaceLabels[ConfidentialLabel] == "true"
}

// Namespace is what a report reads of a Namespace: its name and labels.
type Namespace struct {
	Name   string
	Labels map[string]string
}

// Scope is where a report's members come from, and which of them the
// report may name. The zero Scope is a one-namespace report that names
// every member.
type Scope struct {
	// Home is the report's own namespace.
	Home string
	// Namespaces are the namespaces an organisation-wide report rolls up,
	// sorted; nil for a one-namespace report.
	Namespaces []string
	// Confidential holds those of Namespaces labelled ConfidentialLabel.
	Confidential map[string]bool
}

// OneNamespace is the scope of a report without spec.namespaceSelector:
// its own namespace, every member named, as before organisation-wide
// reports existed (a one-namespace report is read by that namespace's
// own people, so its label does not change what it shows).
func OneNamespace(home string) Scope { return Scope{Home: home} }

// OrganisationWide tells whether a report rolls up namespaces chosen by
// spec.namespaceSelector rather than its own.
func OrganisationWide(r *v1alpha1.LessonsReport) bool { return r.Spec.NamespaceSelector != nil }

// NamespaceSelectorError is a spec.namespaceSelector that cannot be read.
// It is told apart from a spec.selector error so that the report's Ready
// condition names the right field.
type NamespaceSelectorError struct{ Err error }

func (e *NamespaceSelectorError) Error() string { return e.Err.Error() }
func (e *NamespaceSelectorError) Unwrap() error { return e.Err }

// NamespaceSelector parses an organisation-wide report's
// spec.namespaceSelector; {} selects every namespace. The error is a
// *NamespaceSelectorError.
func NamespaceSelector(r *v1alpha1.LessonsReport) (labels.Selector, error) {
	s, err := metav1.LabelSelectorAsSelector(r.Spec.NamespaceSelector)
	if err != nil {
		return nil, &NamespaceSelectorError{Err: err}
	}
	return s, nil
}

// selectorField names the spec field whose selector could not be read.
func selectorField(err error) string {
	if _, ok := errors.AsType[*NamespaceSelectorError](err); ok {
		return "spec.namespaceSelector"
	}
	return "spec.selector"
}

// SelectNamespaces is the scope of an organisation-wide report whose home
// is home: the namespaces whose labels the selector matches, with those
// labelled confidential marked.
func SelectNamespaces(home string, selector labels.Selector, namespaces []Namespace) Scope {
	s := Scope{Home: home, Namespaces: []string{}}
	for _, ns := range namespaces {
		if !selector.Matches(labels.Set(ns.Labels)) {
			continue
		}
		s.Namespaces = append(s.Namespaces, ns.Name)
		if Confidential(ns.Labels) {
			if s.Confidential == nil {
				s.Confidential = map[string]bool{}
			}
			s.Confidential[ns.Name] = true
		}
	}
	slices.Sort(s.Namespaces)
	s.Namespaces = slices.Compact(s.Namespaces)
	return s
}

// ScopeOf is where report r's members come from: its own namespace, or,
// for an organisation-wide report, the namespaces its
// spec.namespaceSelector chooses among those namespaces returns, the
// confidential ones marked. The manager's figures and the kubectl
// plugin's action register are both scoped here, so they cover the same
// namespaces and withhold the same names.
//
// ScopeOf reads nothing itself: namespaces (the cluster's, from the
// manager's cache or the API server) is called once, and only for an
// organisation-wide report whose selector can be read, so a one-namespace
// report needs no right to list namespaces, and a selector that cannot be
// read is reported as that rather than as whatever listing would say.
// Such a selector gives the report's own namespace and selectorErr, a
// *NamespaceSelectorError; listErr is namespaces' own error.
func ScopeOf(r *v1alpha1.LessonsReport, namespaces func() ([]Namespace, error)) (scope Scope, selectorErr, listErr error) {
	if !OrganisationWide(r) {
		return OneNamespace(r.Namespace), nil, nil
	}
	selector, err := NamespaceSelector(r)
	if err != nil {
		return OneNamespace(r.Namespace), err, nil
	}
	all, err := namespaces()
	if err != nil {
		return Scope{}, nil, err
	}
	return SelectNamespaces(r.Namespace, selector, all), nil, nil
}

// NamespacesOf are the names and labels of listed namespaces, whichever
// form the list holds them in: the manager caches their metadata alone,
// the plugin lists whole Namespaces.
func NamespacesOf[T any, PT interface {
	*T
	metav1.Object
}](items []T) []Namespace {
	out := make([]Namespace, len(items))
	for i := range items {
		ns := PT(&items[i])
		out[i] = Namespace{Name: ns.GetName(), Labels: ns.GetLabels()}
	}
	return out
}

// OrganisationWide tells whether the scope spans selected namespaces.
func (s Scope) OrganisationWide() bool { return s.Namespaces != nil }

// Sources are the namespaces whose incidents the report reads: the
// selected ones, or the home namespace of a one-namespace report.
func (s Scope) Sources() []string {
	if s.OrganisationWide() {
		return s.Namespaces
	}
	return []string{s.Home}
}

// Named tells whether the report may name what the incidents of a
// namespace hold: their names, lessons, themes. A confidential namespace
// contributes its counts alone. This is the one rule every figure that
// names something follows.
func (s Scope) Named(namespace string) bool { return !s.Confidential[namespace] }

// lessonNamespace is the namespace a quoted lesson carries: the incident's,
// in an organisation-wide report, unless it is the report's own.
func (s Scope) lessonNamespace(incidentNamespace string) string {
	if !s.OrganisationWide() || incidentNamespace == s.Home {
		return ""
	}
	return incidentNamespace
}

// counts are status.namespaces and status.confidentialNamespaces: both
// zero, so omitted, for a one-namespace report.
func (s Scope) counts() (namespaces, confidential int32) {
	if !s.OrganisationWide() {
		return 0, 0
	}
	return int32(len(s.Namespaces)), int32(len(s.Confidential))
}
