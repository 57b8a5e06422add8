package monitoring

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
)

// Server is a running Prometheus or Alertmanager, listening on Addr.
type Server struct {
	// Addr is where it serves its API, host:port on 127.0.0.1.
	Addr    string
	name    string
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
}

// start runs binary with args and "--web.listen-address" on a free local
// address, its output in dir/name.log (and echo, when not nil), and waits
// up to a minute for its /-/ready.
func start(name, binary, dir string, echo io.Writer, args ...string) (*Server, error) {
	addr, err := managerbin.FreeAddr()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, name+".log")
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: addr, name: name, logPath: logPath, exited: make(chan struct{})}
	s.cmd = exec.Command(binary, append(args, "--web.listen-address="+addr)...)
	s.cmd.Dir = dir
	var out io.Writer = log
	if echo != nil {
		out = io.MultiWriter(log, echo)
	}
	s.cmd.Stdout, s.cmd.Stderr = out, out
	if err := s.cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	go func() {
		_ = s.cmd.Wait()
		log.Close()
		close(s.exited)
	}()
	if err := s.waitReady(time.Minute); err != nil {
		_ = s.Stop()
		return nil, err
	}
	return s, nil
}

// URL is the server's base URL.
func (s *Server) URL() string { return "http://" + s.Addr }

func (s *Server) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited before it was ready:\n%s", s.name, s.Logs())
		default:
		}
		if resp, err := http.Get(s.URL() + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s was not ready within %s:\n%s", s.name, timeout, s.Logs())
}

// Logs is what the server has written so far.
func (s *Server) Logs() string {
	data, _ := os.ReadFile(s.logPath)
	return string(data)
}

// Stop sends SIGTERM and waits up to ten seconds, then kills it.
func (s *Server) Stop() error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-s.exited:
		return nil
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("%s did not stop within 10s of SIGTERM and was killed", s.name)
	}
}
