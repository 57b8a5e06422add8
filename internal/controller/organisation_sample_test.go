package controller_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The organisation sample (config/samples-organisation) is what the README
// shows: applied as written, the organisation-wide report counts the
// confidential team's incident without naming it.
var _ = Describe("The organisation sample", func() {
	It("rolls up the trust's namespaces, counting occupational health without naming it", func() {
		manifest, err := testenv.Kustomize(testenv.ConfigDir("samples-organisation"))
		Expect(err).NotTo(HaveOccurred())
		objs, err := testenv.DecodeManifest(manifest)
		Expect(err).NotTo(HaveOccurred())
		for _, o := range objs {
			Expect(k8s.Create(ctx, o, client.FieldValidation("Strict"))).To(Succeed(), "%s %s", o.GetKind(), o.GetName())
		}

		report := &v1alpha1.LessonsReport{}
		report.Namespace, report.Name = "information-governance", "organisation-2026-27"
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, report).Status
			g.Expect(st.Namespaces).To(Equal(int32(2)), "community services and occupational health")
			g.Expect(st.ConfidentialNamespaces).To(Equal(int32(1)))
			g.Expect(st.Incidents).NotTo(BeNil())
			g.Expect(st.Incidents.Incidents).To(Equal(int32(3)), "two phishing incidents and the misdirected letter")
			g.Expect(st.Incidents.NearMisses).To(Equal(int32(1)))
			g.Expect(st.Incidents.Exercises).To(Equal(int32(1)))
			g.Expect(st.Recurrence).NotTo(BeNil())
			g.Expect(st.Recurrence.Themes).To(ContainElement(v1alpha1.RecurringTheme{Theme: "phishing", Incidents: 2}))
			g.Expect(st.Lessons).NotTo(BeEmpty())
			for _, l := range st.Lessons {
				g.Expect(l.Namespace).To(Equal("community-services"))
				g.Expect(strings.ToLower(l.Lesson)).NotTo(ContainSubstring("referral outcomes"))
			}
		}).Should(Succeed())
	})
})
