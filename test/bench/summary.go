package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// summarize prints the key figures of several runs as their median and
// range, so one run's luck does not make a claim: each run is on a fresh
// control plane, and its ratio is measured within it.
func summarize(runs []*results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Summary of %d runs of `%s`: median (min–max).\n\n", len(runs), strings.Join(append([]string{"bench"}, os.Args[1:]...), " "))
	b.WriteString("| measure | median (min–max) |\n|---|---|\n")
	row := func(what string, value func(*results) float64, format func(float64) string) {
		vs := make([]float64, len(runs))
		for i, r := range runs {
			vs[i] = value(r)
		}
		slices.Sort(vs)
		fmt.Fprintf(&b, "| %s | %s (%s–%s) |\n", what, format(median(vs)), format(vs[0]), format(vs[len(vs)-1]))
	}
	ratio := func(v float64) string { return fmt.Sprintf("%.2f", v) }
	millis := func(v float64) string { return (time.Duration(v) * time.Millisecond).String() }
	seconds := func(v float64) string { return fmt.Sprintf("%.1fs", v) }
	mebi := func(v float64) string { return fmt.Sprintf("%.0f MiB", v) }
	inMillis := roundedMillis
	row("ratio operator / raw", func(r *results) float64 { return r.ratio() }, ratio)
	row("operator converging", func(r *results) float64 { return r.convergeTime.Seconds() }, seconds)
	row("raw baseline", func(r *results) float64 { return r.rawTime.Seconds() }, seconds)
	row("deadline → event p50", func(r *results) float64 { return inMillis(percentile(r.deadlineDelays, 0.5)) }, millis)
	row("deadline → event p99", func(r *results) float64 { return inMillis(r.deadlineP99()) }, millis)
	row("deadline → status seen written p99", func(r *results) float64 { return inMillis(percentile(r.deadlineWrites, 0.99)) }, millis)
	row("of which until the API server received the status write, p99", func(r *results) float64 { return inMillis(percentile(r.deadlineParts.beforeWrite, 0.99)) }, millis)
	row("of which the API server handling the status write, p99", func(r *results) float64 { return inMillis(r.deadlineLatencies.statusWrite.quantile(0.99)) }, millis)
	row("of which the API server handling an event's creation, p99", func(r *results) float64 { return inMillis(r.deadlineLatencies.eventCreate.quantile(0.99)) }, millis)
	row("of which the manager's reconcile of an action, p99", func(r *results) float64 { return inMillis(r.deadlineLatencies.reconcile.quantile(0.99)) }, millis)
	row("of which from the event's creation until the watch saw it, p99", func(r *results) float64 { return inMillis(percentile(r.deadlineParts.delivery, 0.99)) }, millis)
	row("a watch's delivery of an edit, p99", func(r *results) float64 { return inMillis(percentile(r.editDeliveries, 0.99)) }, millis)
	row("deadline → event max", func(r *results) float64 { return inMillis(percentile(r.deadlineDelays, 1)) }, millis)
	if len(runs[0].burstDelays) > 0 {
		row(fmt.Sprintf("%d deadlines at one instant: every event", len(runs[0].burstDelays)), func(r *results) float64 { return inMillis(r.burstTime()) }, millis)
	}
	row("cold start (first start)", func(r *results) float64 { return inMillis(r.coldStart) }, millis)
	row("cold start (restart)", func(r *results) float64 { return inMillis(r.restartReady) }, millis)
	row("peak resident memory", func(r *results) float64 { return float64(r.peakMemory) / (1 << 20) }, mebi)
	if runs[0].peakCharged > 0 {
		row("peak charged to the memory cgroup", func(r *results) float64 { return float64(r.peakCharged) / (1 << 20) }, mebi)
	}
	row("live heap at rest", func(r *results) float64 { return float64(r.liveHeap) / (1 << 20) }, mebi)
	row("failover: the lease expired after the leader's death", func(r *results) float64 { return inMillis(r.failover.expired) }, millis)
	row("failover: the standby leads after the leader's death", func(r *results) float64 { return inMillis(r.failover.tookOver) }, millis)
	row("failover: first event after the leader's death", func(r *results) float64 { return inMillis(r.failover.firstEvent) }, millis)
	row("failover: first event after the standby leads", func(r *results) float64 { return inMillis(r.failover.firstEvent - r.failover.tookOver) }, millis)
	row("failover: the deadlines missed while no replica led, announced after each due date, max", func(r *results) float64 { return inMillis(percentile(r.failover.missed, 1)) }, millis)
	row("one scrape of /metrics at rest", func(r *results) float64 { return inMillis(r.scrape.took) }, millis)
	row("/metrics size at rest", func(r *results) float64 { return float64(r.scrape.bytes) / 1024 }, func(v float64) string { return fmt.Sprintf("%.0f KiB", v) })
	return b.String()
}

// median of sorted values.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// roundedMillis is d in whole milliseconds, rounded as each run's own
// table rounds it, so the summary's range shows the runs' figures.
func roundedMillis(d time.Duration) float64 {
	return float64(d.Round(time.Millisecond).Milliseconds())
}
