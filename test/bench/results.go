package main

import (
	"cmp"
	"fmt"
	eventsv1 "k8s.io/api/events/v1"
	"maps"
	"runtime"
	"slices"
	"strings"
	"time"
)

// results are the measurements of one run.
type results struct {
	config             config
	objects            int
	createTime         time.Duration
	rawTime            time.Duration
	rawCPU             cpuUse
	firstWrite         time.Duration
	convergeTime       time.Duration
	convergeCPU        cpuUse
	convergeRequests   map[string]int
	convergeReconciles map[string]reconcileStats
	coldStart          time.Duration
	// listBytesFirst and listBytesRestart are the review kinds' lists, in
	// bytes of JSON, before the first start and before the restart.
	listBytesFirst, listBytesRestart int64
	events                           [][]*eventsv1.Event // the operator's events, by object, to create again
	eventCount                       int
	deadlineDelays                   []time.Duration
	deadlineWrites                   []time.Duration // until the status is seen written overdue
	burstDelays                      []time.Duration // of the deadlines passing at one instant
	// deadlineLatencies and burstLatencies split the time of the requests
	// and reconciles while those deadlines passed.
	deadlineLatencies, burstLatencies latencies
	// deadlineParts splits each deadline's delay with its requests.
	deadlineParts   deadlineParts
	churnEdits      int
	editDeliveries  []time.Duration // from the response to each of those edits until a watch saw it
	idleWrites      int
	reportRecompute time.Duration
	// organisationConverge and organisationDeadlines are how often the
	// organisation-wide report recomputed while the operator converged,
	// and while the timed actions were created and fell overdue.
	organisationConverge, organisationDeadlines organisationRecomputes
	restartReady                                time.Duration
	restartReconciled                           time.Duration
	restartRequests                             map[string]int
	peakMemory                                  int64 // the highest VmHWM of the managers run
	peakCharged                                 int64 // the most charged to the manager's memory group; 0 when uncapped
	liveHeap                                    int64
	scrape                                      scrapeCost // of /metrics at rest
	failover                                    failover
}

// ratio is the operator's pace over the raw baseline's, for the same requests.
func (r results) ratio() float64 { return r.rawTime.Seconds() / r.convergeTime.Seconds() }

// deadlineP99 is the 99th percentile of the deadline delays.
func (r results) deadlineP99() time.Duration { return percentile(r.deadlineDelays, 0.99) }

// burstTime is how long the last of the burst's deadlines took to be announced.
func (r results) burstTime() time.Duration { return percentile(r.burstDelays, 1) }

// burstRate is how many of the burst's deadlines were announced a second.
func (r results) burstRate() float64 {
	return float64(len(r.burstDelays)) / r.burstTime().Seconds()
}

// convergeWrites are the manager's status writes (PUTs) while converging.
// convergeWrites counts the status writes the API server accepted while
// the operator converged; a write refused as computed from a stale cache
// wrote nothing.
func (r results) convergeWrites() int { return r.convergeRequests["PUT"] }

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

// quantiles shows sorted delays as p50 / p99 / max.
func quantiles(sorted []time.Duration) string {
	return fmt.Sprintf("%s / %s / %s", percentile(sorted, 0.5).Round(time.Millisecond), percentile(sorted, 0.99).Round(time.Millisecond), percentile(sorted, 1).Round(time.Millisecond))
}

