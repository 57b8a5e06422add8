package testenv

import (
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// ForSuite starts a Ginkgo suite's control plane with start (Start, or
// StartWithoutCRDs for a suite that installs them as users do), stops it
// when the suite ends, and writes the administrator's kubeconfig for
// kubectl, Helm and the manager into a directory of the suite's own.
func ForSuite(start func() (*Env, error)) (env *Env, kubeconfig string) {
	env, err := start()
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { Expect(env.Stop()).To(Succeed()) })
	kubeconfig = filepath.Join(GinkgoT().TempDir(), "kubeconfig")
	Expect(env.WriteAdminKubeconfig(kubeconfig)).To(Succeed())
	return env, kubeconfig
}
