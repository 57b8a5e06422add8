package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// manager is the manager binary under measurement.
type manager struct {
	cmd         *exec.Cmd
	metricsAddr string
}

func (m *manager) stop() {
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = m.cmd.Process.Kill()
	}
}

func (m *manager) scrape() (string, error) {
	for attempt := 0; ; attempt++ {
		resp, err := http.Get("http://" + m.metricsAddr + "/metrics")
		if err != nil {
			if attempt < 50 {
				time.Sleep(200 * time.Millisecond)
				continue
			}
			return "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return string(body), err
	}
}

var putRequests = regexp.MustCompile(`(?m)^rest_client_requests_total\{[^}]*method="PUT"[^}]*\} ([0-9.e+]+)$`)

// statusWrites counts the manager's PUT requests: its status writes.
func (m *manager) statusWrites() (int, error) {
	page, err := m.scrape()
	if err != nil {
		return 0, err
	}
	total := 0.0
	for _, match := range putRequests.FindAllStringSubmatch(page, -1) {
		v, err := strconv.ParseFloat(match[1], 64)
		if err != nil {
			return 0, err
		}
		total += v
	}
	return int(total), nil
}

// meanReconcileTime reads a controller's mean reconcile duration.
func (m *manager) meanReconcileTime(controller string) (time.Duration, error) {
	page, err := m.scrape()
	if err != nil {
		return 0, err
	}
	value := func(suffix string) float64 {
		re := regexp.MustCompile(`(?m)^controller_runtime_reconcile_time_seconds_` + suffix + `\{controller="` + controller + `"\} ([0-9.e+-]+)$`)
		match := re.FindStringSubmatch(page)
		if match == nil {
			return 0
		}
		v, _ := strconv.ParseFloat(match[1], 64)
		return v
	}
	sum, count := value("sum"), value("count")
	if count == 0 {
		return 0, fmt.Errorf("no %s reconciles recorded", controller)
	}
	return time.Duration(sum / count * float64(time.Second)), nil
}

// peakRSS is the manager's peak resident memory (VmHWM), in bytes.
func (m *manager) peakRSS() int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", m.cmd.Process.Pid))
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
