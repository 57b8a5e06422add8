package main

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The namespaces of the timed actions, apart from the workload: deadlines
// passing at a steady pace, and a burst of deadlines at one instant.
const (
	deadlineNamespace = "deadlines"
	burstNamespace    = "deadline-burst"
)

// timeDeadlines creates n actions in namespace whose due dates pass over
// spread (all at one instant when spread is zero), once they are all
// created, and returns, for each, the delay between its due
// date and the moment a watch saw its ActionOverdue event. The event's own
// time cannot be used: the operator stores times to the second. While the
// deadlines pass, churn keeps editing the workload's reviews, so the
// delays are those of an operator that is busy with other writes. The
// namespace gets the labels given: the organisation-wide report, if any,
// selects it, and recomputes as the actions are created and fall overdue.
// passing is called as the first deadline passes, and waited
// for at the end (it profiles the phase).
func timeDeadlines(ctx context.Context, c *clients, namespace string, n int, spread time.Duration, labels map[string]string, churn *churner, passing func() <-chan error) ([]time.Duration, error) {
	if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace, Labels: labels}}); err != nil {
		return nil, err
	}
	if err := c.Create(ctx, fixtures.Incident("timed", fixtures.InNamespace[v1alpha1.Incident](namespace))); err != nil {
		return nil, err
	}
	seen, err := watchOverdueEvents(ctx, c, namespace)
	if err != nil {
		return nil, err
	}
	defer seen.stop()
	// Time to create them all first: a thousand take a few seconds.
	lead := 5*time.Second + time.Duration(n)*25*time.Millisecond
	first := time.Now().Add(lead).Truncate(time.Second)
	due := make(map[string]time.Time, n)
	actions := make([]*v1alpha1.ImprovementAction, n)
	for i := range actions {
		at := first.Add(time.Duration(i) * spread / time.Duration(n)).Truncate(time.Second)
		actions[i] = fixtures.Action(fmt.Sprintf("timed-%04d", i), "timed", at, fixtures.InNamespace[v1alpha1.ImprovementAction](namespace))
		due[actions[i].Name] = at
	}
	if err := parallel(n, 16, func(i int) error { return c.Create(ctx, actions[i]) }); err != nil {
		return nil, err
	}
	if time.Now().After(first) {
		return nil, fmt.Errorf("creating %d actions took longer than the %s lead time", n, lead)
	}
	stopChurn := churn.start(ctx)
	time.Sleep(time.Until(first))
	profiled := passing()
	at, err := seen.waitFor(n, first.Add(spread+30*time.Second))
	if churnErr := stopChurn(); err == nil {
		err = churnErr
	}
	if profErr := <-profiled; err == nil {
		err = profErr
	}
	if err != nil {
		return nil, err
	}
	delays := make([]time.Duration, 0, n)
	for name, t := range at {
		delays = append(delays, t.Sub(due[name]))
	}
	sort.Slice(delays, func(i, j int) bool { return delays[i] < delays[j] })
	return delays, nil
}

// overdueEvents records when a watch first saw each action's ActionOverdue event.
type overdueEvents struct {
	w    watch.Interface
	mu   sync.Mutex
	at   map[string]time.Time
	done chan struct{}
}

func watchOverdueEvents(ctx context.Context, c *clients, namespace string) (*overdueEvents, error) {
	w, err := c.Watch(ctx, &eventsv1.EventList{}, client.InNamespace(namespace))
	if err != nil {
		return nil, err
	}
	o := &overdueEvents{w: w, at: map[string]time.Time{}, done: make(chan struct{})}
	go func() {
		defer close(o.done)
		for e := range w.ResultChan() {
			ev, ok := e.Object.(*eventsv1.Event)
			if !ok || e.Type != watch.Added || ev.Reason != string(v1alpha1.EventActionOverdue) || ev.Regarding.Kind != "ImprovementAction" {
				continue
			}
			o.mu.Lock()
			if _, dup := o.at[ev.Regarding.Name]; !dup {
				o.at[ev.Regarding.Name] = time.Now()
			}
			o.mu.Unlock()
		}
	}()
	return o, nil
}

// waitFor waits until n actions' events have been seen, or until deadline.
func (o *overdueEvents) waitFor(n int, deadline time.Time) (map[string]time.Time, error) {
	for {
		o.mu.Lock()
		at := maps.Clone(o.at)
		o.mu.Unlock()
		got := len(at)
		switch {
		case got >= n:
			return at, nil
		case time.Now().After(deadline):
			return nil, fmt.Errorf("only %d of %d deadlines were announced", got, n)
		}
		select {
		case <-o.done:
			return nil, fmt.Errorf("the event watch ended with %d of %d deadlines announced", got, n)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (o *overdueEvents) stop() {
	o.w.Stop()
	<-o.done
}
