package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// timeDeadlines creates n actions whose due dates pass over spread, once
// they are all created, and returns, for each, the delay between its due
// date and its ActionOverdue event. The namespace gets the labels given.
func timeDeadlines(ctx context.Context, c *clients, n int, spread time.Duration, labels map[string]string) ([]time.Duration, error) {
	const ns = "deadlines"
	// The organisation-wide report, if any, selects the namespace: it
	// recomputes as the actions are created and as their deadlines pass.
	if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: labels}}); err != nil {
		return nil, err
	}
	if err := c.Create(ctx, fixtures.Incident("timed", fixtures.InNamespace[v1alpha1.Incident](ns))); err != nil {
		return nil, err
	}
	// Time to create them all first: a thousand take a few seconds.
	lead := 5*time.Second + time.Duration(n)*25*time.Millisecond
	first := time.Now().Add(lead).Truncate(time.Second)
	due := make(map[string]time.Time, n)
	actions := make([]*v1alpha1.ImprovementAction, n)
	for i := range actions {
		at := first.Add(time.Duration(i) * spread / time.Duration(n)).Truncate(time.Second)
		actions[i] = fixtures.Action(fmt.Sprintf("timed-%04d", i), "timed", at, fixtures.InNamespace[v1alpha1.ImprovementAction](ns))
		due[actions[i].Name] = at
	}
	if err := parallel(n, 16, func(i int) error { return c.Create(ctx, actions[i]) }); err != nil {
		return nil, err
	}
	if time.Now().After(first) {
		return nil, fmt.Errorf("creating %d actions took longer than the %s lead time", n, lead)
	}
	time.Sleep(time.Until(first.Add(spread + 5*time.Second)))

	var delays []time.Duration
	for attempt := 0; attempt < 30; attempt++ {
		var events eventsv1.EventList
		if err := c.List(ctx, &events, client.InNamespace(ns)); err != nil {
			return nil, err
		}
		delays = delays[:0]
		for _, e := range events.Items {
			if e.Reason == string(v1alpha1.EventActionOverdue) && e.Regarding.Kind == "ImprovementAction" {
				if d, ok := due[e.Regarding.Name]; ok {
					delays = append(delays, e.EventTime.Sub(d))
				}
			}
		}
		if len(delays) >= n {
			break
		}
		time.Sleep(time.Second)
	}
	if len(delays) < n {
		return nil, fmt.Errorf("only %d of %d deadlines were announced", len(delays), n)
	}
	sort.Slice(delays, func(i, j int) bool { return delays[i] < delays[j] })
	return delays, nil
}
