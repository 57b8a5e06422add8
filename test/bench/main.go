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
	"os/exec"
	"path/filepath"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

type config struct {
	manager        string
	namespaces     int
	incidentsPerNS int
	actionsPerInc  int
	deadlines      int
	idle           time.Duration
	workers        int
	out            string
}

func main() {
	var c config
	flag.StringVar(&c.manager, "manager", "bin/manager", "The manager binary to measure.")
	flag.IntVar(&c.namespaces, "namespaces", 20, "Namespaces, each with one LessonsReport.")
	flag.IntVar(&c.incidentsPerNS, "incidents-per-namespace", 100, "Incidents (each with an RCA) per namespace.")
	flag.IntVar(&c.actionsPerInc, "actions-per-incident", 10, "Improvement actions per incident.")
	flag.IntVar(&c.deadlines, "deadlines", 1000, "Actions whose deadline passes during the run, to time the events.")
	flag.DurationVar(&c.idle, "idle", 60*time.Second, "How long to watch for writes once everything has converged.")
	flag.IntVar(&c.workers, "workers", 4, "Concurrent reconciles per controller, and the raw baseline's concurrent writers.")
	flag.StringVar(&c.out, "out", "", "Also write the results table (Markdown) to this file.")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	ctx := context.Background()
	env, err := testenv.Start()
	if err != nil {
		return err
	}
	defer func() { _ = env.Stop() }()
	dir, err := os.MkdirTemp("", "lessons-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := env.WriteAdminKubeconfig(kubeconfig); err != nil {
		return err
	}
	cl, err := newClients(env, c.workers)
	if err != nil {
		return err
	}
	var r results
	r.config = c

	step("creating %d incidents, %d RCAs, %d actions and %d reports", c.namespaces*c.incidentsPerNS, c.namespaces*c.incidentsPerNS, c.namespaces*c.incidentsPerNS*c.actionsPerInc, c.namespaces)
	start := time.Now()
	objects, err := createWorkload(ctx, cl, c)
	if err != nil {
		return err
	}
	r.objects = len(objects)
	r.createTime = time.Since(start)

	step("raw baseline: %d status writes by a plain client with %d writers", len(objects), c.workers)
	if r.rawTime, err = rawStatusWrites(ctx, cl, objects, c.workers); err != nil {
		return err
	}

	step("starting the manager and waiting for every status to converge")
	m, err := startManager(c.manager, kubeconfig, dir, c.workers)
	if err != nil {
		return err
	}
	defer m.stop()
	start = time.Now()
	if err := waitConverged(ctx, cl, objects, 15*time.Minute); err != nil {
		return err
	}
	r.convergeTime = time.Since(start)
	if r.convergeWrites, err = m.statusWrites(); err != nil {
		return err
	}

	step("timing %d deadlines", c.deadlines)
	if r.deadlineDelays, err = timeDeadlines(ctx, cl, c.deadlines); err != nil {
		return err
	}

	step("watching for writes while idle for %s", c.idle)
	before, err := m.statusWrites()
	if err != nil {
		return err
	}
	time.Sleep(c.idle)
	after, err := m.statusWrites()
	if err != nil {
		return err
	}
	r.idleWrites = after - before
	if r.reportRecompute, err = m.meanReconcileTime("lessonsreport"); err != nil {
		return err
	}
	r.peakMemory = m.peakRSS()

	table := r.table()
	fmt.Println()
	fmt.Print(table)
	if c.out != "" {
		return os.WriteFile(c.out, []byte(table), 0o644)
	}
	return nil
}

func step(format string, args ...any) {
	fmt.Printf("%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// startManager runs the manager binary without leader election.
func startManager(bin, kubeconfig, dir string, workers int) (*manager, error) {
	m := &manager{metricsAddr: freeAddr()}
	log, err := os.Create(filepath.Join(dir, "manager.log"))
	if err != nil {
		return nil, err
	}
	m.cmd = exec.Command(bin, "--kubeconfig="+kubeconfig, "--metrics-bind-address="+m.metricsAddr,
		"--health-probe-bind-address=0", fmt.Sprintf("--max-concurrent-reconciles=%d", workers))
	m.cmd.Stdout, m.cmd.Stderr = log, log
	return m, m.cmd.Start()
}
