package main

import (
	"context"
	"fmt"
	"time"

	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// baselineMessage marks the raw baseline's writes.
const baselineMessage = "baseline write"

// rawWrites is the baseline: with the manager stopped, a plain client makes
// the requests the operator made while converging. For each object it
// writes back the status the operator wrote, with only the Ready
// condition's message changed, then creates a copy of each event the
// operator recorded about it, so the comparison is of the machinery, not of
// what was written. It uses the given number of writers (--raw-writers):
// enough to keep the API server busy and no more, since more contend for it
// and make the baseline slower than a plain client can be. The caller runs
// a second watch of the four kinds meanwhile, as the manager's informers are. It returns the
// time until every request was made and the watcher has seen every status.
func rawWrites(ctx context.Context, c *clients, w *watcher, objects []client.Object, events [][]*eventsv1.Event, workers int) (time.Duration, error) {
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
		written <- parallel(len(current), workers, func(i int) error {
			if err := c.Status().Update(ctx, current[i]); err != nil {
				return err
			}
			for _, ev := range events[i] {
				if err := c.Create(ctx, ev.DeepCopy()); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	_, seen, err := w.waitFor(ctx, rawWritten, len(current), start, patience(len(current)))
	if writeErr := <-written; writeErr != nil {
		return 0, writeErr
	}
	return max(seen, time.Since(start)), err
}

// operatorEvents lists the events the operator recorded about objects, as
// copies to create again under new names, by the index of the object they
// are about.
func operatorEvents(ctx context.Context, c *clients, objects []client.Object) ([][]*eventsv1.Event, int, error) {
	index := make(map[string]int, len(objects))
	for i, obj := range objects {
		index[regardingKey(kindOf(obj), obj.GetNamespace(), obj.GetName())] = i
	}
	byObject := make([][]*eventsv1.Event, len(objects))
	n := 0
	for page := (&client.ListOptions{Limit: 1000}); ; {
		var list eventsv1.EventList
		if err := c.List(ctx, &list, page); err != nil {
			return nil, 0, err
		}
		for _, ev := range list.Items {
			i, ok := index[regardingKey(ev.Regarding.Kind, ev.Regarding.Namespace, ev.Regarding.Name)]
			if !ok || ev.ReportingController != operatorController {
				continue
			}
			ev.ObjectMeta = metav1.ObjectMeta{Name: ev.Name + ".raw", Namespace: ev.Namespace}
			byObject[i] = append(byObject[i], &ev)
			n++
		}
		if page.Continue = list.Continue; page.Continue == "" {
			return byObject, n, nil
		}
	}
}

// operatorController is the reportingController of the operator's events.
const operatorController = "lessons.dspt.io/lessons-operator"

func regardingKey(kind, namespace, name string) string { return kind + "/" + namespace + "/" + name }

// kindOf names a review object's kind.
func kindOf(obj client.Object) string {
	switch obj.(type) {
	case *v1alpha1.Incident:
		return "Incident"
	case *v1alpha1.RootCauseAnalysis:
		return "RootCauseAnalysis"
	case *v1alpha1.ImprovementAction:
		return "ImprovementAction"
	case *v1alpha1.LessonsReport:
		return "LessonsReport"
	case *v1alpha1.ProcessReview:
		return "ProcessReview"
	}
	panic(fmt.Sprintf("not a review object: %T", obj))
}

// rawWritten: the raw baseline's write has landed.
func rawWritten(_, _ int64, conds []metav1.Condition) bool {
	ready := meta.FindStatusCondition(conds, string(v1alpha1.ConditionReady))
	return ready != nil && ready.Message == baselineMessage
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
	case *v1alpha1.ProcessReview:
		return &o.Status.ObservedGeneration, &o.Status.Conditions
	}
	panic(fmt.Sprintf("not a review object: %T", obj))
}
