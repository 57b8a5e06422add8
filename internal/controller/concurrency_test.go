package controller

import (
	"testing"
	"time"

	clocktesting "k8s.io/utils/clock/testing"
)

// TestReportsHaveTheirOwnBoundOnRecomputesAtOnce: a recompute holds its
// namespace's cases in memory, so reports take their own, lower bound,
// and keep the queue that hands out passed deadlines first.
func TestReportsHaveTheirOwnBoundOnRecomputesAtOnce(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Now())
	for _, tc := range []struct {
		name    string
		workers int
		want    int
	}{
		{"set: that many at once", 4, 4},
		{"unset: the manager's bound for every controller", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := reportOptions(Deps{Clock: clk, ReportWorkers: tc.workers})
			if o.MaxConcurrentReconciles != tc.want {
				t.Errorf("MaxConcurrentReconciles = %d, want %d", o.MaxConcurrentReconciles, tc.want)
			}
			if o.NewQueue == nil {
				t.Error("the report controller lost the deadlines-first queue")
			}
		})
	}
}
