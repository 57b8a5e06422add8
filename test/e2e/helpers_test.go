package e2e

import (
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

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
	var docs []string
	for _, o := range objects {
		u, ok := o.(*unstructured.Unstructured)
		if !ok {
			var err error
			u, err = testenv.ToUnstructured(o)
			ExpectWithOffset(1, err).NotTo(HaveOccurred())
			// What a typed object carries empty, and no user writes.
			unstructured.RemoveNestedField(u.Object, "status")
			unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
		}
		doc, err := yaml.Marshal(u.Object)
		ExpectWithOffset(1, err).NotTo(HaveOccurred())
		docs = append(docs, string(doc))
	}
	path := filepath.Join(workDir, name)
	ExpectWithOffset(1, os.WriteFile(path, []byte(strings.Join(docs, "---\n")), 0o600)).To(Succeed())
	return path
}
