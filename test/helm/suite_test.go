// Package helm_test installs, upgrades and uninstalls the Helm chart with
// the pinned Helm against a local control plane, as an operator team would,
// and checks what Helm leaves in the cluster at each step: the reviews and
// their CRDs outlive every step, since records are evidence. The control
// plane has no nodes, so the manager's pods never run; the objects Helm
// writes are what is checked.
package helm_test

import (
	"context"
	"os/exec"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var (
	ctx        = context.Background()
	env        *testenv.Env
	admin      client.Client
	kubeconfig string
	workDir    string
)

func TestHelm(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(30 * time.Second)
	SetDefaultEventuallyPollingInterval(250 * time.Millisecond)
	RunSpecs(t, "The Helm chart against a control plane")
}

var _ = BeforeSuite(func() {
	if _, err := exec.LookPath("kubectl"); err != nil {
		Skip("kubectl is not on PATH: this suite reads the cluster with it, as users do")
	}
	// The chart installs the CRDs: a control plane that had them already
	// would make Helm refuse to adopt them.
	env, kubeconfig = testenv.ForSuite(testenv.StartWithoutCRDs)
	admin = env.Client
	workDir = GinkgoT().TempDir()
})

// helm runs the pinned Helm against the control plane and returns its
// output, failing the spec when it fails.
func helm(args ...string) string {
	out, err := testenv.Helm(append(args, "--kubeconfig", kubeconfig)...)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return string(out)
}

// kubectl runs kubectl as the administrator and returns its output,
// failing the spec when it fails.
func kubectl(args ...string) string {
	out, err := testenv.Kubectl(kubeconfig, args...)
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "kubectl %v:\n%s", args, out)
	return out
}
