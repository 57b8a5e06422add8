package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Kubectl runs kubectl with kubeconfig, from the repository's top
// directory (so config/ paths work), and returns its combined output.
func Kubectl(kubeconfig string, args ...string) (string, error) {
	cmd := exec.Command("kubectl", append([]string{"--kubeconfig=" + kubeconfig}, args...)...)
	cmd.Dir = RepoRoot()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Helm runs the pinned Helm that `make helm` builds into bin/, from the
// repository's top directory, and returns its output; an error carries
// what Helm wrote to stderr.
func Helm(args ...string) ([]byte, error) {
	bin := filepath.Join(RepoRoot(), "bin", "helm")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("%w: run 'make helm' first", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = RepoRoot()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("helm %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}
