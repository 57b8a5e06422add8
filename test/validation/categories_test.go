package validation_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/client-go/discovery"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// `kubectl get lessons` lists what the API server puts in the category
// lessons: every kind of the group, the process review included, each
// with its short name.
var _ = Describe("The category lessons", func() {
	It("holds every kind of lessons.dspt.io, as kubectl get lessons lists them", func() {
		dc, err := discovery.NewDiscoveryClientForConfig(env.Config)
		Expect(err).NotTo(HaveOccurred())
		resources, err := dc.ServerResourcesForGroupVersion(v1alpha1.GroupVersion.String())
		Expect(err).NotTo(HaveOccurred())

		inCategory := map[string][]string{} // kind: short names
		for _, r := range resources.APIResources {
			Expect(r.Namespaced).To(BeTrue(), r.Name)
			for _, c := range r.Categories {
				if c == "lessons" {
					inCategory[r.Kind] = r.ShortNames
				}
			}
		}
		Expect(inCategory).To(Equal(map[string][]string{
			"Incident":          {"inc"},
			"RootCauseAnalysis": {"rca"},
			"ImprovementAction": {"ia", "action"},
			"LessonsReport":     {"lr"},
			"ProcessReview":     {"prv"},
		}))
	})
})
