package e2e

import (
	"path/filepath"

	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

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

// writeManifest writes objects as one YAML file for kubectl, in the
// suite's working directory, and returns its path.
func writeManifest(name string, objects ...client.Object) string {
	path := filepath.Join(workDir, name)
	ExpectWithOffset(1, testenv.WriteManifest(path, objects...)).To(Succeed())
	return path
}
