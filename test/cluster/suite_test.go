// Package cluster_test checks what the README promises of a whole cluster,
// against a local control plane with kube-controller-manager running beside
// it: a namespace holding protected records is not deleted until they are
// released, the shipped roles aggregate into the built-in view, edit and
// admin roles, and the garbage collector leaves reviews alone when their
// incident is deleted. It is driven with kubectl where a user would use
// kubectl, and with the Go client otherwise.
package cluster_test

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
	ctx = context.Background()
	env *testenv.Env
	// admin is a cluster administrator (system:masters): RBAC does not
	// limit it, the admission policies do.
	admin      client.Client
	kubeconfig string
)

func TestCluster(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Cluster behaviour with kube-controller-manager")
}

var _ = BeforeSuite(func() {
	if _, err := exec.LookPath("kubectl"); err != nil {
		Skip("kubectl is not on PATH: this suite drives the cluster with it, as users do")
	}
	// The controllers act within seconds, not at once: the namespace
	// controller waits five seconds before it deletes a namespace's content.
	SetDefaultEventuallyTimeout(30 * time.Second)
	SetDefaultEventuallyPollingInterval(250 * time.Millisecond)

	env, kubeconfig = testenv.ForSuite(testenv.Start)
	admin = env.Client
	testenv.InstallPoliciesAndRoles(admin)
	_, err := env.StartControllerManager(GinkgoWriter)
	Expect(err).NotTo(HaveOccurred())
})
