package testenv

import (
	"context"

	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// ListEvents lists every event in ns through c, failing g when it cannot
// (pass Default outside a polled function).
func ListEvents(g Gomega, c client.Client, ns string) []eventsv1.Event {
	var list eventsv1.EventList
	g.ExpectWithOffset(1, c.List(context.Background(), &list, client.InNamespace(ns))).To(Succeed())
	return list.Items
}

// EventsAbout keeps the events with the reason recorded about kind/name
// and, unless related is empty, about that related object.
func EventsAbout(events []eventsv1.Event, reason v1alpha1.EventReason, kind, name, related string) []eventsv1.Event {
	var out []eventsv1.Event
	for _, e := range events {
		if e.Reason != string(reason) || e.Regarding.Kind != kind || e.Regarding.Name != name {
			continue
		}
		if related != "" && (e.Related == nil || e.Related.Name != related) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Occurrences counts how often the events with the reason were recorded
// about kind/name (and, unless related is empty, about that related
// object), a series as its count: events.k8s.io folds a repeat from the
// same recorder into the first event's series.
func Occurrences(events []eventsv1.Event, reason v1alpha1.EventReason, kind, name, related string) int {
	n := 0
	for _, e := range EventsAbout(events, reason, kind, name, related) {
		if e.Series != nil {
			n += int(e.Series.Count)
		} else {
			n++
		}
	}
	return n
}
