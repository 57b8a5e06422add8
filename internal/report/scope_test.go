package report_test

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// trust is an organisation's namespaces: two clinical, one confidential,
// the information governance team's, and one not in the trust.
var trust = []report.Namespace{
	{Name: "wards", Labels: map[string]string{"org": "northshire"}},
	{Name: "pharmacy", Labels: map[string]string{"org": "northshire"}},
	{Name: "occupational-health", Labels: map[string]string{"org": "northshire", report.ConfidentialLabel: "true"}},
	{Name: "information-governance", Labels: map[string]string{"org": "northshire"}},
	{Name: "kube-system"},
}

func TestSelectNamespaces(t *testing.T) {
	for _, c := range []struct {
		name             string
		selector         *metav1.LabelSelector
		want             []string
		wantConfidential []string
	}{
		{"{} selects every namespace", &metav1.LabelSelector{},
			[]string{"information-governance", "kube-system", "occupational-health", "pharmacy", "wards"}, []string{"occupational-health"}},
		{"by label, sorted", &metav1.LabelSelector{MatchLabels: map[string]string{"org": "northshire"}},
			[]string{"information-governance", "occupational-health", "pharmacy", "wards"}, []string{"occupational-health"}},
		{"the confidential label can choose too", &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: report.ConfidentialLabel, Operator: metav1.LabelSelectorOpDoesNotExist}}},
			[]string{"information-governance", "kube-system", "pharmacy", "wards"}, nil},
		{"none matches: organisation-wide over nothing", &metav1.LabelSelector{MatchLabels: map[string]string{"org": "elsewhere"}},
			[]string{}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &v1alpha1.LessonsReport{Spec: v1alpha1.LessonsReportSpec{NamespaceSelector: c.selector}}
			sel, err := report.NamespaceSelector(r)
			if err != nil {
				t.Fatal(err)
			}
			s := report.SelectNamespaces("information-governance", sel, trust)
			if !reflect.DeepEqual(s.Namespaces, c.want) || !s.OrganisationWide() {
				t.Errorf("namespaces %q (organisation-wide %v), want %q", s.Namespaces, s.OrganisationWide(), c.want)
			}
			if !reflect.DeepEqual(s.Sources(), c.want) {
				t.Errorf("sources %q, want %q", s.Sources(), c.want)
			}
			var confidential []string
			for _, ns := range s.Namespaces {
				if !s.Named(ns) {
					confidential = append(confidential, ns)
				}
			}
			if !reflect.DeepEqual(confidential, c.wantConfidential) {
				t.Errorf("confidential %q, want %q", confidential, c.wantConfidential)
			}
		})
	}
}

func TestConfidentialLabel(t *testing.T) {
	for value, want := range map[string]bool{"true": true, "false": false, "": false, "yes": false, "True": false} {
		if got := report.Confidential(map[string]string{report.ConfidentialLabel: value}); got != want {
			t.Errorf("%s=%q: confidential %v, want %v", report.ConfidentialLabel, value, got, want)
		}
	}
	if report.Confidential(nil) {
		t.Error("a namespace without labels is confidential")
	}
}

func TestOneNamespaceScope(t *testing.T) {
	s := report.OneNamespace("wards")
	if s.OrganisationWide() || !reflect.DeepEqual(s.Sources(), []string{"wards"}) || !s.Named("wards") {
		t.Errorf("one-namespace scope %+v: organisation-wide %v, sources %q", s, s.OrganisationWide(), s.Sources())
	}
	if report.OrganisationWide(&v1alpha1.LessonsReport{}) {
		t.Error("a report without spec.namespaceSelector is organisation-wide")
	}
	if !report.OrganisationWide(&v1alpha1.LessonsReport{Spec: v1alpha1.LessonsReportSpec{NamespaceSelector: &metav1.LabelSelector{}}}) {
		t.Error("a report with namespaceSelector {} is not organisation-wide")
	}
}

// organisation is one incident with a lesson in each namespace of trust's
// northshire organisation.
func organisation() []review.Case {
	var cases []review.Case
	for _, ns := range trust[:4] {
		cases = append(cases, withLesson(ns.Name+"-inc", fyDay, "Lesson from "+ns.Name+".", inNamespace(ns.Name)))
	}
	return cases
}

func northshire() report.Scope {
	return report.SelectNamespaces("information-governance", labels.SelectorFromSet(labels.Set{"org": "northshire"}), trust)
}

