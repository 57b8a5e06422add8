package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
)

// manager is the manager binary under measurement, with its profiling
// endpoint.
type manager struct {
	*managerbin.Process
	pprofAddr string
}

// stop ends the manager; calling it again does nothing.
func (m *manager) stop() { _ = m.Stop(20 * time.Second) }

func (m *manager) scrape() (string, error) {
	body, err := get("http://" + m.MetricsAddr() + "/metrics")
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

// requests counts the manager's requests to the API server by method.
func (m *manager) requests() (map[string]int, error) {
	page, err := m.scrape()
	if err != nil {
		return nil, err
	}
	byMethod := map[string]int{}
	for _, match := range requestsTotal.FindAllStringSubmatch(page, -1) {
		method := methodLabel.FindStringSubmatch(match[1])
		v, err := strconv.ParseFloat(match[2], 64)
		if err != nil || method == nil {
			return nil, fmt.Errorf("unreadable metric %q", match[0])
		}
		byMethod[method[1]] += int(v)
	}
	return byMethod, nil
}

// statusWrites counts the manager's PUT requests: its status writes.
func (m *manager) statusWrites() (int, error) {
	byMethod, err := m.requests()
	return byMethod["PUT"], err
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
// memory its cache and state hold, without the collector's headroom.
func (m *manager) liveHeap() (int64, error) {
	if _, err := get("http://" + m.pprofAddr + "/debug/pprof/heap?gc=1"); err != nil {
		return 0, err
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