// table renders the results as Markdown.
func (r results) table() string {
	rawRate := float64(r.objects) / r.rawTime.Seconds()
	operatorRate := float64(r.objects) / r.convergeTime.Seconds()
	var b strings.Builder
	row := func(what, value string) { fmt.Fprintf(&b, "| %s | %s |\n", what, value) }
	fmt.Fprintf(&b, "Measured %s on %s/%s with %d CPUs, %s, by `make bench`.\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	b.WriteString("| measure | value |\n|---|---|\n")
	row("objects (incidents, RCAs, actions, process reviews, reports)", fmt.Sprintf("%d", r.objects))
	row("raw baseline: a plain client writes the same statuses and creates the same events again, with a second watch as the manager's, until a watch has seen every status", fmt.Sprintf("%s = %.0f objects/s (%d writers, %d statuses, %d events)", r.rawTime.Round(time.Millisecond), rawRate, r.config.rawWriters, r.objects, r.eventCount))
	row("raw baseline: CPU time used", r.rawCPU.String())
	row("operator: from its start until a watch has seen every status converged", fmt.Sprintf("%s = %.0f objects/s", r.convergeTime.Round(time.Millisecond), operatorRate))
	row("operator: CPU time used while converging", r.convergeCPU.String())
	row("operator: cold start, from process start until its cache has synced (readyz)", fmt.Sprintf("%s, reading %s of JSON", r.coldStart.Round(time.Millisecond), mib(r.listBytesFirst)))
	row("operator: from start to its first status write", r.firstWrite.Round(time.Millisecond).String())
	row("ratio operator / raw (target ≥ 0.9)", fmt.Sprintf("%.2f", r.ratio()))
	row("operator: requests to the API server while converging, by method", requestsString(r.convergeRequests))
	row("operator: reconciles while converging, by controller (count, mean)", reconcilesString(r.convergeReconciles))
	row("status writes per object while converging", fmt.Sprintf("%.2f", r.writesPerObject()))
	row(fmt.Sprintf("deadline → a watch sees its ActionOverdue event, p50 / p99 / max over %d deadlines passing over %s, while %d actions were edited (target p99 < 250 ms)", len(r.deadlineDelays), r.config.deadlineSpread, r.churnEdits),
		quantiles(r.deadlineDelays))
	row("of which until a watch sees its status written overdue, p50 / p99 / max",
		quantiles(r.deadlineWrites))
	row(latencyRow, r.deadlineLatencies.String())
	row(partsRow, r.deadlineParts.String())
	row(fmt.Sprintf("while those deadlines passed: from the response to each of %d edits until a watch of every namespace's actions saw it (the API server's delivery to a watch), p50 / p99 / max", len(r.editDeliveries)),
		quantiles(r.editDeliveries))
	if len(r.burstDelays) > 0 {
		row(fmt.Sprintf("%d deadlines passing at one instant: until a watch has seen the first / half / every ActionOverdue event", len(r.burstDelays)),
			fmt.Sprintf("%s / %s / %s = %.0f deadlines/s", r.burstDelays[0].Round(time.Millisecond), percentile(r.burstDelays, 0.5).Round(time.Millisecond), r.burstTime().Round(time.Millisecond), r.burstRate()))
		row(latencyRow, r.burstLatencies.String())
	}
	row(fmt.Sprintf("status writes during %s idle (target 0)", r.config.idle), fmt.Sprintf("%d", r.idleWrites))
	row("one scrape of /metrics at rest", r.scrape.String())
	row("LessonsReport recompute (mean reconcile)", r.reportRecompute.Round(time.Microsecond).String())
	if r.config.organisation {
		row(fmt.Sprintf("organisation-wide report over %d namespaces (one confidential), while converging: every report's reconciles; its status writes", r.config.namespaces), r.organisationConverge.String())
		row(fmt.Sprintf("organisation-wide report while %d actions are created and fall overdue: every report's reconciles; its status writes", len(r.deadlineDelays)+len(r.burstDelays)), r.organisationDeadlines.String())
	}
	row("restart: cold start with every status written, until its cache has synced", fmt.Sprintf("%s, reading %s of JSON", r.restartReady.Round(time.Millisecond), mib(r.listBytesRestart)))
	row("restart: until every object has been reconciled once", r.restartReconciled.Round(time.Millisecond).String())
	row("restart: requests to the API server until then, by method (target: no writes)", requestsString(r.restartRequests))
	row("failover: two replicas with leader election (lease 15 s, renew 10 s, retry 2 s); the leader is killed (SIGKILL) while a deadline passes each second", r.failover.String())
	row("manager settings", r.config.memorySettings(r.peakCharged > 0))
	row("API server feature gates", cmp.Or(r.config.apiServerGates, "its defaults"))
	row("manager peak resident memory (VmHWM), first start or restart", mib(r.peakMemory))
	if r.peakCharged > 0 {
		row("manager peak memory charged to its memory cgroup (page cache included)", mib(r.peakCharged))
	}
	row("manager live heap at rest, after a garbage collection", mib(r.liveHeap))
	row("creating the objects (for reference)", r.createTime.Round(time.Millisecond).String())
	return b.String()
}

// latencyRow names the parts of a deadline's delay that latencies split.
const latencyRow = "while those deadlines passed: actions that waited in the manager's queue over 10 ms and over 100 ms, of all it handed out; then p50 / p99 (count) of the API server handling a status write to an action (PUT); of the API server handling an event's creation (POST); of the manager's reconcile of an action, which makes both requests"

// partsRow names the parts of each deadline's delay that its requests,
// in the API server's audit log, split.
const partsRow = "each deadline's delay split by its requests in the API server's audit log, p50 / p99 of: from the due date until the API server received the action's status write; its handling of that write; from its answer until the API server received the event; its handling of the event's creation; from its answer until the watch saw the event"

func mib(bytes int64) string { return fmt.Sprintf("%.0f MiB", float64(bytes)/(1<<20)) }

// memorySettings describes the manager's memory settings.
func (c config) memorySettings(capped bool) string {
	s := "GOMEMLIMIT " + c.goMemLimit
	if c.goMemLimit == "" {
		s = "no GOMEMLIMIT"
	}
	if capped {
		return s + fmt.Sprintf(", hard limit %d MiB (memory cgroup)", c.memoryLimit>>20)
	}
	return s + ", no hard limit"
}

func requestsString(byMethod map[string]int) string {
	var parts []string
	for _, m := range slices.Sorted(maps.Keys(byMethod)) {
		parts = append(parts, fmt.Sprintf("%s %d", m, byMethod[m]))
	}
	return strings.Join(parts, ", ")
}

func reconcilesString(stats map[string]reconcileStats) string {
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(stats)) {
		parts = append(parts, fmt.Sprintf("%s %d × %s", c, stats[c].count, stats[c].mean().Round(10*time.Microsecond)))
	}
	return strings.Join(parts, ", ")
}
