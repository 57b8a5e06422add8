package e2e

import (
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
)

// startManager runs the manager with leader election, as in production, and
// waits until it reports ready.
func startManager(extraArgs ...string) *managerbin.Process {
	m, err := managerbin.Start(managerbin.Options{
		Binary:     managerBin,
		Kubeconfig: kubeconfig,
		Args: append([]string{
			"--leader-elect",
			"--leader-election-namespace=default",
			"--zap-log-level=debug",
		}, extraArgs...),
		LogPath: filepath.Join(workDir, fmt.Sprintf("manager-%d.log", time.Now().UnixNano())),
		Echo:    GinkgoWriter,
	})
	Expect(err).NotTo(HaveOccurred())
	Eventually(func() int { return m.Probe("/readyz") }).Should(Equal(http.StatusOK), "the manager becomes ready")
	return m
}

// stopManager sends SIGTERM and expects a clean exit.
func stopManager(m *managerbin.Process) {
	ExpectWithOffset(1, m.Stop(20*time.Second)).To(Succeed(), "the manager shuts down cleanly on SIGTERM")
}

// shortLease is args with a lease that lets a replica take over from a
// crashed leader in seconds rather than the default 15.
func shortLease(args ...string) []string {
	return append([]string{
		"--leader-election-lease-duration=4s",
		"--leader-election-renew-deadline=3s",
		"--leader-election-retry-period=500ms",
	}, args...)
}

// replaceManager stops the suite's manager and starts n replicas with args
// in its place. The spec's cleanup stops the replicas running then (a spec
// may replace a crashed one in the slice) and starts the suite's manager
// again.
func replaceManager(n int, args ...string) []*managerbin.Process {
	stopManager(manager)
	manager = nil
	replicas := make([]*managerbin.Process, n)
	for i := range replicas {
		replicas[i] = startManager(args...)
	}
	DeferCleanup(func() {
		for _, r := range replicas {
			if r.Running() {
				stopManager(r)
			}
		}
		manager = startManager()
	})
	return replicas
}

// soleLeader waits until exactly one of the replicas leads, in its own
// view, and returns it.
func soleLeader(replicas []*managerbin.Process, within time.Duration) *managerbin.Process {
	var leader *managerbin.Process
	EventuallyWithOffset(1, func() error {
		var leading []int
		for i, r := range replicas {
			if r.Leads() {
				leading = append(leading, i)
			}
		}
		if len(leading) != 1 {
			return fmt.Errorf("replicas leading: %v of %d", leading, len(replicas))
		}
		leader = replicas[leading[0]]
		return nil
	}, within, 100*time.Millisecond).Should(Succeed(), "exactly one replica leads")
	return leader
}

var _ = Describe("The manager binary", Ordered, func() {
	It("serves its health and readiness probes and metrics against a real API server", func() {
		Expect(manager.Probe("/healthz")).To(Equal(http.StatusOK))
		Expect(manager.Probe("/readyz")).To(Equal(http.StatusOK))
		Eventually(manager.Metrics).Should(ContainSubstring(`controller_runtime_reconcile_total{controller="incident"`))
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
