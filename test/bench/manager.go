package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
)

// manager is the manager binary under measurement, with its profiling
// endpoint and the memory group holding it (nil when uncapped).
type manager struct {
	*managerbin.Process
	pprofAddr string
	memCap    *memoryCap
}

// stop ends the manager; calling it again does nothing.
func (m *manager) stop() {
	_ = m.Stop(20 * time.Second)
	if m.memCap != nil {
		m.memCap.remove()
	}
}

// untilReady waits until the manager's readiness probe passes, which it
// does once its cache has read every review kind, and returns how long
// after the process started that was: the cold start.
func (m *manager) untilReady(timeout time.Duration) (time.Duration, error) {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(25 * time.Millisecond) {
		if m.Probe("/readyz") == http.StatusOK {
			return time.Since(m.Started), nil
		}
		if !m.Running() {
			return 0, m.exited()
		}
	}
	return 0, fmt.Errorf("the manager was not ready within %s", timeout)
}

// untilReconciled waits until the manager has reconciled at least the
// given number of objects and its work queues are empty, and returns how
// long after the process started that was.
func (m *manager) untilReconciled(objects int, timeout time.Duration) (time.Duration, error) {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if !m.Running() {
			return 0, m.exited()
		}
		stats, err := m.reconciles()
		if err != nil {
			return 0, err
		}
		total := 0
		for _, s := range stats {
			total += s.count
		}
		if total < objects {
			continue
		}
		if idle, err := m.queuesEmpty(); err != nil || idle {
			return time.Since(m.Started), err
		}
	}
	return 0, fmt.Errorf("the manager had not reconciled %d objects within %s", objects, timeout)
}

var queueDepth = regexp.MustCompile(`(?m)^workqueue_depth\{[^}]*\} ([0-9.e+]+)$`)

// queuesEmpty tells whether every controller's work queue is empty.
func (m *manager) queuesEmpty() (bool, error) {
	page, err := m.scrape()
	if err != nil {
		return false, err
	}
	for _, match := range queueDepth.FindAllStringSubmatch(page, -1) {
		if match[1] != "0" {
			return false, nil
		}
	}
	return true, nil
}

// memoryReport describes the manager's peak memory so far, printed as a
// long run goes, so a run that fails later still tells it.
func (m *manager) memoryReport() string {
	s := mib(m.peakRSS()) + " VmHWM"
	if m.memCap != nil {
		s += fmt.Sprintf(", %s charged to its %d MiB memory cgroup", mib(m.memCap.peak()), m.memCap.limit>>20)
	}
	return s
}

// exited explains why the manager stopped, naming the memory limit when
// the kernel killed it for reaching it.
func (m *manager) exited() error {
	err := m.Stop(0)
	if m.memCap != nil && m.memCap.oomKills() > 0 {
		return fmt.Errorf("the manager was killed on reaching its %d MiB memory limit (%v)", m.memCap.limit>>20, err)
	}
	return fmt.Errorf("the manager exited: %v", err)
}

// scrape reads the manager's metrics; when it cannot because the manager
// has stopped, the error says why it stopped.
func (m *manager) scrape() (string, error) {
	body, err := get("http://" + m.MetricsAddr() + "/metrics")
	if err != nil && !m.Running() {
		return "", m.exited()
	}
	return string(body), err
}

// get fetches a page from the manager, waiting for it to start serving.
func get(url string) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		resp, err := http.Get(url)
		if err != nil {
			if attempt < 50 {
				time.Sleep(200 * time.Millisecond)
				continue
			}
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		return io.ReadAll(resp.Body)
	}
}

var requestsTotal = regexp.MustCompile(`(?m)^rest_client_requests_total\{([^}]*)\} ([0-9.e+]+)$`)
var methodLabel = regexp.MustCompile(`method="([A-Z]+)"`)
var codeLabel = regexp.MustCompile(`code="([^"]*)"`)

// requests counts the manager's requests to the API server by method.
func (m *manager) requests() (map[string]int, error) {
	page, err := m.scrape()
	if err != nil {
		return nil, err
	}
	byMethod := map[string]int{}
	for _, match := range requestsTotal.FindAllStringSubmatch(page, -1) {
		method, code := methodLabel.FindStringSubmatch(match[1]), codeLabel.FindStringSubmatch(match[1])
		v, err := strconv.ParseFloat(match[2], 64)
		if err != nil || method == nil || code == nil {
			return nil, fmt.Errorf("unreadable metric %q", match[0])
		}
		key := method[1]
		if !strings.HasPrefix(code[1], "2") {
			// Refused, most often a status computed from a cache that
			// was behind (a conflict): the API server wrote nothing.
			key += refused
		}
		byMethod[key] += int(v)
	}
	return byMethod, nil
}

// refused marks, after a method, the requests the API server refused.
const refused = " refused"

// statusWrites counts the manager's PUT requests, refused or not: its
// attempts to write a status.
func (m *manager) statusWrites() (int, error) {
	byMethod, err := m.requests()
	return byMethod["PUT"] + byMethod["PUT"+refused], err
}

var reconcileTime = regexp.MustCompile(`(?m)^controller_runtime_reconcile_time_seconds_(sum|count)\{controller="([a-z]+)"\} ([0-9.e+-]+)$`)

// reconcileStats is what a controller's reconciles took.
type reconcileStats struct {
	count int
	total time.Duration
}

func (s reconcileStats) mean() time.Duration {
	if s.count == 0 {
		return 0
	}
	return s.total / time.Duration(s.count)
}

// reconciles reads each controller's reconcile count and time so far.
func (m *manager) reconciles() (map[string]reconcileStats, error) {
	page, err := m.scrape()
	if err != nil {
		return nil, err
	}
	stats := map[string]reconcileStats{}
	for _, match := range reconcileTime.FindAllStringSubmatch(page, -1) {
		v, err := strconv.ParseFloat(match[3], 64)
		if err != nil {
			return nil, fmt.Errorf("unreadable metric %q", match[0])
		}
		st := stats[match[2]]
		if match[1] == "count" {
			st.count = int(v)
		} else {
			st.total = time.Duration(v * float64(time.Second))
		}
		stats[match[2]] = st
	}
	return stats, nil
}

var heapAlloc = regexp.MustCompile(`(?m)^go_memstats_heap_alloc_bytes ([0-9.e+]+)$`)

// liveHeap is the manager's heap right after a garbage collection: the
// memory its cache and state hold, without the collector's headroom. With
// a profile directory, the heap profile taken is kept there as
// rest-heap.pprof, to see what holds it.
func (m *manager) liveHeap(profileDir string) (int64, error) {
	profile, err := get("http://" + m.pprofAddr + "/debug/pprof/heap?gc=1")
	if err != nil {
		return 0, err
	}
	if profileDir != "" {
		if err := os.WriteFile(filepath.Join(profileDir, "rest-heap.pprof"), profile, 0o644); err != nil {
			return 0, err
		}
	}
	page, err := m.scrape()
	if err != nil {
		return 0, err
	}
	match := heapAlloc.FindStringSubmatch(page)
	if match == nil {
		return 0, fmt.Errorf("the manager's metrics have no go_memstats_heap_alloc_bytes")
	}
	v, err := strconv.ParseFloat(match[1], 64)
	return int64(v), err
}

// peakRSS is the manager's peak resident memory (VmHWM), in bytes.
func (m *manager) peakRSS() int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", m.Pid()))
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
