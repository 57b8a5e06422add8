// Package upgrade_test upgrades the CRDs from the previous release to this
// tree's, with reviews of every kind and state stored under the old ones,
// and runs the manager built from this tree against them: what users have
// stored stays readable, listable, reconciled and editable, even where a
// rule added since would refuse it as new.
package upgrade_test

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// previousRelease is the release whose CRDs testdata holds (see
// testdata/README.md).
const previousRelease = "v0.1.0"

// mainBeforeCorrections is the commit of main whose CRDs testdata also
// holds: what clusters deploying from main ran before corrections were
// kept, and deadlines and facts could move with no trace.
const mainBeforeCorrections = "577fe26"

var (
	ctx        = context.Background()
	env        *testenv.Env
	admin      client.Client
	workDir    string
	kubeconfig string
	managerBin string
	manager    *managerbin.Process
)

func TestUpgrade(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(30 * time.Second)
	SetDefaultEventuallyPollingInterval(250 * time.Millisecond)
	RunSpecs(t, "Upgrade from the previous release")
}

var _ = BeforeSuite(func() {
	if _, err := exec.LookPath("kubectl"); err != nil {
		Skip("kubectl is not on PATH: this suite installs and lists with it, as users do")
	}
	workDir = GinkgoT().TempDir()
	var err error
	managerBin, err = managerbin.Build(workDir)
	Expect(err).NotTo(HaveOccurred())
	// The previous release's CRDs go in first, as a cluster running it has.
	env, kubeconfig = testenv.ForSuite(testenv.StartWithoutCRDs)
	// Stopped before the control plane, by the cleanup registered last.
	DeferCleanup(func() {
		if manager != nil {
			Expect(manager.Stop(20*time.Second)).To(Succeed(), "the manager shuts down cleanly")
		}
	})
	admin = env.Client
})

// kubectl runs kubectl as the administrator and returns its output,
// failing the spec when it fails.
func kubectl(args ...string) string {
	out, err := testenv.Kubectl(kubeconfig, args...)
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "kubectl %v:\n%s", args, out)
	return out
}

// installCRDs applies the CRDs in dir (relative to the repository) as
// users do, with server-side apply under kubectl's field manager, and
// waits until they serve.
func installCRDs(dir string) {
	kubectl("apply", "--server-side", "-f", dir)
	kubectl("wait", "--for=condition=Established", "--timeout=30s", "-f", dir)
}

// startManager runs the manager built from this tree, as its Deployment
// would, and waits until it is ready; the suite's cleanup stops it.
func startManager() {
	m, err := managerbin.Start(managerbin.Options{
		Binary:     managerBin,
		Kubeconfig: kubeconfig,
		LogPath:    filepath.Join(workDir, "manager.log"),
		Echo:       GinkgoWriter,
	})
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	manager = m
	EventuallyWithOffset(1, func() int { return m.Probe("/readyz") }).Should(Equal(http.StatusOK), "the manager becomes ready")
}
