package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
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

// deadlineTimes are, by action, when each timed action fell due, when a
// watch saw its ActionOverdue event, and when a watch saw its status
// written overdue (which comes first).
type deadlineTimes struct{ due, eventSeen, statusSeen map[string]time.Time }

// timeDeadlines creates n actions in namespace whose due dates pass over
// spread (all at one instant when spread is zero), once they are all
// created, and times when each is seen overdue. The event's own time
// cannot be used: the operator stores times to the second. While the
// deadlines pass, churn keeps editing the workload's reviews, so the
// delays are those of an operator that is busy with other writes. The
// namespace gets the labels given: the organisation-wide report, if any,
// selects it, and recomputes as the actions are created and fall overdue.
// obs observes the phase from its lead before the first deadline until
// every event has been seen.
func timeDeadlines(ctx context.Context, c *clients, namespace string, n int, spread time.Duration, labels map[string]string, churn *churner, obs phaseObserver) (deadlineTimes, error) {
	var none deadlineTimes
	if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace, Labels: labels}}); err != nil {
		return none, err
	}
	if err := c.Create(ctx, fixtures.Incident("timed", fixtures.InNamespace[v1alpha1.Incident](namespace))); err != nil {
		return none, err
	}
	seen, err := watchOverdueEvents(ctx, c, namespace)
	if err != nil {
		return none, err
	}
	defer seen.stop()
	written, err := watchOverdueStatuses(ctx, c, namespace)
	if err != nil {
		return none, err
	}
	defer written.stop()
	// Time to create them all first (a thousand take a few seconds), then
	// to start observing.
	lead := 5*time.Second + time.Duration(n)*25*time.Millisecond + obs.lead
	first := time.Now().Add(lead).Truncate(time.Second)
	due := make(map[string]time.Time, n)
	actions := make([]*v1alpha1.ImprovementAction, n)
	for i := range actions {
		at := first.Add(time.Duration(i) * spread / time.Duration(n)).Truncate(time.Second)
		actions[i] = fixtures.Action(fmt.Sprintf("timed-%04d", i), "timed", at, fixtures.InNamespace[v1alpha1.ImprovementAction](namespace))
		due[actions[i].Name] = at
	}
	if err := parallel(n, 16, func(i int) error { return c.Create(ctx, actions[i]) }); err != nil {
		return none, err
	}
	if time.Now().After(first) {
		return none, fmt.Errorf("creating %d actions took longer than the %s lead time", n, lead)
	}
	stopChurn, err := churn.start(ctx)
	if err != nil {
		return none, err
	}
	// The phase is observed from shortly before the first deadline: by
	// then the reconciles of the actions' creation are over.
	time.Sleep(time.Until(first.Add(-obs.lead)))
	passed := obs.start(first)
	time.Sleep(time.Until(first))
	at, err := seen.waitFor(n, first.Add(spread+30*time.Second))
	var writtenAt map[string]time.Time
	if err == nil {
		// Every event follows its status: the statuses have been seen.
		writtenAt, err = written.waitFor(n, time.Now().Add(10*time.Second))
	}
	if churnErr := stopChurn(); err == nil {
		err = churnErr
	}
	if observeErr := passed(); err == nil {
		err = observeErr
	}
	if err != nil {
		return none, err
	}
	return deadlineTimes{due: due, eventSeen: at, statusSeen: writtenAt}, nil
}

// delaysAfter sorts the delays from each due date to when it was seen;
// what has no due date is not timed.
func delaysAfter(due, seen map[string]time.Time) []time.Duration {
	delays := make([]time.Duration, 0, len(seen))
	for name, t := range seen {
		if d, ok := due[name]; ok {
			delays = append(delays, t.Sub(d))
		}
	}
	slices.Sort(delays)
	return delays
}

// firstSeen records when a watch first saw each object match.
type firstSeen struct {
	w    watch.Interface
	mu   sync.Mutex
	at   map[string]time.Time
	done chan struct{}
}

// watchFirstSeen watches list as opts select; match names what an event
// shows in the state looked for.
func watchFirstSeen(ctx context.Context, c *clients, list client.ObjectList, match func(watch.Event) (string, bool), opts ...client.ListOption) (*firstSeen, error) {
	w, err := c.Watch(ctx, list, opts...)
	if err != nil {
		return nil, err
	}
	o := &firstSeen{w: w, at: map[string]time.Time{}, done: make(chan struct{})}
	go func() {
		defer close(o.done)
		for e := range w.ResultChan() {
			name, ok := match(e)
			if !ok {
				continue
			}
			o.mu.Lock()
			if _, dup := o.at[name]; !dup {
				o.at[name] = time.Now()
			}
			o.mu.Unlock()
		}
	}()
	return o, nil
}

// watchOverdueEvents sees each action's ActionOverdue event.
func watchOverdueEvents(ctx context.Context, c *clients, namespace string) (*firstSeen, error) {
	return watchFirstSeen(ctx, c, &eventsv1.EventList{}, func(e watch.Event) (string, bool) {
		ev, ok := e.Object.(*eventsv1.Event)
		if !ok || e.Type != watch.Added || ev.Reason != string(v1alpha1.EventActionOverdue) || ev.Regarding.Kind != "ImprovementAction" {
			return "", false
		}
		return ev.Regarding.Name, true
	}, client.InNamespace(namespace))
}

// watchOverdueStatuses sees each action's status written overdue, which
// comes before its event.
func watchOverdueStatuses(ctx context.Context, c *clients, namespace string) (*firstSeen, error) {
	return watchFirstSeen(ctx, c, &v1alpha1.ImprovementActionList{}, func(e watch.Event) (string, bool) {
		a, ok := e.Object.(*v1alpha1.ImprovementAction)
		if !ok || e.Type != watch.Modified || a.Status.OverdueSince == nil {
			return "", false
		}
		return a.Name, true
	}, client.InNamespace(namespace))
}

// waitFor waits until n actions' events have been seen, or until deadline.
func (o *firstSeen) waitFor(n int, deadline time.Time) (map[string]time.Time, error) {
	return o.waitUntil(n, func(at map[string]time.Time) int { return len(at) }, "deadlines announced", deadline)
}

// waitUntil waits until count finds want of what is looked for among
// what has been seen, or until deadline.
func (o *firstSeen) waitUntil(want int, count func(at map[string]time.Time) int, what string, deadline time.Time) (map[string]time.Time, error) {
	for {
		o.mu.Lock()
		at := maps.Clone(o.at)
		o.mu.Unlock()
		got := count(at)
		switch {
		case got >= want:
			return at, nil
		case time.Now().After(deadline):
			return nil, fmt.Errorf("only %d of %d %s", got, want, what)
		}
		select {
		case <-o.done:
			return nil, fmt.Errorf("the watch ended with %d of %d %s", got, want, what)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (o *firstSeen) stop() {
	o.w.Stop()
	<-o.done
}
