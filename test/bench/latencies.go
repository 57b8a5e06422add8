package main

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"k8s.io/client-go/rest"
)

// latencies split a deadline's delay into the parts that take time: the
// wait in the manager's queue once the deadline has passed, the API
// server's own handling of the two requests a deadline makes (the action's
// status write, then its events), and the manager's reconcile, which waits
// for both. What a deadline's delay has beyond the queue and the reconcile
// is the watch's delivery to the client.
type latencies struct {
	queueWait   histogram // the manager: an ImprovementAction in its queue, once ready
	statusWrite histogram // the API server: PUT improvementactions/status
	eventCreate histogram // the API server: POST events
	reconcile   histogram // the manager: an ImprovementAction's reconcile
	// late is how long after the phase's first deadline its observation
	// began, when reading the metrics took longer than foreseen: the
	// reconciles handed out before it are missing from the histograms.
	late time.Duration
}

// latencyReader reads those histograms from the API server's and the
// manager's metrics.
type latencyReader struct {
	api     *http.Client
	apiHost string
}

func newLatencyReader(cfg *rest.Config) (latencyReader, error) {
	c, err := rest.HTTPClientFor(cfg)
	return latencyReader{api: c, apiHost: strings.TrimSuffix(cfg.Host, "/")}, err
}

// read takes the histograms' counts so far.
func (lr latencyReader) read(m *manager) (latencies, error) {
	var l latencies
	api, err := fetch(lr.api, lr.apiHost+"/metrics")
	if err != nil {
		return l, err
	}
	if l.statusWrite, err = readHistogram(api, "apiserver_request_duration_seconds",
		map[string]string{"verb": "PUT", "resource": "improvementactions", "subresource": "status"}); err != nil {
		return l, err
	}
	if l.eventCreate, err = readHistogram(api, "apiserver_request_duration_seconds",
		map[string]string{"verb": "POST", "resource": "events"}); err != nil {
		return l, err
	}
	page, err := m.scrape()
	if err != nil {
		return l, err
	}
	if l.queueWait, err = readHistogram([]byte(page), "workqueue_queue_duration_seconds", map[string]string{"name": "improvementaction"}); err != nil {
		return l, err
	}
	l.reconcile, err = readHistogram([]byte(page), "controller_runtime_reconcile_time_seconds", map[string]string{"controller": "improvementaction"})
	return l, err
}

// since is what was observed between an earlier reading and this one.
func (l latencies) since(earlier latencies) latencies {
	return latencies{
		queueWait:   l.queueWait.since(earlier.queueWait),
		statusWrite: l.statusWrite.since(earlier.statusWrite),
		eventCreate: l.eventCreate.since(earlier.eventCreate),
		reconcile:   l.reconcile.since(earlier.reconcile),
		late:        earlier.late,
	}
}

// String lists the queue's waits over 10 and 100 ms (its buckets are
// decades), then the others as p50 / p99 (count).
func (l latencies) String() string {
	s := fmt.Sprintf("%d and %d of %d; %s; %s; %s", l.queueWait.over(0.01), l.queueWait.over(0.1), l.queueWait.count(), l.statusWrite, l.eventCreate, l.reconcile)
	if l.late > 0 {
		s += fmt.Sprintf(" (observed only from %s after the first deadline)", ms(l.late))
	}
	return s
}

// phaseObserver observes a deadline phase: start, called lead before the
// first deadline, profiles the phase and takes the histograms so far; what
// it returns, called once the phase has ended, takes them again.
type phaseObserver struct {
	lead  time.Duration
	start func(first time.Time) func() error
}

// phase times a reading of the histograms, which grows with the objects
// (the manager computes its gauges from every review as it is scraped) and
// with the load, so that the phase's observation starts early enough to
// have read them before its first deadline: three such readings ahead,
// and a second more. The phase's latencies are measured into *into.
func (lr latencyReader) phase(prof profiler, name string, m *manager, into *latencies) (phaseObserver, error) {
	began := time.Now()
	if _, err := lr.read(m); err != nil {
		return phaseObserver{}, err
	}
	return phaseObserver{
		lead:  time.Second + 3*time.Since(began),
		start: func(first time.Time) func() error { return lr.observe(prof, name, m, first, into) },
	}, nil
}

// observe profiles a phase and measures its latencies into *into: call it
// just before the phase's first deadline, and what it returns once the
// phase has ended. A reading that ends after the first deadline is kept,
// and marked late.
func (lr latencyReader) observe(prof profiler, phase string, m *manager, first time.Time, into *latencies) func() error {
	profiled := prof.start(phase, m)
	before, readErr := lr.read(m)
	before.late = max(time.Since(first), 0)
	return func() error {
		if readErr == nil {
			*into, readErr = lr.settled(m, before)
		}
		if err := <-profiled; err != nil {
			return err
		}
		return readErr
	}
}

// settled reads what was observed since before once the manager has
// finished every reconcile it handed out since: it counts a reconcile as
// it returns, a moment after the event the phase waited for was created.
// It gives up waiting after settleTimeout and returns what it has.
func (lr latencyReader) settled(m *manager, before latencies) (latencies, error) {
	giveUp := time.Now().Add(settleTimeout)
	for {
		after, err := lr.read(m)
		if err != nil {
			return latencies{}, err
		}
		l := after.since(before)
		if l.reconcile.count() >= l.queueWait.count() || time.Now().After(giveUp) {
			return l, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// settleTimeout bounds the wait for the manager's reconciles to finish.
const settleTimeout = 10 * time.Second
