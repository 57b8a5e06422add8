// Package managerbin builds the manager binary and runs it as a process
// against a control plane, as its Deployment would run it: with flags, a
// kubeconfig, logs kept in a file, and stopped by a signal.
package managerbin

import (
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Build builds the manager into dir and returns the binary's path.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "manager")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd")
	cmd.Dir = testenv.RepoRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the manager: %w\n%s", err, out)
	}
	return bin, nil
}
