package monitoring

import (
	"io"
	"os"
	"path/filepath"
)

// StartAlertmanager runs Debian's Alertmanager on a free local port with
// config, alone (clustering off) and its state in dir.
func StartAlertmanager(dir string, config []byte, echo io.Writer) (*Server, error) {
	bin, err := Binary("prometheus-alertmanager", "prometheus-alertmanager")
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "alertmanager.yaml")
	if err := os.WriteFile(file, config, 0o600); err != nil {
		return nil, err
	}
	return start("alertmanager", bin, dir, echo,
		"--config.file="+file,
		"--storage.path="+filepath.Join(dir, "alertmanager-data"),
		"--cluster.listen-address=",
	)
}
