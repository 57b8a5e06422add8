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

// timeDeadlines creates n actions in namespace whose due dates pass over
// spread (all at one instant when spread is zero), once they are all
// created, and returns, for each, the delay between its due date and the
// moment a watch saw its ActionOverdue event, and the delay until a watch
// saw its status written overdue (which comes first). The event's own time
// cannot be used: the operator stores times to the second. While the
// deadlines pass, churn keeps editing the workload's reviews, so the
// delays are those of an operator that is busy with other writes. The
// namespace gets the labels given: the organisation-wide report, if any,
// selects it, and recomputes as the actions are created and fall overdue.
// passing is called a second before the first deadline passes, and what it
// returns once every event has been seen (it observes the phase).
func timeDeadlines(ctx context.Context, c *clients, namespace string, n int, spread time.Duration, labels map[string]string, churn *churner, passing func() func() error) (events, statuses []time.Duration, err error) {
	if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace, Labels: labels}}); err != nil {
		return nil, nil, err
	}
	if err := c.Create(ctx, fixtures.Incident("timed", fixtures.InNamespace[v1alpha1.Incident](namespace))); err != nil {
		return nil, nil, err
	}
	seen, err := watchOverdueEvents(ctx, c, namespace)
	if err != nil {
		return nil, nil, err
	}
	defer seen.stop()
	written, err := watchOverdueStatuses(ctx, c, namespace)
	if err != nil {
		return nil, nil, err
	}
	defer written.stop()
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
		return nil, nil, err
	}
	if time.Now().After(first) {
		return nil, nil, fmt.Errorf("creating %d actions took longer than the %s lead time", n, lead)
	}
	stopChurn := churn.start(ctx)
	// The phase is observed from a second before the first deadline: by
	// then the reconciles of the actions' creation are over.
	time.Sleep(time.Until(first.Add(-time.Second)))
	passed := passing()
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
		return nil, nil, err
	}
	return delaysAfter(due, at), delaysAfter(due, writtenAt), nil
}

// delaysAfter sorts the delays from each due date to when it was seen.
func delaysAfter(due, seen map[string]time.Time) []time.Duration {
	delays := make([]time.Duration, 0, len(seen))
	for name, t := range seen {
		delays = append(delays, t.Sub(due[name]))
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

// watchFirstSeen watches list in namespace; match names the object an
// event shows in the state looked for.
func watchFirstSeen(ctx context.Context, c *clients, list client.ObjectList, namespace string, match func(watch.Event) (string, bool)) (*firstSeen, error) {
	w, err := c.Watch(ctx, list, client.InNamespace(namespace))
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
	return watchFirstSeen(ctx, c, &eventsv1.EventList{}, namespace, func(e watch.Event) (string, bool) {
		ev, ok := e.Object.(*eventsv1.Event)
		if !ok || e.Type != watch.Added || ev.Reason != string(v1alpha1.EventActionOverdue) || ev.Regarding.Kind != "ImprovementAction" {
			return "", false
		}
		return ev.Regarding.Name, true
	})
}

// watchOverdueStatuses sees each action's status written overdue, which
// comes before its event.
func watchOverdueStatuses(ctx context.Context, c *clients, namespace string) (*firstSeen, error) {
	return watchFirstSeen(ctx, c, &v1alpha1.ImprovementActionList{}, namespace, func(e watch.Event) (string, bool) {
		a, ok := e.Object.(*v1alpha1.ImprovementAction)
		if !ok || e.Type != watch.Modified || a.Status.OverdueSince == nil {
			return "", false
		}
		return a.Name, true
	})
}

// waitFor waits until n actions' events have been seen, or until deadline.
func (o *firstSeen) waitFor(n int, deadline time.Time) (map[string]time.Time, error) {
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

func (o *firstSeen) stop() {
	o.w.Stop()
	<-o.done
}
