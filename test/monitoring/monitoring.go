// Package monitoring runs the shipped alerting as tests need it: Debian's
// Prometheus and Alertmanager binaries, the PrometheusRule's groups as a
// plain rule file (with shorter `for:` when a test cannot wait minutes),
// the example Alertmanager configuration with its receivers pointed at a
// local webhook, and a receiver that records what Alertmanager sends.
package monitoring

import (
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Binary finds a Debian prometheus or prometheus-alertmanager binary.
// `make test` installs them (`make alerting`), so a missing one is an
// error that says so, never a reason to skip.
func Binary(name, debianPackage string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not installed: run `make alerting` (`make test` does) or `apt-get install %s`", name, debianPackage)
	}
	return path, nil
}

// configFile is a file under the repository's config/.
func configFile(parts ...string) string {
	return filepath.Join(append([]string{testenv.RepoRoot(), "config"}, parts...)...)
}
