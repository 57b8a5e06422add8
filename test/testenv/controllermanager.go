package testenv

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// controllerManagerControllers are the controllers of kube-controller-manager
// that finish what the API server only records: deleting a namespace's
// content, collecting the dependents of deleted owners, and filling
// aggregated ClusterRoles. The others look after workloads, nodes and
// volumes, which the local control plane has none of.
var controllerManagerControllers = []string{"namespace", "garbagecollector", "clusterrole-aggregation"}

// ControllerManager is kube-controller-manager running beside the control
// plane as a process.
type ControllerManager struct {
	cmd     *exec.Cmd
	dir     string
	exited  chan struct{}
	exitErr error // how it exited, once exited is closed
	stop    sync.Once
	stopErr error
}

// StartControllerManager runs kube-controller-manager, built by `make
// envtest` beside kube-apiserver, against the control plane as a cluster
// administrator, with its output going to out. Stop stops it, and so does
// Env.Stop. It fails at once when the binary is missing or exits early.
func (e *Env) StartControllerManager(out io.Writer) (*ControllerManager, error) {
	bin := filepath.Join(filepath.Dir(e.ControlPlane.APIServer.Path), "kube-controller-manager")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("no kube-controller-manager beside kube-apiserver (%w): run `make envtest` to build it", err)
	}
	dir, err := os.MkdirTemp("", "kube-controller-manager-")
	if err != nil {
		return nil, err
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := e.WriteAdminKubeconfig(kubeconfig); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	m := &ControllerManager{dir: dir, exited: make(chan struct{})}
	m.cmd = exec.Command(bin,
		"--kubeconfig="+kubeconfig,
		"--controllers="+strings.Join(controllerManagerControllers, ","),
		"--leader-elect=false",
		// No serving: nothing scrapes or probes it.
		"--secure-port=0",
		// The administrator's identity for every controller: a service
		// account of each's own would need the token controller, which
		// needs a signing key.
		"--use-service-account-credentials=false",
	)
	tail := &tailWriter{max: 1024}
	out = io.MultiWriter(out, tail)
	m.cmd.Stdout, m.cmd.Stderr = out, out
	if err := m.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() {
		m.exitErr = m.cmd.Wait()
		close(m.exited)
	}()
	// A flag this version refuses ends the process within a moment.
	select {
	case <-m.exited:
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%s exited at start (%v), ending with:\n%s", bin, m.exitErr, tail)
	case <-time.After(2 * time.Second):
	}
	e.controllerManagers = append(e.controllerManagers, m)
	return m, nil
}

// Stop sends SIGTERM and waits for the process to exit, killing it after
// ten seconds. It fails when the process had exited before, since
// kube-controller-manager stops only when told to; a second call returns
// what the first did.
func (m *ControllerManager) Stop() error {
	m.stop.Do(func() {
		defer os.RemoveAll(m.dir)
		m.stopErr = m.terminate()
	})
	return m.stopErr
}

func (m *ControllerManager) terminate() error {
	select {
	case <-m.exited:
		return fmt.Errorf("kube-controller-manager had exited before it was stopped: %v", m.exitErr)
	default:
	}
	if err := m.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-m.exited:
		return nil
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.exited
		return errors.New("kube-controller-manager did not stop within 10s of SIGTERM and was killed")
	}
}

// tailWriter keeps the last max bytes written to it: the end of a usage
// message, where kube-controller-manager names the flag it refused.
type tailWriter struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (w *tailWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}

func (w *tailWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if len(w.buf) > w.max {
		w.buf = w.buf[len(w.buf)-w.max:]
	}
	return len(p), nil
}
