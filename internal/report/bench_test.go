package report_test

import (
	"testing"

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
	if f := report.RollUp(p, members, from, to, fyNow); f.Incidents.Total != 10000 || f.Actions.Total != 100000 {
		b.Fatalf("rolled up %d incidents and %d actions, want 10000 and 100000", f.Incidents.Total, f.Actions.Total)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		benchSink = report.RollUp(p, members, from, to, fyNow)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/report")
}
