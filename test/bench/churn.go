package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// churner edits the workload's improvement actions at a steady rate, as
// people still writing their reviews would: each edit changes an action's
// description, so its generation moves and the operator recomputes the
// action, its incident and its namespace's report. A rate of zero edits
// nothing.
type churner struct {
	c       *clients
	actions []client.Object
	rate    float64
	edits   atomic.Int64
}

// newChurner edits the improvement actions among objects.
func newChurner(c *clients, objects []client.Object, perSecond float64) *churner {
	ch := &churner{c: c, rate: perSecond}
	for _, obj := range objects {
		if _, ok := obj.(*v1alpha1.ImprovementAction); ok {
			ch.actions = append(ch.actions, obj)
		}
	}
	return ch
}

// start edits in the background until the returned function is called;
// that returns the first failed edit.
func (ch *churner) start(ctx context.Context) func() error {
	if ch.rate <= 0 || len(ch.actions) == 0 {
		return func() error { return nil }
	}
	ctx, cancel := context.WithCancel(ctx)
	failed := make(chan error, 1)
	go func() {
		defer close(failed)
		tick := time.NewTicker(time.Duration(float64(time.Second) / ch.rate))
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			n := ch.edits.Add(1)
			obj := ch.actions[int(n)%len(ch.actions)]
			patch := fmt.Appendf(nil, `{"spec":{"description":"edited while deadlines pass (%d)"}}`, n)
			if err := ch.c.Patch(ctx, obj, client.RawPatch(types.MergePatchType, patch)); err != nil && ctx.Err() == nil {
				failed <- fmt.Errorf("editing %s: %w", client.ObjectKeyFromObject(obj), err)
				return
			}
		}
	}()
	return func() error {
		cancel()
		return <-failed
	}
}
