package report_test

import (
	"fmt"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

var benchSink report.Figures

// BenchmarkCompute rolls up 10,000 incidents and near misses with 100,000
// actions (10 each, in every state, area and priority, due around now) and
// their RCAs.
func BenchmarkCompute(b *testing.B) {
	members := mixedPeriod(10000, 10)
	p := review.DefaultPolicy()
	// The period spans every member, so all of them are rolled up.
	from, to := fyFrom.AddDate(-1, 0, 0), fyTo.AddDate(1, 0, 0)
	if f := report.RollUpIn(p, report.Scope{}, members, from, to, fyNow); f.Incidents.Total != 10000 || f.Actions.Total != 100000 {
		b.Fatalf("rolled up %d incidents and %d actions, want 10000 and 100000", f.Incidents.Total, f.Actions.Total)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		benchSink = report.RollUpIn(p, report.Scope{}, members, from, to, fyNow)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/report")
}

// BenchmarkRollUpOrganisation recomputes an organisation-wide report over
// 20 namespaces (two confidential) holding 24,000 reviews: 2,000 incidents
// and near misses, an RCA each and 10 actions each. It times what one
// reconcile of the report computes (the period and the previous one), the
// cache reads aside.
func BenchmarkRollUpOrganisation(b *testing.B) {
	const namespaces, incidents = 20, 2000
	members := mixedPeriod(incidents, 10)
	var all []report.Namespace
	for i := range namespaces {
		ns := report.Namespace{Name: fmt.Sprintf("trust-%02d", i), Labels: map[string]string{"org": "northshire"}}
		if i < 2 {
			ns.Labels[report.ConfidentialLabel] = "true"
		}
		all = append(all, ns)
	}
	for i := range members {
		m := &members[i]
		m.Incident.Namespace = all[i%namespaces].Name
		if m.RCA == nil {
			m.RCA = rcaOf(m.Incident, lessons(fmt.Sprintf("Lesson %d.", i)))
		}
	}
	scope := report.SelectNamespaces("information-governance", labels.SelectorFromSet(labels.Set{"org": "northshire"}), all)
	r := fyReport(func(r *v1alpha1.LessonsReport) {
		r.Namespace = "information-governance"
		r.Spec.Period.From, r.Spec.Period.To = metav1.NewTime(fyFrom), &metav1.Time{Time: fyTo}
		r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"org": "northshire"}}
	})
	p := review.DefaultPolicy()
	st := report.ComputeReportIn(p, r, scope, members, nil, nil, fyNow).Status
	if st.Namespaces != namespaces || st.ConfidentialNamespaces != 2 || st.Incidents.Total == 0 {
		b.Fatalf("rolled up %d namespaces (%d confidential) and %d incidents", st.Namespaces, st.ConfidentialNamespaces, st.Incidents.Total)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		benchResult = report.ComputeReportIn(p, r, scope, members, nil, nil, fyNow)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/report")
}

var benchResult report.Result
