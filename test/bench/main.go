// Command bench measures the operator against a local control plane with the
// real manager binary: convergence of thousands of reviews compared with a
// plain client's raw status-write rate, status writes per object, the
// manager's peak memory, the LessonsReport recompute time, the delay between
// a deadline and its event, and writes while idle. `make bench` runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/api/resource"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/dspt-lessons/lessons-operator/internal/controller"
	"github.com/dspt-lessons/lessons-operator/test/managerbin"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

type config struct {
	manager        string
	namespaces     int
	incidentsPerNS int
	actionsPerInc  int
	deadlines      int
	deadlineSpread time.Duration
	burst          int
	idle           time.Duration
	workers        int
	rawWriters     int
	out            string
	profileDir     string
	profileTime    time.Duration
	managerArgs    string
	organisation   bool
	goMemLimit     string
	memoryLimit    int64
	churnRate      float64
	apiServerGates string
	runs           int
}

func main() {
	var c config
	flag.StringVar(&c.manager, "manager", "bin/manager", "The manager binary to measure.")
	flag.IntVar(&c.namespaces, "namespaces", 20, "Namespaces, each with one LessonsReport.")
	flag.IntVar(&c.incidentsPerNS, "incidents-per-namespace", 100, "Incidents (each with an RCA) per namespace.")
	flag.IntVar(&c.actionsPerInc, "actions-per-incident", 10, "Improvement actions per incident.")
	flag.IntVar(&c.deadlines, "deadlines", 600, "Actions whose deadline passes during the run, to time the events.")
	flag.DurationVar(&c.deadlineSpread, "deadline-spread", 2*time.Minute, "The time over which those deadlines pass; due dates are whole seconds, so each second's deadlines pass at one instant (600 over 2 minutes: 5 at each second, 18,000 an hour).")
	flag.IntVar(&c.burst, "deadline-burst", 100, "Actions whose deadlines all pass at one instant, as a day's due dates at midnight do, to time how long the last one's event takes; 0 for none.")
	flag.DurationVar(&c.idle, "idle", 60*time.Second, "How long to watch for writes once everything has converged.")
	flag.IntVar(&c.workers, "workers", 0, "The manager's --max-concurrent-reconciles; 0 leaves its default.")
	flag.IntVar(&c.rawWriters, "raw-writers", 16, "Writers of the raw baseline. 16 keep the API server's two CPUs busy; 64 were measured slower, which would flatter the operator.")
	flag.StringVar(&c.out, "out", "", "Also write the results table (Markdown) to this file.")
	flag.StringVar(&c.profileDir, "profile-dir", "", "Write CPU profiles of the API server and the manager during each phase (convergence, deadlines, restart, raw baseline), and the manager's heap profile at rest, to this directory (for go tool pprof).")
	flag.DurationVar(&c.profileTime, "profile-time", 20*time.Second, "How long each CPU profile covers, from the start of its phase.")
	flag.BoolVar(&c.organisation, "organisation-report", true, "Add an organisation-wide LessonsReport over every namespace, the deadline timing's included, and count its recomputes; false measures without it.")
	flag.StringVar(&c.managerArgs, "manager-args", "", "More flags for the manager, separated by spaces (e.g. \"--kube-api-qps=500\"), to try its settings.")
	flag.StringVar(&c.goMemLimit, "gomemlimit", shippedGoMemLimit, "The manager's GOMEMLIMIT, as its Deployment sets it; empty for none.")
	memoryLimit := flag.String("memory-limit", "", "Hold the manager to this much memory (e.g. 512Mi, its Deployment's limit) in a cgroup v1 memory group, as a container is; needs a writable "+cgroupMemoryRoot+".")
	flag.Float64Var(&c.churnRate, "churn", 10, "Edits a second to the workload's actions while the deadlines pass, as people still writing their reviews (36,000 an hour, more than any trust makes).")
	flag.StringVar(&c.apiServerGates, "apiserver-feature-gates", "", "The API server's --feature-gates, to measure without one of its defaults (e.g. \"DetectCacheInconsistency=false\"); empty for its defaults.")
	flag.IntVar(&c.runs, "runs", 1, "Run the whole benchmark this many times, each on a fresh control plane, and print the median and the range of the key figures.")
	flag.Parse()
	if *memoryLimit != "" {
		q, err := resource.ParseQuantity(*memoryLimit)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: --memory-limit:", err)
			os.Exit(2)
		}
		c.memoryLimit = q.Value()
	}
	if err := runAndReport(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// shippedGoMemLimit is the GOMEMLIMIT config/manager/manager.yaml sets.
const shippedGoMemLimit = "460MiB"

// runAndReport runs the benchmark c.runs times, printing each run's table
// and then, for several runs, their summary.
func runAndReport(c config) error {
	var all []*results
	var out strings.Builder
	for i := 1; i <= max(c.runs, 1); i++ {
		if c.runs > 1 {
			step("run %d of %d", i, c.runs)
		}
		r, err := run(c)
		if err != nil {
			return err
		}
		all = append(all, r)
		table := r.table()
		fmt.Println()
		fmt.Print(table)
		out.WriteString(table + "\n")
	}
	targets := "\n" + targetsTable(all)
	fmt.Print(targets)
	out.WriteString(targets)
	if len(all) > 1 {
		summary := summarize(all)
		fmt.Println()
		fmt.Print(summary)
		out.WriteString(summary)
	}
	if c.out == "" {
		return nil
	}
	return os.WriteFile(c.out, []byte(out.String()), 0o644)
}

// run measures everything once.
func run(c config) (*results, error) {
	ctx := context.Background()
	ctrllog.SetLogger(logr.Discard())
	dir, err := os.MkdirTemp("", "lessons-bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	opts, auditLog, err := auditing(dir)
	if err != nil {
		return nil, err
	}
	if c.apiServerGates != "" {
		opts = append(opts, testenv.APIServerFlag("feature-gates", c.apiServerGates))
	}
	env, err := testenv.StartWith(opts...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = env.Stop() }()
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := env.WriteAdminKubeconfig(kubeconfig); err != nil {
		return nil, err
	}
	cl, err := newClients(env)
	if err != nil {
		return nil, err
	}
	var r results
	r.config = c

	step("creating %d incidents, %d RCAs, %d actions, %d process reviews (with %d actions) and %d reports", c.namespaces*c.incidentsPerNS, c.namespaces*c.incidentsPerNS,
		c.namespaces*c.incidentsPerNS*c.actionsPerInc, 2*c.namespaces, 2*c.namespaces, c.namespaces)
	start := time.Now()
	objects, err := createWorkload(ctx, cl, c)
	if err != nil {
		return nil, err
	}
	r.objects = len(objects)
	r.createTime = time.Since(start)

	step("watching every object")
	w, err := startWatcher(env)
	if err != nil {
		return nil, err
	}
	defer w.stop()
	orgWrites, err := w.organisationWrites(ctx)
	if err != nil {
		return nil, err
	}
	prof := profiler{dir: c.profileDir, over: c.profileTime, api: env.Config}
	lat, err := newLatencyReader(env.Config)
	if err != nil {
		return nil, err
	}

	if r.listBytesFirst, err = listBytes(ctx, env.Config); err != nil {
		return nil, err
	}
	step("starting the manager and waiting for every status to converge")
	m, err := startManager(c, kubeconfig, dir)
	if err != nil {
		return nil, err
	}
	defer m.stop()
	if err := r.measureConvergence(ctx, cl, objects, m, w, prof); err != nil {
		return nil, err
	}
	step("converged in %s (cold start %s); the manager's peak memory so far: %s", r.convergeTime.Round(time.Millisecond), r.coldStart.Round(time.Millisecond), m.memoryReport())
	r.organisationConverge = organisationRecomputes{reconciles: r.convergeReconciles["lessonsreport"].count, writes: orgWrites.Load()}
	step("timing %d deadlines while editing %.0f actions a second", c.deadlines, c.churnRate)
	before := organisationRecomputes{writes: orgWrites.Load()}
	if before.reconciles, err = m.reportReconciles(); err != nil {
		return nil, err
	}
	churn := newChurner(cl, objects, c.churnRate)
	obs, err := lat.phase(prof, "deadlines", m, &r.deadlineLatencies)
	if err != nil {
		return nil, err
	}
	deadlines, err := timeDeadlines(ctx, cl, deadlineNamespace, c.deadlines, c.deadlineSpread, organisationLabels(false, c.organisation), churn, obs)
	if err != nil {
		return nil, err
	}
	r.deadlineDelays, r.deadlineWrites = delaysAfter(deadlines.due, deadlines.eventSeen), delaysAfter(deadlines.due, deadlines.statusSeen)
	requests, err := readDeadlineRequests(auditLog, deadlines.due)
	if err != nil {
		return nil, err
	}
	r.deadlineParts = splitDeadlines(deadlines.due, deadlines.eventSeen, requests)
	r.churnEdits, r.editDeliveries = int(churn.edits.Load()), churn.delivered
	if c.burst > 0 {
		step("timing %d deadlines passing at one instant", c.burst)
		obs, err := lat.phase(prof, "burst", m, &r.burstLatencies)
		if err != nil {
			return nil, err
		}
		burst, err := timeDeadlines(ctx, cl, burstNamespace, c.burst, 0, organisationLabels(false, c.organisation), churn, obs)
		if err != nil {
			return nil, err
		}
		r.burstDelays = delaysAfter(burst.due, burst.eventSeen)
	}
	after, err := m.reportReconciles()
	if err != nil {
		return nil, err
	}
	r.organisationDeadlines = organisationRecomputes{reconciles: after - before.reconciles, writes: orgWrites.Load() - before.writes}
	// The deadline phase's objects are waited for too: every status settles
	// before writes at rest are counted.
	if _, _, err := w.waitFor(ctx, converged, r.objects+timedObjects(c), time.Now(), patience(r.objects)); err != nil {
		return nil, err
	}
	if c.organisation {
		// The organisation-wide report folds the changes of a window into
		// one recompute: the last one lands a window after the last change.
		time.Sleep(controller.OrganisationCoalesce + time.Second)
	}
	step("watching for writes while idle for %s", c.idle)
	if err := r.measureIdle(m); err != nil {
		return nil, err
	}
	step("deadline delays p50 / p99 / max %s; an edit's delivery to a watch %s; at rest %d writes, live heap %s", quantiles(r.deadlineDelays), quantiles(r.editDeliveries), r.idleWrites, mib(r.liveHeap))
	m.stop()

	if r.listBytesRestart, err = listBytes(ctx, env.Config); err != nil {
		return nil, err
	}
	step("restarting the manager, as a new leader would, and waiting until it has reconciled every object")
	if m, err = startManager(c, kubeconfig, dir); err != nil {
		return nil, err
	}
	defer m.stop()
	profiled := prof.start("restart", m)
	if err := r.measureRestart(m, r.objects+timedObjects(c)); err != nil {
		return nil, err
	}
	if err := <-profiled; err != nil {
		return nil, err
	}
	step("restarted: ready after %s, every object reconciled after %s; peak memory %s", r.restartReady.Round(time.Millisecond), r.restartReconciled.Round(time.Millisecond), m.memoryReport())
	m.stop()

	step("failover: two replicas with leader election; killing the leader while deadlines pass")
	if err := r.measureFailover(ctx, c, cl, kubeconfig, dir, r.objects+timedObjects(c)); err != nil {
		return nil, err
	}
	step("failover: %s", r.failover)

	step("raw baseline: a plain client with %d writers writes back the %d statuses and creates again the %d events the operator wrote, watched as the manager watches", c.rawWriters, len(objects), r.eventCount)
	if err := r.measureRaw(ctx, env, cl, w, objects, prof); err != nil {
		return nil, err
	}
	return &r, nil
}

// measureConvergence times the manager from its start until the watcher
// has seen every object converged, with the CPU and requests it took.
func (r *results) measureConvergence(ctx context.Context, cl *clients, objects []client.Object, m *manager, w *watcher, prof profiler) error {
	procs := measuredProcesses(m.Pid())
	before := cpuNow(procs)
	profiled := prof.start("converge", m)
	ready := make(chan error, 1)
	go func() {
		var err error
		r.coldStart, err = m.untilReady(patience(r.objects))
		ready <- err
	}()
	var err error
	if r.firstWrite, r.convergeTime, err = w.waitFor(ctx, converged, r.objects, m.Started, patience(r.objects)); err != nil {
		if !m.Running() {
			return m.exited()
		}
		return fmt.Errorf("%w; the manager's peak memory so far: %s", err, m.memoryReport())
	}
	if err := <-ready; err != nil {
		return err
	}
	r.convergeCPU = cpuNow(procs).since(before)
	if err := <-profiled; err != nil {
		return err
	}
	if r.events, r.eventCount, err = operatorEvents(ctx, cl, objects); err != nil {
		return err
	}
	if r.convergeRequests, err = m.requests(); err != nil {
		return err
	}
	r.convergeReconciles, err = m.reconciles()
	return err
}

// measureIdle counts the manager's writes while nothing changes, then reads
// what the manager measured of itself.
func (r *results) measureIdle(m *manager) error {
	before, err := m.statusWrites()
	if err != nil {
		return err
	}
	time.Sleep(r.config.idle)
	after, err := m.statusWrites()
	if err != nil {
		return err
	}
	r.idleWrites = after - before
	stats, err := m.reconciles()
	if err != nil {
		return err
	}
	if stats["lessonsreport"].count == 0 {
		return fmt.Errorf("no LessonsReport reconciles recorded")
	}
	r.reportRecompute = stats["lessonsreport"].mean()
	r.notePeakMemory(m)
	if r.liveHeap, err = m.liveHeap(r.config.profileDir); err != nil {
		return err
	}
	r.scrape, err = m.measureScrape()
	return err
}

// measureRestart times a restarted manager, which finds every status
// written: until its cache has synced, and until it has reconciled every
// object once, with the requests that took (ideally none: nothing changed).
func (r *results) measureRestart(m *manager, objects int) error {
	var err error
	if r.restartReady, err = m.untilReady(patience(objects)); err != nil {
		return err
	}
	if r.restartReconciled, err = m.untilReconciled(objects, patience(objects)); err != nil {
		return err
	}
	if r.restartRequests, err = m.requests(); err != nil {
		return err
	}
	r.notePeakMemory(m)
	return nil
}

// notePeakMemory keeps the highest peak of the managers run so far.
func (r *results) notePeakMemory(m *manager) {
	r.peakMemory = max(r.peakMemory, m.peakRSS())
	if m.memCap != nil {
		r.peakCharged = max(r.peakCharged, m.memCap.peak())
	}
}

// measureRaw times the raw baseline, with the CPU it took.
func (r *results) measureRaw(ctx context.Context, env *testenv.Env, cl *clients, w *watcher, objects []client.Object, prof profiler) error {
	// The manager's informers, stood in for by a second watcher.
	informers, err := startWatcher(env)
	if err != nil {
		return err
	}
	defer informers.stop()
	procs := measuredProcesses(0)
	before := cpuNow(procs)
	profiled := prof.start("raw", nil)
	if r.rawTime, err = rawWrites(ctx, cl, w, objects, r.events, r.config.rawWriters); err != nil {
		return err
	}
	r.rawCPU = cpuNow(procs).since(before)
	return <-profiled
}

// timedObjects counts the objects the deadline phases create: their
// actions, and an incident for each phase.
func timedObjects(c config) int {
	n := c.deadlines + 1
	if c.burst > 0 {
		n += c.burst + 1
	}
	return n
}

// patience is how long a phase over the given number of objects may take
// before the run fails: 15 minutes, and 20 ms more for each object, as
// 100,000 reviews and their events take the API server tens of minutes to
// write on a small machine.
func patience(objects int) time.Duration {
	return 15*time.Minute + time.Duration(objects)*20*time.Millisecond
}

// managerArgs are the manager's flags: its defaults but for the profiling
// address and what the run asks to try.
func managerArgs(c config, pprofAddr string) []string {
	args := []string{"--pprof-bind-address=" + pprofAddr}
	if c.workers > 0 {
		args = append(args, fmt.Sprintf("--max-concurrent-reconciles=%d", c.workers))
	}
	return append(args, strings.Fields(c.managerArgs)...)
}

func step(format string, args ...any) {
	fmt.Printf("%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// startManager runs the manager binary without leader election, with the
// GOMEMLIMIT and, when asked, the hard memory limit of its Deployment.
func startManager(c config, kubeconfig, dir string) (*manager, error) {
	pprofAddr, err := managerbin.FreeAddr()
	if err != nil {
		return nil, err
	}
	var memCap *memoryCap
	if c.memoryLimit > 0 {
		if memCap, err = newMemoryCap(c.memoryLimit); err != nil {
			step("the manager runs WITHOUT a hard memory limit: %v", err)
		}
	}
	var env []string
	if c.goMemLimit != "" {
		env = append(env, "GOMEMLIMIT="+c.goMemLimit)
	}
	p, err := managerbin.Start(managerbin.Options{
		Binary:     c.manager,
		Kubeconfig: kubeconfig,
		Args:       managerArgs(c, pprofAddr),
		LogPath:    filepath.Join(dir, "manager.log"),
		Env:        env,
	})
	if err != nil {
		if memCap != nil {
			memCap.remove()
		}
		return nil, err
	}
	m := &manager{Process: p, pprofAddr: pprofAddr, memCap: memCap}
	if memCap != nil {
		if err := memCap.add(m.Pid()); err != nil {
			m.stop()
			return nil, err
		}
	}
	return m, nil
}
