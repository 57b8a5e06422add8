package e2e

import (
	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// newNamespace creates a namespace with kubectl, as a user would.
func newNamespace(name string) string {
	mustKubectl("create", "namespace", name)
	return name
}

// overdueEvents lists the ActionOverdue events regarding the named action.
func overdueEvents(ns, action string) []eventsv1.Event {
	return testenv.EventsAbout(testenv.ListEvents(Default, k8s, ns), v1alpha1.EventActionOverdue, "ImprovementAction", action, "")
}
