package e2e

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// managerProcess is the manager binary running against the control plane.
type managerProcess struct {
	cmd         *exec.Cmd
	probeAddr   string
	metricsAddr string
	logPath     string
	exited      chan error
	// done is set once exited has been received from.
	done bool
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	Expect(err).NotTo(HaveOccurred())
	defer l.Close()
	return l.Addr().String()
}

// startManager runs the manager with leader election, as in production, and
// waits until it reports ready.
func startManager(extraArgs ...string) *managerProcess {
	m := &managerProcess{probeAddr: freeAddr(), metricsAddr: freeAddr(), exited: make(chan error, 1)}
	args := append([]string{
		"--kubeconfig=" + kubeconfig,
		"--health-probe-bind-address=" + m.probeAddr,
		"--metrics-bind-address=" + m.metricsAddr,
		"--leader-elect",
		"--leader-election-namespace=default",
		"--zap-log-level=debug",
	}, extraArgs...)
	m.cmd = exec.Command(managerBin, args...)
	m.logPath = filepath.Join(workDir, fmt.Sprintf("manager-%d.log", time.Now().UnixNano()))
	logFile, err := os.Create(m.logPath)
	Expect(err).NotTo(HaveOccurred())
	m.cmd.Stdout, m.cmd.Stderr = io.MultiWriter(logFile, GinkgoWriter), io.MultiWriter(logFile, GinkgoWriter)
	Expect(m.cmd.Start()).To(Succeed())
	go func() { m.exited <- m.cmd.Wait(); logFile.Close() }()
	Eventually(func() int { return m.get("/readyz") }).Should(Equal(http.StatusOK), "the manager becomes ready")
	return m
}

// get fetches a probe path and returns the HTTP status (0 when unreachable).
func (m *managerProcess) get(path string) int {
	resp, err := http.Get("http://" + m.probeAddr + path)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// metrics returns the metrics page, or "" while the metrics server is not
// serving yet (it may start a moment after the readiness probe).
func (m *managerProcess) metrics() string {
	resp, err := http.Get("http://" + m.metricsAddr + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return ""
	}
	return string(body)
}

// stop sends SIGTERM and expects a clean exit.
func (m *managerProcess) stop() {
	Expect(m.cmd.Process.Signal(syscall.SIGTERM)).To(Succeed())
	Eventually(m.exited, 20*time.Second).Should(Receive(BeNil()), "the manager shuts down cleanly on SIGTERM")
	m.done = true
}

// kill sends SIGKILL, as a crash or an evicted node would: nothing is
// flushed and the leader-election lease is not released.
func (m *managerProcess) kill() {
	Expect(m.cmd.Process.Signal(syscall.SIGKILL)).To(Succeed())
	Eventually(m.exited, 10*time.Second).Should(Receive(HaveOccurred()), "the manager is killed")
	m.done = true
}

// running tells whether the process has not exited.
func (m *managerProcess) running() bool {
	if m.done {
		return false
	}
	select {
	case err := <-m.exited:
		m.exited <- err
		return false
	default:
		return true
	}
}

// leads tells whether the manager holds the leader-election lease, from its
// leader_election_master_status gauge (absent until it first leads).
func (m *managerProcess) leads() bool {
	return leaderGauge.MatchString(m.metrics())
}

var leaderGauge = regexp.MustCompile(`(?m)^leader_election_master_status\{name="[^"]+"\} 1$`)

var _ = Describe("The manager binary", Ordered, func() {
	It("serves its health and readiness probes and metrics against a real API server", func() {
		Expect(manager.get("/healthz")).To(Equal(http.StatusOK))
		Expect(manager.get("/readyz")).To(Equal(http.StatusOK))
		Eventually(manager.metrics).Should(ContainSubstring(`controller_runtime_reconcile_total{controller="incident"`))
	})

	It("refuses invalid deadline flags with a clear message", func() {
		out, err := exec.Command(managerBin, "--overdue-reminder-interval=0s").CombinedOutput()
		Expect(err).To(HaveOccurred())
		Expect(string(out)).To(ContainSubstring("overdue reminder interval must be positive"))
		out, err = exec.Command(managerBin, "--rca-review-window=Severe=3d").CombinedOutput()
		Expect(err).To(HaveOccurred())
		Expect(string(out)).To(ContainSubstring("severity must be Critical, High, Medium or Low"))
	})
})
