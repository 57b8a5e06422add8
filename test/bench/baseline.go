package main

import (
	"context"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// rawStatusWrites writes one status per object, as a plain client would,
// with the same concurrency the manager gets: the most the API server can
// take, to compare the operator with.
func rawStatusWrites(ctx context.Context, c *clients, objects []client.Object, workers int) (time.Duration, error) {
	start := time.Now()
	err := parallel(len(objects), workers, func(i int) error {
		obj := objects[i]
		setUnknownReady(obj)
		return c.Status().Update(ctx, obj)
	})
	return time.Since(start), err
}

// setUnknownReady sets Ready=Unknown: a real change, and one the operator
// must then replace, so the baseline's writes do not count as converged.
func setUnknownReady(obj client.Object) {
	cond := metav1.Condition{Type: string(v1alpha1.ConditionReady), Status: metav1.ConditionUnknown,
		Reason: string(v1alpha1.ReasonReconciling), Message: "baseline write", LastTransitionTime: metav1.Now()}
	switch o := obj.(type) {
	case *v1alpha1.Incident:
		meta.SetStatusCondition(&o.Status.Conditions, cond)
	case *v1alpha1.RootCauseAnalysis:
		meta.SetStatusCondition(&o.Status.Conditions, cond)
	case *v1alpha1.ImprovementAction:
		meta.SetStatusCondition(&o.Status.Conditions, cond)
	case *v1alpha1.LessonsReport:
		meta.SetStatusCondition(&o.Status.Conditions, cond)
	}
}
