package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// churner edits the workload's improvement actions at a steady rate, as
// people still writing their reviews would: each edit changes an action's
// description, so its generation moves and the operator recomputes the
// action, its incident and its namespace's report. A rate of zero edits
// nothing.
//
// It also times the API server's delivery of its edits to a watch: from
// the response to each edit until a watch of every namespace's actions
// sees the version the edit made. That is what any watching client waits
// for a write beyond the request itself, as the benchmark waits for a
// deadline's event after the manager has created it; the edits are made
// anyway, so timing them adds no request.
type churner struct {
	c       *clients
	actions []client.Object
	rate    float64
	edits   atomic.Int64
	// delivered holds, for the edits since the last start, the delays
	// from each edit's response until the watch saw it, sorted.
	delivered []time.Duration
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
// that waits for the edits' delivery, and returns the first failed edit.
func (ch *churner) start(ctx context.Context) (func() error, error) {
	if ch.rate <= 0 || len(ch.actions) == 0 {
		return func() error { return nil }, nil
	}
	seen, err := watchEdits(ctx, ch.c)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	failed := make(chan error, 1)
	acked := map[string]time.Time{} // by the resourceVersion each edit made; the editor's alone until it ends
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
			if err := ch.c.Patch(ctx, obj, client.RawPatch(types.MergePatchType, patch)); err != nil {
				if ctx.Err() == nil {
					failed <- fmt.Errorf("editing %s: %w", client.ObjectKeyFromObject(obj), err)
				}
				return
			}
			acked[obj.GetResourceVersion()] = time.Now()
		}
	}()
	return func() error {
		defer seen.stop()
		cancel()
		if err := <-failed; err != nil {
			return err
		}
		// The last edits are waited for, or the slowest would be left out.
		at, err := seen.waitUntil(len(acked), func(at map[string]time.Time) int {
			n := 0
			for version := range acked {
				if _, ok := at[version]; ok {
					n++
				}
			}
			return n
		}, "edits delivered", time.Now().Add(30*time.Second))
		ch.delivered = delaysAfter(acked, at)
		return err
	}, nil
}

// watchEdits watches every namespace's actions from now on (the existing
// ones are not sent first), noting when it sees each resourceVersion.
func watchEdits(ctx context.Context, c *clients) (*firstSeen, error) {
	var current v1alpha1.ImprovementActionList
	if err := c.List(ctx, &current, client.Limit(1)); err != nil {
		return nil, err
	}
	return watchFirstSeen(ctx, c, &v1alpha1.ImprovementActionList{}, func(e watch.Event) (string, bool) {
		obj, ok := e.Object.(client.Object)
		if !ok || e.Type != watch.Modified {
			return "", false
		}
		return obj.GetResourceVersion(), true
	}, &client.ListOptions{Raw: &metav1.ListOptions{ResourceVersion: current.ResourceVersion}})
}
