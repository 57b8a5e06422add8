// Package alerting runs the path from the operator to an owner's inbox end
// to end, every part a real server on 127.0.0.1: the built manager against
// a local control plane, Debian's Prometheus scraping its metrics and
// evaluating the shipped rules, and Debian's Alertmanager routing with the
// shipped example configuration, its receivers made webhooks to a recorder
// in the test. Only the waits are shortened: `for:` in the rules, and the
// group and repeat intervals in the routing.
package alerting

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
	"github.com/dspt-lessons/lessons-operator/test/monitoring"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Every wait of the shipped alerting, made short enough for a test.
const (
	interval = time.Second // scrape and rule evaluation
	shortFor = "1s"        // each rule's for:
)

var timing = monitoring.Timing{GroupWait: time.Second, GroupInterval: 2 * time.Second, RepeatInterval: time.Hour}

var (
	ctx        = context.Background()
	k8s        client.Client
	manager    *managerbin.Process
	prometheus *monitoring.Prometheus
	inbox      *monitoring.Receiver
)

func TestAlerting(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(60 * time.Second)
	SetDefaultEventuallyPollingInterval(250 * time.Millisecond)
	RunSpecs(t, "Alerting end to end")
}

var _ = BeforeSuite(func() {
	// `make test` installs them: missing, the suite fails and says how.
	for name, pkg := range map[string]string{"prometheus": "prometheus", "prometheus-alertmanager": "prometheus-alertmanager"} {
		_, err := monitoring.Binary(name, pkg)
		Expect(err).NotTo(HaveOccurred())
	}
	dir := GinkgoT().TempDir()
	bin, err := managerbin.Build(dir)
	Expect(err).NotTo(HaveOccurred())

	env, kubeconfig := testenv.ForSuite(testenv.Start)
	k8s = env.Client

	// Metrics over plain HTTP on a local port (no --metrics-secure), with
	// the real clock: deadlines pass as they would in production.
	manager, err = managerbin.Start(managerbin.Options{Binary: bin, Kubeconfig: kubeconfig, LogPath: filepath.Join(dir, "manager.log")})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { Expect(manager.Stop(20 * time.Second)).To(Succeed()) })
	Eventually(func() int { return manager.Probe("/readyz") }).Should(Equal(http.StatusOK), "the manager becomes ready")

	inbox = monitoring.NewReceiver()
	DeferCleanup(inbox.Close)
	config, err := monitoring.TestAlertmanagerConfig(inbox.URL, timing)
	Expect(err).NotTo(HaveOccurred())
	alertmanager, err := monitoring.StartAlertmanager(dir, config, nil)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { Expect(alertmanager.Stop()).To(Succeed()) })

	rules, _, err := monitoring.WriteRuleFile(dir, shortFor)
	Expect(err).NotTo(HaveOccurred())
	prometheus, err = monitoring.StartPrometheus(monitoring.PrometheusOptions{
		Dir: dir, Target: manager.MetricsAddr(), RuleFile: rules, Alertmanager: alertmanager.Addr, Interval: interval,
	})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { Expect(prometheus.Stop()).To(Succeed()) })
})
