// Package e2e runs the built manager binary against a local control plane
// and drives it with kubectl, as a user would.
package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var (
	ctx        = context.Background()
	env        *testenv.Env
	k8s        client.Client
	workDir    string
	kubeconfig string
	managerBin string
	manager    *managerbin.Process
)

func TestE2E(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(30 * time.Second)
	SetDefaultEventuallyPollingInterval(200 * time.Millisecond)
	RunSpecs(t, "End to end")
}

var _ = BeforeSuite(func() {
	if _, err := exec.LookPath("kubectl"); err != nil {
		Skip("kubectl is not installed")
	}
	workDir = GinkgoT().TempDir()
	var err error
	managerBin, err = managerbin.Build(workDir)
	Expect(err).NotTo(HaveOccurred())
	plugin := exec.Command("go", "build", "-o", workDir, "./cmd/kubectl-lessons")
	plugin.Dir = testenv.RepoRoot()
	plugin.Stdout, plugin.Stderr = GinkgoWriter, GinkgoWriter
	Expect(plugin.Run()).To(Succeed(), "building the kubectl plugin")

	// Stopped after AfterSuite, even when a manager fails to stop there.
	env, kubeconfig = testenv.ForSuite(testenv.Start)
	k8s = env.Client

	manager = startManager()
})

var _ = AfterSuite(func() {
	if manager != nil && manager.Running() {
		stopManager(manager)
	}
})

// kubectlCommand is kubectl run against the local control plane.
func kubectlCommand(args ...string) *exec.Cmd {
	cmd := exec.Command("kubectl", args...)
	// The plugin is found on PATH, as kubectl plugins are.
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig, "PATH="+workDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	cmd.Dir = testenv.RepoRoot()
	return cmd
}

// kubectl runs kubectl and returns its combined output.
func kubectl(args ...string) (string, error) {
	out, err := kubectlCommand(args...).CombinedOutput()
	return string(out), err
}

// kubectlApart runs kubectl and returns its output and its warnings and
// errors apart.
func kubectlApart(args ...string) (stdout, stderr string, err error) {
	return kubectlApartStdin("", args...)
}

// kubectlApartStdin is kubectlApart with stdin.
func kubectlApartStdin(stdin string, args ...string) (stdout, stderr string, err error) {
	var out, warnings bytes.Buffer
	cmd := kubectlCommand(args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), &out, &warnings
	err = cmd.Run()
	return out.String(), warnings.String(), err
}

// mustKubectl runs kubectl and fails the test when it fails.
func mustKubectl(args ...string) string {
	out, err := kubectl(args...)
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "kubectl %v:\n%s", args, out)
	return out
}
