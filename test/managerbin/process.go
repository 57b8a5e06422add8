package managerbin

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"syscall"
	"time"
)

// Options says how to run the manager.
type Options struct {
	// Binary is the manager binary, as Build returns it.
	Binary string
	// Kubeconfig is the file the manager reaches the API server with.
	Kubeconfig string
	// Args are flags beyond those Start sets (the kubeconfig and the probe
	// and metrics addresses).
	Args []string
	// LogPath is the file the manager's output goes to.
	LogPath string
	// Echo, when set, also receives the manager's output as it comes.
	Echo io.Writer
	// Env are variables (NAME=value) set beyond this process's own, such
	// as the GOMEMLIMIT a Deployment sets.
	Env []string
}

// Process is a running manager.
type Process struct {
	cmd         *exec.Cmd
	probeAddr   string
	metricsAddr string
	logPath     string
	// Started is when the process was started.
	Started time.Time
	exited  chan struct{}
	exitErr error // how it exited, once exited is closed
}

// FreeAddr is a local address no one listens on right now.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Start starts the manager with its probes and metrics on free local
// addresses. It does not wait for the manager to be ready.
func Start(o Options) (*Process, error) {
	probeAddr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	metricsAddr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(o.LogPath)
	if err != nil {
		return nil, err
	}
	p := &Process{probeAddr: probeAddr, metricsAddr: metricsAddr, logPath: o.LogPath, exited: make(chan struct{})}
	p.cmd = exec.Command(o.Binary, append([]string{
		"--kubeconfig=" + o.Kubeconfig,
		"--health-probe-bind-address=" + probeAddr,
		"--metrics-bind-address=" + metricsAddr,
	}, o.Args...)...)
	var out io.Writer = log
	if o.Echo != nil {
		out = io.MultiWriter(log, o.Echo)
	}
	p.cmd.Stdout, p.cmd.Stderr = out, out
	p.cmd.Env = append(os.Environ(), o.Env...)
	p.Started = time.Now()
	if err := p.cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	go func() {
		p.exitErr = p.cmd.Wait()
		log.Close()
		close(p.exited)
	}()
	return p, nil
}

// Pid is the process's id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// MetricsAddr is the address of the metrics endpoint, host:port.
func (p *Process) MetricsAddr() string { return p.metricsAddr }

// Logs is what the manager has written so far.
func (p *Process) Logs() (string, error) {
	data, err := os.ReadFile(p.logPath)
	return string(data), err
}

// Probe fetches a probe path (/healthz, /readyz) and returns the HTTP
// status, 0 while the manager does not answer.
func (p *Process) Probe(path string) int {
	resp, err := http.Get("http://" + p.probeAddr + path)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// Metrics returns the metrics page; it fails while the metrics server is
// not serving yet, which may be a moment after the manager is ready.
func (p *Process) Metrics() (string, error) {
	resp, err := http.Get("http://" + p.metricsAddr + "/metrics")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}

var leaderGauge = regexp.MustCompile(`(?m)^leader_election_master_status\{name="[^"]+"\} 1$`)

// Leads tells whether the manager holds the leader-election lease, from its
// leader_election_master_status gauge (absent until it first leads).
func (p *Process) Leads() bool {
	page, err := p.Metrics()
	return err == nil && leaderGauge.MatchString(page)
}

// QueueDepth is how many requests wait in a controller's work queue, from
// its workqueue_depth gauge; 0 while the gauge is absent (a controller
// that has not made its queue).
func (p *Process) QueueDepth(controller string) (int, error) {
	page, err := p.Metrics()
	if err != nil {
		return 0, err
	}
	depth := regexp.MustCompile(`(?m)^workqueue_depth\{controller="` + regexp.QuoteMeta(controller) + `",[^}]*\} (\d+)$`)
	m := depth.FindStringSubmatch(page)
	if m == nil {
		return 0, nil
	}
	return strconv.Atoi(m[1])
}

// Running tells whether the process has not exited.
func (p *Process) Running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// Stop sends SIGTERM and waits up to grace for the manager to exit, killing
// it then. It returns nil only for a clean exit within grace; a second call
// returns how the process ended.
func (p *Process) Stop(grace time.Duration) error {
	if !p.Running() {
		return p.exitErr
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-p.exited:
		return p.exitErr
	case <-time.After(grace):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("the manager did not stop within %s of SIGTERM and was killed", grace)
	}
}

// Kill sends SIGKILL, as a crash or a lost node would: nothing is flushed
// and the leader-election lease is not released. It fails unless the
// process ends by it.
func (p *Process) Kill() error {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		return errors.New("the manager is still running 10s after SIGKILL")
	}
	if p.exitErr == nil {
		return errors.New("the manager exited cleanly before it was killed")
	}
	return nil
}
