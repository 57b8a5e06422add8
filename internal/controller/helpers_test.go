package controller_test

import (
	"context"

	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

var ctx = context.Background()

// create places obj in ns and creates it.
func create(ns string, obj client.Object) {
	obj.SetNamespace(ns)
	ExpectWithOffset(1, k8s.Create(ctx, obj)).To(Succeed())
}

// fresh reads obj anew from the API server.
func fresh[T client.Object](obj T) T {
	ExpectWithOffset(1, k8s.Get(ctx, client.ObjectKeyFromObject(obj), obj)).To(Succeed())
	return obj
}

// update re-reads obj, changes it and writes it back, retrying on conflict.
func update[T client.Object](obj T, change func(T)) {
	EventuallyWithOffset(1, func() error {
		if err := k8s.Get(ctx, client.ObjectKeyFromObject(obj), obj); err != nil {
			return err
		}
		change(obj)
		return k8s.Update(ctx, obj)
	}).Should(Succeed())
}

// condition returns "Status/Reason" of a condition, or "" when absent.
func condition(conds []metav1.Condition, t v1alpha1.ConditionType) string {
	c := meta.FindStatusCondition(conds, string(t))
	if c == nil {
		return ""
	}
	return string(c.Status) + "/" + c.Reason
}

// eventsFor lists the events with the reason recorded on the named object.
func eventsFor(ns, kind, name string, reason v1alpha1.EventReason) []eventsv1.Event {
	var list eventsv1.EventList
	ExpectWithOffset(1, k8s.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
	var out []eventsv1.Event
	for _, e := range list.Items {
		if e.Regarding.Kind == kind && e.Regarding.Name == name && e.Reason == string(reason) {
			out = append(out, e)
		}
	}
	return out
}

// eventCount counts occurrences, series included.
func eventCount(ns, kind, name string, reason v1alpha1.EventReason) int {
	n := 0
	for _, e := range eventsFor(ns, kind, name, reason) {
		if e.Series != nil {
			n += int(e.Series.Count)
		} else {
			n++
		}
	}
	return n
}
