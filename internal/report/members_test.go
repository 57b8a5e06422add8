package report_test

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

func TestMembersAreThoseTheFiguresCount(t *testing.T) {
	first, edge, outside := incidentAt("first", fyFrom), incidentAt("at-the-end", fyTo), incidentAt("last-year", fyFrom.Add(-time.Second))
	later := incidentAt("later", fyDay)
	cases := []review.Case{with(later, nil), with(outside, nil), {}, with(first, nil), with(edge, nil)}
	var names []string
	for _, m := range report.Members(cases, fyFrom, fyTo) {
		names = append(names, m.Incident.Name)
	}
	// In their given order; the end is exclusive; a case without an
	// incident is no member.
	if got := len(names); got != 2 || names[0] != "later" || names[1] != "first" {
		t.Errorf("members %v, want [later first]", names)
	}
	if f := computeFY(t, cases...); f.Incidents.Total != 2 {
		t.Errorf("the figures count %d incidents, the members are 2", f.Incidents.Total)
	}
}

func TestSelector(t *testing.T) {
	team := labels.Set{"team": "cyber"}
	for _, c := range []struct {
		name      string
		selector  *metav1.LabelSelector
		matches   bool
		wantError bool
	}{
		{"omitted selects every incident", nil, true, false},
		{"matching labels", &metav1.LabelSelector{MatchLabels: map[string]string{"team": "cyber"}}, true, false},
		{"other labels", &metav1.LabelSelector{MatchLabels: map[string]string{"team": "ig"}}, false, false},
		{"unreadable", &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Near"}}}, false, true},
	} {
		r := &v1alpha1.LessonsReport{Spec: v1alpha1.LessonsReportSpec{Selector: c.selector}}
		s, err := report.Selector(r)
		if (err != nil) != c.wantError {
			t.Errorf("%s: error %v", c.name, err)
			continue
		}
		if err == nil && s.Matches(team) != c.matches {
			t.Errorf("%s: matches %v, want %v", c.name, s.Matches(team), c.matches)
		}
	}
}
