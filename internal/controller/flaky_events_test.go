package controller_test

import (
	"context"
	"maps"
	"sync"

	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// How the API server answered an event's creation, as flakyEvents tallies it.
const (
	eventCreated = "created"
	eventExisted = "already exists"
	eventRefused = "failed by the test"
	eventErrored = "other error"
)

const injectedOutage = "events cannot be recorded right now (a failure injected by the test)"

// flakyEvents is a client for an Announcer whose event creations fail, in a
// namespace a test chooses, as many times as it says, as an overloaded or
// restarting API server would fail them; it tallies every answer, so a test
// knows what the Announcer went through rather than guessing it from the
// events that exist.
type flakyEvents struct {
	mu       sync.Mutex
	failures map[string]int            // failures still to inject, by namespace
	answers  map[string]map[string]int // answers by namespace
}

func newFlakyEvents() *flakyEvents {
	return &flakyEvents{failures: map[string]int{}, answers: map[string]map[string]int{}}
}

// client creates objects through cfg, failing event creations as told.
func (f *flakyEvents) client(cfg *rest.Config) (client.Client, error) {
	c, err := client.NewWithWatch(cfg, client.Options{Scheme: testenv.Scheme})
	if err != nil {
		return nil, err
	}
	return interceptor.NewClient(c, interceptor.Funcs{Create: f.create}), nil
}

// fail makes the next n event creations in ns fail.
func (f *flakyEvents) fail(ns string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[ns] = n
}

// answered returns how event creations in ns were answered so far.
func (f *flakyEvents) answered(ns string) map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.answers[ns])
}

func (f *flakyEvents) create(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
	if _, isEvent := obj.(*eventsv1.Event); !isEvent {
		return c.Create(ctx, obj, opts...)
	}
	ns := obj.GetNamespace()
	if f.takeFailure(ns) {
		f.tally(ns, eventRefused)
		return apierrors.NewServiceUnavailable(injectedOutage)
	}
	err := c.Create(ctx, obj, opts...)
	switch {
	case err == nil:
		f.tally(ns, eventCreated)
	case apierrors.IsAlreadyExists(err):
		f.tally(ns, eventExisted)
	default:
		f.tally(ns, eventErrored)
	}
	return err
}

func (f *flakyEvents) takeFailure(ns string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failures[ns] == 0 {
		return false
	}
	f.failures[ns]--
	return true
}

func (f *flakyEvents) tally(ns, answer string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.answers[ns] == nil {
		f.answers[ns] = map[string]int{}
	}
	f.answers[ns][answer]++
}
