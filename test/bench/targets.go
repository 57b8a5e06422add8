package main

import (
	"fmt"
	"strings"
	"time"
)

// target is one of the benchmark's targets, judged in each run.
type target struct {
	name  string
	value func(*results) string
	met   func(*results) bool
}

// targets are what every run must meet, not only the median.
var targets = []target{
	{"ratio operator / raw ≥ 0.9", func(r *results) string { return fmt.Sprintf("%.2f", r.ratio()) }, func(r *results) bool { return r.ratio() >= 0.9 }},
	{"deadline → event p99 < 250 ms", func(r *results) string { return r.deadlineP99().Round(time.Millisecond).String() }, func(r *results) bool { return r.deadlineP99() < 250*time.Millisecond }},
	{"status writes per object while converging: 1.00", func(r *results) string { return fmt.Sprintf("%.2f", r.writesPerObject()) }, func(r *results) bool { return fmt.Sprintf("%.2f", r.writesPerObject()) == "1.00" }},
	{"status writes at rest: 0", func(r *results) string { return fmt.Sprint(r.idleWrites) }, func(r *results) bool { return r.idleWrites == 0 }},
	{"writes by a restarted manager: none", func(r *results) string { return fmt.Sprint(r.restartWrites()) }, func(r *results) bool { return r.restartWrites() == 0 }},
	{"failover: first event ≤ lease + 2 s", func(r *results) string { return r.failover.firstEvent.Round(100 * time.Millisecond).String() }, func(r *results) bool { return r.failover.firstEvent <= leaseDuration+2*time.Second }},
	{"failover: each deadline announced once", func(r *results) string { return fmt.Sprintf("%d duplicates", r.failover.duplicates) }, func(r *results) bool { return r.failover.duplicates == 0 }},
	{"peak charged ≤ 320 MiB", func(r *results) string { return mib(r.peakCharged) }, func(r *results) bool { return r.peakCharged <= 320<<20 }},
	{"live heap at rest ≤ 150 MiB", func(r *results) string { return mib(r.liveHeap) }, func(r *results) bool { return r.liveHeap <= 150<<20 }},
}

// writesPerObject are the status writes per object while converging.
func (r results) writesPerObject() float64 { return float64(r.convergeWrites()) / float64(r.objects) }

// restartWrites are the requests of a restarted manager that write.
func (r results) restartWrites() int {
	n := 0
	for method, count := range r.restartRequests {
		if method != "GET" && method != "LIST" && method != "WATCH" {
			n += count
		}
	}
	return n
}

// targetsTable shows each target in each run, marked met or missed.
func targetsTable(runs []*results) string {
	var b strings.Builder
	b.WriteString("| target |")
	for i := range runs {
		fmt.Fprintf(&b, " run %d |", i+1)
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(runs)) + "\n")
	for _, t := range targets {
		fmt.Fprintf(&b, "| %s |", t.name)
		for _, r := range runs {
			mark := "met"
			if !t.met(r) {
				mark = "**missed**"
			}
			fmt.Fprintf(&b, " %s (%s) |", t.value(r), mark)
		}
		b.WriteString("\n")
	}
	return b.String()
}
