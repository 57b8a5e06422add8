package main

import (
	"context"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// baselineMessage marks the raw baseline's writes.
const baselineMessage = "baseline write"

// rawStatusWrites is the baseline: with the manager stopped, a plain client
// writes back each status the operator wrote, with only the Ready
// condition's message changed, so it sends the same statuses the operator
// did and the comparison is of the machinery, not of the status's size.
// It uses as many writers as the manager can run reconciles at once (its
// workers per kind times the four kinds), the most concurrency the operator
// could have, and returns the time until the watcher has seen every write.
func rawStatusWrites(ctx context.Context, c *clients, w *watcher, objects []client.Object, workers int) (time.Duration, error) {
	current := make([]client.Object, len(objects))
	for i, obj := range objects {
		current[i] = obj.DeepCopyObject().(client.Object)
		if err := w.cache.Get(ctx, client.ObjectKeyFromObject(obj), current[i]); err != nil {
			return 0, err
		}
		_, conds := statusOf(current[i])
		ready := meta.FindStatusCondition(*conds, string(v1alpha1.ConditionReady))
		if ready == nil {
			return 0, fmt.Errorf("%s has no Ready condition to write back", client.ObjectKeyFromObject(obj))
		}
		ready.Message = baselineMessage
	}
	start := time.Now()
	written := make(chan error, 1)
	go func() {
		written <- parallel(len(current), workers, func(i int) error { return c.Status().Update(ctx, current[i]) })
	}()
	_, seen, err := w.waitFor(ctx, rawWritten, len(current), start, 15*time.Minute)
	if writeErr := <-written; writeErr != nil {
		return 0, writeErr
	}
	return seen, err
}

// statusOf points at a review object's observed generation and conditions.
func statusOf(obj client.Object) (*int64, *[]metav1.Condition) {
	switch o := obj.(type) {
	case *v1alpha1.Incident:
		return &o.Status.ObservedGeneration, &o.Status.Conditions
	case *v1alpha1.RootCauseAnalysis:
		return &o.Status.ObservedGeneration, &o.Status.Conditions
	case *v1alpha1.ImprovementAction:
		return &o.Status.ObservedGeneration, &o.Status.Conditions
	case *v1alpha1.LessonsReport:
		return &o.Status.ObservedGeneration, &o.Status.Conditions
	}
	panic(fmt.Sprintf("not a review object: %T", obj))
}