func TestConfidentialNamespacesAreCountedNotNamed(t *testing.T) {
	cases := organisation()
	for _, c := range []struct {
		name  string
		scope report.Scope
		want  []v1alpha1.Lesson
	}{
		{"organisation-wide: the home namespace unnamed, others named, the confidential one left out", northshire(), []v1alpha1.Lesson{
			{Incident: "information-governance-inc", Lesson: "Lesson from information-governance."},
			{Namespace: "pharmacy", Incident: "pharmacy-inc", Lesson: "Lesson from pharmacy."},
			{Namespace: "wards", Incident: "wards-inc", Lesson: "Lesson from wards."},
		}},
		{"one namespace: as before, no namespace on lessons", report.OneNamespace("information-governance"), []v1alpha1.Lesson{
			{Incident: "information-governance-inc", Lesson: "Lesson from information-governance."},
			{Incident: "occupational-health-inc", Lesson: "Lesson from occupational-health."},
			{Incident: "pharmacy-inc", Lesson: "Lesson from pharmacy."},
			{Incident: "wards-inc", Lesson: "Lesson from wards."},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := report.RollUpIn(policy, c.scope, cases, fyFrom, fyTo, fyNow)
			if f.Incidents.Total != 4 {
				t.Errorf("counted %d incidents, want all 4", f.Incidents.Total)
			}
			if !reflect.DeepEqual(f.Lessons, c.want) || f.LessonsOmitted != 0 {
				t.Errorf("lessons (%d omitted)\n got  %+v\n want %+v", f.LessonsOmitted, f.Lessons, c.want)
			}
		})
	}
}

func TestConfidentialLessonsAreNotCountedAsOmitted(t *testing.T) {
	var cases []review.Case
	for i := range report.MaxLessons + 3 {
		ns := "occupational-health"
		if i%2 == 0 {
			ns = "wards"
		}
		cases = append(cases, withLesson("inc-"+strings.Repeat("x", i%7)+string(rune('a'+i%26)), fyDay, "A lesson.", inNamespace(ns)))
	}
	f := report.RollUpIn(policy, northshire(), cases, fyFrom, fyTo, fyNow)
	named := (report.MaxLessons + 3 + 1) / 2
	if len(f.Lessons) != named || f.LessonsOmitted != 0 {
		t.Errorf("%d lessons, %d omitted; want the %d from wards, none omitted", len(f.Lessons), f.LessonsOmitted, named)
	}
	for _, l := range f.Lessons {
		if l.Namespace != "wards" {
			t.Fatalf("quoted a lesson from %q", l.Namespace)
		}
	}
}

func TestOrganisationReportStatus(t *testing.T) {
	r := fyReport(func(r *v1alpha1.LessonsReport) {
		r.Namespace = "information-governance"
		r.Spec.Period.From, r.Spec.Period.To = metav1.NewTime(fyFrom), &metav1.Time{Time: fyTo}
		r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"org": "northshire"}}
	})
	st := report.ComputeReportIn(policy, r, northshire(), organisation(), nil, nil, fyNow).Status
	if st.Namespaces != 4 || st.ConfidentialNamespaces != 1 {
		t.Errorf("namespaces %d, confidential %d; want 4 and 1", st.Namespaces, st.ConfidentialNamespaces)
	}
	if st.Incidents.Total != 4 || len(st.Lessons) != 3 {
		t.Errorf("%d incidents and %d lessons, want 4 and 3", st.Incidents.Total, len(st.Lessons))
	}
	one := computeReport(policy, r, organisation(), nil, fyNow).Status
	if one.Namespaces != 0 || one.ConfidentialNamespaces != 0 {
		t.Errorf("a one-namespace report counts namespaces: %d, %d", one.Namespaces, one.ConfidentialNamespaces)
	}
}

func TestAnUnreadableNamespaceSelectorIsNamed(t *testing.T) {
	r := fyReport(func(r *v1alpha1.LessonsReport) {
		r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "org", Operator: "Near"}}}
	})
	_, err := report.NamespaceSelector(r)
	if err == nil {
		t.Fatal("an unknown operator was read")
	}
	st := report.ComputeReportIn(policy, r, report.Scope{Home: r.Namespace}, nil, nil, err, fyNow).Status
	c := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionReady))
	if c == nil || c.Reason != string(v1alpha1.ReasonInvalidSelector) || !strings.HasPrefix(c.Message, "spec.namespaceSelector: ") {
		t.Errorf("Ready %+v, want InvalidSelector naming spec.namespaceSelector", c)
	}
	if st.Incidents != nil || st.Namespaces != 0 {
		t.Errorf("figures over an unreadable selector: %+v", st)
	}
}
