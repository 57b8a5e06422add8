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

// waitConverged waits until every object's status reflects its generation
// with a settled Ready condition.
func waitConverged(ctx context.Context, c *clients, objects []client.Object, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		done, err := converged(ctx, c)
		if err != nil {
			return err
		}
		if done >= len(objects) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d of %d objects converged in %s", done, len(objects), timeout)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func converged(ctx context.Context, c *clients) (int, error) {
	n := 0
	count := func(generation, observed int64, conds []metav1.Condition) {
		ready := meta.FindStatusCondition(conds, string(v1alpha1.ConditionReady))
		if observed == generation && ready != nil && ready.Status != metav1.ConditionUnknown {
			n++
		}
	}
	var incidents v1alpha1.IncidentList
	var rcas v1alpha1.RootCauseAnalysisList
	var actions v1alpha1.ImprovementActionList
	var reports v1alpha1.LessonsReportList
	for _, l := range []client.ObjectList{&incidents, &rcas, &actions, &reports} {
		if err := c.List(ctx, l); err != nil {
			return 0, err
		}
	}
	for _, o := range incidents.Items {
		count(o.Generation, o.Status.ObservedGeneration, o.Status.Conditions)
	}
	for _, o := range rcas.Items {
		count(o.Generation, o.Status.ObservedGeneration, o.Status.Conditions)
	}
	for _, o := range actions.Items {
		count(o.Generation, o.Status.ObservedGeneration, o.Status.Conditions)
	}
	for _, o := range reports.Items {
		count(o.Generation, o.Status.ObservedGeneration, o.Status.Conditions)
	}
	return n, nil
}
