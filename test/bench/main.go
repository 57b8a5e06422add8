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
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

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
	idle           time.Duration
	workers        int
	out            string
	profileDir     string
	profileTime    time.Duration
	managerArgs    string
	organisation   bool
}

func main() {
	var c config
	flag.StringVar(&c.manager, "manager", "bin/manager", "The manager binary to measure.")
	flag.IntVar(&c.namespaces, "namespaces", 20, "Namespaces, each with one LessonsReport.")
	flag.IntVar(&c.incidentsPerNS, "incidents-per-namespace", 100, "Incidents (each with an RCA) per namespace.")
	flag.IntVar(&c.actionsPerInc, "actions-per-incident", 10, "Improvement actions per incident.")
	flag.IntVar(&c.deadlines, "deadlines", 1000, "Actions whose deadline passes during the run, to time the events.")
	flag.DurationVar(&c.deadlineSpread, "deadline-spread", 20*time.Second, "The time over which those deadlines pass.")
	flag.DurationVar(&c.idle, "idle", 60*time.Second, "How long to watch for writes once everything has converged.")
	flag.IntVar(&c.workers, "workers", 4, "Concurrent reconciles per controller; the raw baseline has this many writers per kind.")
	flag.StringVar(&c.out, "out", "", "Also write the results table (Markdown) to this file.")
	flag.StringVar(&c.profileDir, "profile-dir", "", "Write CPU profiles of the API server and the manager during the raw baseline and the convergence to this directory (for go tool pprof).")
	flag.DurationVar(&c.profileTime, "profile-time", 20*time.Second, "How long each CPU profile covers, from the start of its phase.")
	flag.BoolVar(&c.organisation, "organisation-report", true, "Add an organisation-wide LessonsReport over every namespace, the deadline timing's included, and count its recomputes; false measures without it.")
	flag.StringVar(&c.managerArgs, "manager-args", "", "More flags for the manager, separated by spaces (e.g. \"--kube-api-qps=500\"), to try its settings.")
	flag.Parse()
	if err := runAndReport(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// runAndReport runs the benchmark and prints its table.
func runAndReport(c config) error {
	r, err := run(c)
	if err != nil {
		return err
	}
	table := r.table()
	fmt.Println()
	fmt.Print(table)
	if c.out == "" {
		return nil
	}
	return os.WriteFile(c.out, []byte(table), 0o644)
}

// run measures everything once.
func run(c config) (*results, error) {
	ctx := context.Background()
	ctrllog.SetLogger(logr.Discard())
	env, err := testenv.Start()
	if err != nil {
		return nil, err
	}
	defer func() { _ = env.Stop() }()
	dir, err := os.MkdirTemp("", "lessons-bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
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

	step("creating %d incidents, %d RCAs, %d actions and %d reports", c.namespaces*c.incidentsPerNS, c.namespaces*c.incidentsPerNS, c.namespaces*c.incidentsPerNS*c.actionsPerInc, c.namespaces)
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

	step("starting the manager and waiting for every status to converge")
	m, err := startManager(c, kubeconfig, dir)
	if err != nil {
		return nil, err
	}
	defer m.stop()
	if err := r.measureConvergence(ctx, m, w, prof); err != nil {
		return nil, err
	}
	r.organisationConverge = organisationRecomputes{reconciles: r.convergeReconciles["lessonsreport"].count, writes: orgWrites.Load()}
	step("timing %d deadlines", c.deadlines)
	before := organisationRecomputes{writes: orgWrites.Load()}
	if before.reconciles, err = m.reportReconciles(); err != nil {
		return nil, err
	}
	if r.deadlineDelays, err = timeDeadlines(ctx, cl, c.deadlines, c.deadlineSpread, organisationLabels(false, c.organisation)); err != nil {
		return nil, err
	}
	after, err := m.reportReconciles()
	if err != nil {
		return nil, err
	}
	r.organisationDeadlines = organisationRecomputes{reconciles: after - before.reconciles, writes: orgWrites.Load() - before.writes}
	step("watching for writes while idle for %s", c.idle)
	if err := r.measureIdle(m); err != nil {
		return nil, err
	}
	m.stop()

	step("raw baseline: a plain client with %d writers writes back the %d statuses the operator wrote", rawWriters(c), len(objects))
	if err := r.measureRaw(ctx, cl, w, objects, prof); err != nil {
		return nil, err
	}
	return &r, nil
}

// measureConvergence times the manager from its start until the watcher
// has seen every object converged, with the CPU and requests it took.
func (r *results) measureConvergence(ctx context.Context, m *manager, w *watcher, prof profiler) error {
	procs := measuredProcesses(m.Pid())
	before := cpuNow(procs)
	profiled := prof.start("converge", m)
	var err error
	if r.firstWrite, r.convergeTime, err = w.waitFor(ctx, converged, r.objects, m.Started, 15*time.Minute); err != nil {
		return err
	}
	r.convergeCPU = cpuNow(procs).since(before)
	if err := <-profiled; err != nil {
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
	r.peakMemory = m.peakRSS()
	r.liveHeap, err = m.liveHeap()
	return err
}

// measureRaw times the raw baseline, with the CPU it took.
func (r *results) measureRaw(ctx context.Context, cl *clients, w *watcher, objects []client.Object, prof profiler) error {
	procs := measuredProcesses(0)
	before := cpuNow(procs)
	profiled := prof.start("raw", nil)
	var err error
	if r.rawTime, err = rawStatusWrites(ctx, cl, w, objects, rawWriters(r.config)); err != nil {
		return err
	}
	r.rawCPU = cpuNow(procs).since(before)
	return <-profiled
}

// reviewKinds is how many controllers the manager runs.
const reviewKinds = 4

// rawWriters is the raw baseline's concurrency: as many writes at once as
// the manager can reconcile at once.
func rawWriters(c config) int { return c.workers * reviewKinds }

func step(format string, args ...any) {
	fmt.Printf("%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// startManager runs the manager binary without leader election.
func startManager(c config, kubeconfig, dir string) (*manager, error) {
	pprofAddr, err := managerbin.FreeAddr()
	if err != nil {
		return nil, err
	}
	p, err := managerbin.Start(managerbin.Options{
		Binary:     c.manager,
		Kubeconfig: kubeconfig,
		Args: append([]string{"--pprof-bind-address=" + pprofAddr, fmt.Sprintf("--max-concurrent-reconciles=%d", c.workers)},
			strings.Fields(c.managerArgs)...),
		LogPath: filepath.Join(dir, "manager.log"),
	})
	if err != nil {
		return nil, err
	}
	return &manager{Process: p, pprofAddr: pprofAddr}, nil
}
