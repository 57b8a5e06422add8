package e2e

import (
	"os"
	"time"

	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// create places obj in ns and creates it through the test's client.
func create(ns string, obj client.Object) {
	obj.SetNamespace(ns)
	ExpectWithOffset(1, k8s.Create(ctx, obj)).To(Succeed())
}

// fresh reads obj anew from the API server.
func fresh[T client.Object](obj T) T {
	ExpectWithOffset(1, k8s.Get(ctx, client.ObjectKeyFromObject(obj), obj)).To(Succeed())
	return obj
}

// incidentDetectedNow is a valid incident detected now, its SIRO told at once.
func incidentDetectedNow(name string) *v1alpha1.Incident {
	now := time.Now().Truncate(time.Second)
	return fixtures.Incident(name, func(i *v1alpha1.Incident) {
		i.Spec.DetectedAt = metav1.NewTime(now)
		i.Spec.SIRONotifiedAt = fixtures.Time(now)
	})
}

// occurrences counts how often events with the reason were recorded about
// kind/name (and, unless related is empty, with that related object),
// following events.k8s.io, which folds a repeat from the same recorder into
// the first event's series.
func occurrences(events []eventsv1.Event, reason v1alpha1.EventReason, kind, name, related string) int {
	n := 0
	for _, e := range events {
		if e.Reason != string(reason) || e.Regarding.Kind != kind || e.Regarding.Name != name {
			continue
		}
		if related != "" && (e.Related == nil || e.Related.Name != related) {
			continue
		}
		if e.Series != nil {
			n += int(e.Series.Count)
		} else {
			n++
		}
	}
	return n
}

// eventsIn lists every event in the namespace.
func eventsIn(g Gomega, ns string) []eventsv1.Event {
	var list eventsv1.EventList
	g.Expect(k8s.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
	return list.Items
}

// conditionOf returns the condition of type t, or nil when it is absent.
func conditionOf(conds []metav1.Condition, t v1alpha1.ConditionType) *metav1.Condition {
	return meta.FindStatusCondition(conds, string(t))
}

// readFile returns a file's content.
func readFile(path string) string {
	data, err := os.ReadFile(path)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return string(data)
}
