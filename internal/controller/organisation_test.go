package controller_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// labelledNamespace is a namespace of the test's own, with labels.
func labelledNamespace(labels map[string]string) string {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "org-", Labels: labels}}
	Expect(k8s.Create(ctx, ns)).To(Succeed())
	return ns.Name
}

// relabel changes a namespace's labels.
func relabel(name string, change func(map[string]string)) {
	testenv.Update(k8s, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, func(ns *corev1.Namespace) {
		if ns.Labels == nil {
			ns.Labels = map[string]string{}
		}
		change(ns.Labels)
	})
}

// reviewedIncident creates, in ns, an incident detected now with a
// submitted RCA whose lesson names its namespace.
func reviewedIncident(ns, name string) {
	testenv.Create(k8s, ns, detectedNow(name))
	testenv.Create(k8s, ns, fixtures.RCA(name+"-rca", name, fixtures.Submitted(), func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec.Overview.LessonsLearned = "A lesson from " + ns + "."
	}))
}

// thisYear is a year's period around the fake clock's now.
func thisYear() fixtures.Option[v1alpha1.LessonsReport] {
	return fixtures.Period(clock.Now().Add(-10*day).Truncate(day), clock.Now().Add(355*day).Truncate(day))
}

var _ = Describe("An organisation-wide LessonsReport", func() {
	It("counts every selected namespace, names none that is confidential, and follows namespaces as their labels change", func() {
		org := map[string]string{"organisation": testenv.UniqueName("northshire")}
		wards, pharmacy := labelledNamespace(org), labelledNamespace(org)
		occHealth := labelledNamespace(map[string]string{"organisation": org["organisation"], report.ConfidentialLabel: "true"})
		outside := newNamespace()
		governance := newNamespace()
		for _, ns := range []string{wards, pharmacy, occHealth, outside} {
			reviewedIncident(ns, "lost-laptop")
		}
		orgReport := fixtures.Report("organisation", thisYear(), func(r *v1alpha1.LessonsReport) {
			r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: org}
		})
		testenv.Create(k8s, governance, orgReport)
		// A one-namespace report in the confidential namespace, read by its
		// own people, quotes its lessons as before.
		ownReport := fixtures.Report("own", thisYear())
		testenv.Create(k8s, occHealth, ownReport)

		lesson := func(ns string) v1alpha1.Lesson {
			return v1alpha1.Lesson{Namespace: ns, Incident: "lost-laptop", Lesson: "A lesson from " + ns + "."}
		}
		By("counting the three selected namespaces, quoting lessons only from the two not confidential, with their namespace")
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, orgReport).Status
			g.Expect(st.Incidents).NotTo(BeNil())
			g.Expect(st.Incidents.Total).To(Equal(int32(3)))
			g.Expect(st.Causes.Technical).To(Equal(int32(3)))
			g.Expect([]int32{st.Namespaces, st.ConfidentialNamespaces}).To(Equal([]int32{3, 1}))
			g.Expect(st.Lessons).To(ConsistOf(lesson(wards), lesson(pharmacy)))
			g.Expect(st.LessonsOmitted).To(BeZero())
		}).Should(Succeed())

		By("recomputing when a review changes in a selected namespace")
		reviewedIncident(wards, "misdirected-email")
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, orgReport).Status
			g.Expect(st.Incidents.Total).To(Equal(int32(4)))
			g.Expect(st.Lessons).To(HaveLen(3))
		}).Should(Succeed())

		By("withholding a namespace's lessons once it is labelled confidential")
		relabel(pharmacy, func(l map[string]string) { l[report.ConfidentialLabel] = "true" })
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, orgReport).Status
			g.Expect(st.Incidents.Total).To(Equal(int32(4)))
			g.Expect([]int32{st.Namespaces, st.ConfidentialNamespaces}).To(Equal([]int32{3, 2}))
			for _, l := range st.Lessons {
				g.Expect(l.Namespace).To(Equal(wards))
			}
		}).Should(Succeed())

		By("dropping a namespace that no longer matches")
		relabel(pharmacy, func(l map[string]string) { delete(l, "organisation") })
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, orgReport).Status
			g.Expect(st.Incidents.Total).To(Equal(int32(3)))
			g.Expect([]int32{st.Namespaces, st.ConfidentialNamespaces}).To(Equal([]int32{2, 1}))
		}).Should(Succeed())

		By("leaving the one-namespace report to its own namespace")
		st := testenv.Fresh(k8s, ownReport).Status
		Expect(st.Incidents.Total).To(Equal(int32(1)))
		Expect([]int32{st.Namespaces, st.ConfidentialNamespaces}).To(Equal([]int32{0, 0}))
		Expect(st.Lessons).To(Equal([]v1alpha1.Lesson{{Incident: "lost-laptop", Lesson: "A lesson from " + occHealth + "."}}))
	})
})
