package controller_test

import (
	"context"
	"time"

	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var ctx = context.Background()

// detectedNow is an incident detected at the fake clock's current time,
// its SIRO told a minute later.
func detectedNow(name string, opts ...fixtures.Option[v1alpha1.Incident]) *v1alpha1.Incident {
	return fixtures.Incident(name, append([]fixtures.Option[v1alpha1.Incident]{fixtures.DetectedAt(clock.Now(), time.Minute)}, opts...)...)
}

// eventsFor lists the events with the reason recorded on the named object.
func eventsFor(ns, kind, name string, reason v1alpha1.EventReason) []eventsv1.Event {
	return testenv.EventsAbout(testenv.ListEvents(Default, k8s, ns), reason, kind, name, "")
}

// eventCount counts their occurrences, series included.
func eventCount(ns, kind, name string, reason v1alpha1.EventReason) int {
	return testenv.Occurrences(testenv.ListEvents(Default, k8s, ns), reason, kind, name, "")
}
