package report_test

import (
	"errors"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

// TestScopeOf decides a report's scope as both the manager and the
// kubectl plugin do, over trust's namespaces.
func TestScopeOf(t *testing.T) {
	northshire := &metav1.LabelSelector{MatchLabels: map[string]string{"org": "northshire"}}
	unreadable := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "org", Operator: "Near"}}}
	for _, c := range []struct {
		name             string
		selector         *metav1.LabelSelector
		wantSources      []string
		wantConfidential []string
		wantWide         bool
		wantSelectorErr  bool
		wantListed       bool
	}{
		{name: "no selector: the report's own namespace, every incident named, nothing listed",
			wantSources: []string{"information-governance"}},
		{name: "a confidential namespace is counted but not named", selector: northshire,
			wantSources: []string{"information-governance", "occupational-health", "pharmacy", "wards"}, wantConfidential: []string{"occupational-health"}, wantWide: true, wantListed: true},
		{name: "a selector matching none: organisation-wide over nothing", selector: &metav1.LabelSelector{MatchLabels: map[string]string{"org": "elsewhere"}},
			wantSources: []string{}, wantWide: true, wantListed: true},
		{name: "an unreadable selector: the report's own namespace and the error, nothing listed", selector: unreadable,
			wantSources: []string{"information-governance"}, wantSelectorErr: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &v1alpha1.LessonsReport{ObjectMeta: metav1.ObjectMeta{Namespace: "information-governance"}, Spec: v1alpha1.LessonsReportSpec{NamespaceSelector: c.selector}}
			listed := false
			s, selectorErr, listErr := report.ScopeOf(r, func() ([]report.Namespace, error) {
				listed = true
				return trust, nil
			})
			if listErr != nil {
				t.Fatal(listErr)
			}
			_, named := errors.AsType[*report.NamespaceSelectorError](selectorErr)
			if (selectorErr != nil) != c.wantSelectorErr || named != c.wantSelectorErr {
				t.Errorf("selector error %v, want one: %v", selectorErr, c.wantSelectorErr)
			}
			if listed != c.wantListed {
				t.Errorf("listed the namespaces: %v, want %v", listed, c.wantListed)
			}
			if s.Home != "information-governance" || s.OrganisationWide() != c.wantWide || !reflect.DeepEqual(s.Sources(), c.wantSources) {
				t.Errorf("scope %+v: organisation-wide %v, sources %q; want %v, %q", s, s.OrganisationWide(), s.Sources(), c.wantWide, c.wantSources)
			}
			var confidential []string
			for _, ns := range s.Sources() {
				if !s.Named(ns) {
					confidential = append(confidential, ns)
				}
			}
			if !reflect.DeepEqual(confidential, c.wantConfidential) {
				t.Errorf("not named %q, want %q", confidential, c.wantConfidential)
			}
		})
	}
}

func TestScopeOfPassesOnAFailedList(t *testing.T) {
	refused := errors.New("namespaces is forbidden")
	r := &v1alpha1.LessonsReport{Spec: v1alpha1.LessonsReportSpec{NamespaceSelector: &metav1.LabelSelector{}}}
	_, selectorErr, listErr := report.ScopeOf(r, func() ([]report.Namespace, error) { return nil, refused })
	if selectorErr != nil || !errors.Is(listErr, refused) {
		t.Errorf("selector error %v, list error %v; want only the list's", selectorErr, listErr)
	}
}

// The manager caches namespaces' metadata, the plugin lists Namespaces:
// both read the same names and labels.
func TestNamespacesOf(t *testing.T) {
	labels := map[string]string{report.ConfidentialLabel: "true"}
	want := []report.Namespace{{Name: "occupational-health", Labels: labels}, {Name: "wards"}}
	whole := report.NamespacesOf([]corev1.Namespace{{ObjectMeta: metav1.ObjectMeta{Name: "occupational-health", Labels: labels}}, {ObjectMeta: metav1.ObjectMeta{Name: "wards"}}})
	meta := report.NamespacesOf([]metav1.PartialObjectMetadata{{ObjectMeta: metav1.ObjectMeta{Name: "occupational-health", Labels: labels}}, {ObjectMeta: metav1.ObjectMeta{Name: "wards"}}})
	if !reflect.DeepEqual(whole, want) || !reflect.DeepEqual(meta, want) {
		t.Errorf("from Namespaces %+v, from metadata %+v; want %+v", whole, meta, want)
	}
}
