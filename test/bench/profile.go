package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"k8s.io/client-go/rest"
)

// profiler takes CPU profiles of the manager and the API server during a
// phase, for `go tool pprof`, to see where the time goes. With no directory
// it does nothing.
type profiler struct {
	dir  string
	over time.Duration
	api  *rest.Config
}

// start profiles for p.over in the background, writing
// <dir>/<phase>-<process>.pprof; the channel gives the outcome. m is nil
// while the manager is not running.
func (p profiler) start(phase string, m *manager) <-chan error {
	done := make(chan error, 1)
	if p.dir == "" {
		done <- nil
		return done
	}
	seconds := int(p.over.Seconds())
	apiClient, err := rest.HTTPClientFor(p.api)
	if err != nil {
		done <- err
		return done
	}
	targets := map[string]func() ([]byte, error){
		"kube-apiserver": func() ([]byte, error) {
			return fetch(apiClient, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", strings.TrimSuffix(p.api.Host, "/"), seconds))
		},
	}
	if m != nil {
		targets["manager"] = func() ([]byte, error) {
			return get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", m.pprofAddr, seconds))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(targets))
	for name, take := range targets {
		wg.Go(func() {
			profile, err := take()
			if err == nil {
				err = os.WriteFile(filepath.Join(p.dir, phase+"-"+name+".pprof"), profile, 0o644)
			}
			errs <- err
		})
	}
	go func() {
		wg.Wait()
		close(errs)
		var first error
		for err := range errs {
			if err != nil && first == nil {
				first = err
			}
		}
		done <- first
	}()
	return done
}

func fetch(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}
