package docs

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The reader's cluster: a control plane with config/default's policies and
// roles, the manager, and the samples applied in the namespaces the docs
// name. The reader works in a folder of their own that holds the repository's
// config/, a Git folder of reviews (reviews/, the samples) and the SIRO's
// assessment.txt.
var (
	kubeconfig string
	binDir     string
	readerDir  string
	homeDir    string
	manager    *managerbin.Process
)

// blockTimeout bounds one block: every command in the docs answers in
// seconds.
const blockTimeout = 60 * time.Second

// sampleNamespaces are those the docs use as the reader's own and give
// the samples to without saying so; the README applies them to reviews
// itself, and config/samples-organisation brings community-services,
// occupational-health and information-governance.
var sampleNamespaces = []string{"northshire-community-trust"}

// readerName is who runs the docs' commands: the SIRO the docs name, who
// signs as themselves, here also a cluster administrator.
const readerName = "siro@northshire.example.nhs.uk"

func TestDocs(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(30 * time.Second)
	SetDefaultEventuallyPollingInterval(200 * time.Millisecond)
	RunSpecs(t, "Docs")
}

var _ = BeforeSuite(func() {
	if _, err := exec.LookPath("kubectl"); err != nil {
		Skip("kubectl is not installed")
	}
	work := GinkgoT().TempDir()
	binDir, readerDir, homeDir = filepath.Join(work, "bin"), filepath.Join(work, "reader"), filepath.Join(work, "home")
	for _, d := range []string{binDir, readerDir, homeDir} {
		Expect(os.MkdirAll(d, 0o755)).To(Succeed())
	}
	managerBin, err := managerbin.Build(work)
	Expect(err).NotTo(HaveOccurred())
	plugin := exec.Command("go", "build", "-o", binDir, "./cmd/kubectl-lessons")
	plugin.Dir = testenv.RepoRoot()
	plugin.Stdout, plugin.Stderr = GinkgoWriter, GinkgoWriter
	Expect(plugin.Run()).To(Succeed(), "building the kubectl plugin")

	env, adminKubeconfig := testenv.ForSuite(testenv.Start)
	testenv.InstallPoliciesAndRoles(env.Client)
	user, err := env.AddUser(envtest.User{Name: readerName, Groups: []string{"system:masters"}}, nil)
	Expect(err).NotTo(HaveOccurred())
	data, err := user.KubeConfig()
	Expect(err).NotTo(HaveOccurred())
	kubeconfig = filepath.Join(work, "kubeconfig")
	Expect(os.WriteFile(kubeconfig, data, 0o600)).To(Succeed())

	manager, err = managerbin.Start(managerbin.Options{
		Binary:     managerBin,
		Kubeconfig: adminKubeconfig,
		LogPath:    filepath.Join(work, "manager.log"),
	})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { Expect(manager.Stop(20 * time.Second)).To(Succeed()) })
	Eventually(func() int { return manager.Probe("/readyz") }).Should(Equal(http.StatusOK), "the manager becomes ready")

	By("giving the reader the repository's config/, a Git folder of reviews and an assessment")
	mustRun(exec.Command("cp", "-R", filepath.Join(testenv.RepoRoot(), "config"), readerDir))
	mustRun(exec.Command("cp", "-R", filepath.Join(testenv.RepoRoot(), "config", "samples"), filepath.Join(readerDir, "reviews")))
	Expect(os.WriteFile(filepath.Join(readerDir, "assessment.txt"), []byte(
		"Two incidents and a near miss this year, each contained within hours and reported within the deadlines.\n"), 0o644)).To(Succeed())

	By("applying the samples in the namespaces the docs name")
	for _, ns := range sampleNamespaces {
		reader("kubectl create namespace " + ns)
		reader("kubectl apply -n " + ns + " -k config/samples")
	}
	reader("kubectl apply -k config/samples-organisation")
	for _, ns := range append(append([]string{}, sampleNamespaces...), "community-services") {
		Eventually(func() string {
			out, _ := shell("kubectl get incident phishing-credential-compromise-2025-05 -n " + ns + " -o jsonpath='{.status.phase}'")
			return out
		}).Should(Equal("AwaitingSignOff"), "the manager has seen the samples in %s", ns)
	}
})

// shell runs a script with bash as the reader would, in the reader's
// folder, against the control plane, with the plugin on PATH; it returns
// the combined output.
func shell(script string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), blockTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", "set -euo pipefail\n"+script)
	cmd.Dir = readerDir
	cmd.Env = append(os.Environ(),
		"KUBECONFIG="+kubeconfig,
		"HOME="+homeDir,
		"PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		err = ctx.Err()
	}
	return out.String(), err
}

// reader runs a script and fails the spec when it fails.
func reader(script string) string {
	out, err := shell(script)
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "%s\n%s", script, out)
	return out
}

func mustRun(cmd *exec.Cmd) {
	out, err := cmd.CombinedOutput()
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "%s\n%s", strings.Join(cmd.Args, " "), out)
}
