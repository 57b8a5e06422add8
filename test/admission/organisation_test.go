package admission_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

const (
	organisationReportPolicy = "lessons-operator-organisation-report"
	organisationReportRole   = "lessons-organisation-report"
	igLeadName               = "ig.governance@example.nhs.uk"
)

// organisationWide selects every namespace of the organisation.
func organisationWide(r *v1alpha1.LessonsReport) {
	r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"organisation": "northshire"}}
}

// cannotRollUp is the refusal of a write by user that sets
// spec.namespaceSelector in ns.
func cannotRollUp(user, ns string) string {
	return "spec.namespaceSelector makes a report organisation-wide, quoting the lessons of every namespace it selects: " +
		user + " needs the verb roll-up on lessonsreports in namespace " + ns +
		": bind the lessons-organisation-report ClusterRole to them with a RoleBinding in " + ns
}

// The operator reads the namespaces an organisation-wide report selects, so
// making a report organisation-wide is a right of its own: an engineer who
// may edit reports in one namespace cannot use one to read the others.
var _ = Describe("Making a report organisation-wide", Ordered, func() {
	var igLead client.Client

	BeforeAll(func() {
		bind(namespace, organisationReportRole, user(igLeadName))
		igLead = newUser(igLeadName)
		Eventually(func() error {
			return igLead.List(ctx, &v1alpha1.LessonsReportList{}, client.InNamespace(namespace))
		}).Should(Succeed(), "the binding is not in force")
	})

	It("refuses an engineer who may edit reports, naming the binding they lack", func() {
		err := engineer.Create(ctx, newReport("organisation", organisationWide))
		GinkgoWriter.Println(err)
		expectRefusedBy(1, err, organisationReportPolicy, cannotRollUp(engineerName, namespace))

		report := createReport("one-namespace")
		_, err = testenv.TryUpdate(admin, engineer, report, organisationWide)
		expectRefusedBy(1, err, organisationReportPolicy, cannotRollUp(engineerName, namespace))
	})

	It("lets the holder of lessons-organisation-report create one and widen it", func() {
		Expect(igLead.Create(ctx, newReport("organisation", organisationWide))).To(Succeed())
		report := createReport("widened")
		_, err := testenv.TryUpdate(admin, igLead, report, organisationWide)
		Expect(err).NotTo(HaveOccurred())
	})

	It("lets an engineer edit an organisation-wide report's other fields, and narrow it to its own namespace", func() {
		report := createReport("organisation", organisationWide)
		edited, err := testenv.TryUpdate(admin, engineer, report, func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = otherSIROName })
		Expect(err).NotTo(HaveOccurred())
		_, err = testenv.TryUpdate(admin, engineer, edited, func(r *v1alpha1.LessonsReport) { r.Spec.NamespaceSelector = nil })
		Expect(err).NotTo(HaveOccurred())
	})

	It("refuses an engineer who changes which namespaces it selects", func() {
		report := createReport("organisation", organisationWide)
		_, err := testenv.TryUpdate(admin, engineer, report, func(r *v1alpha1.LessonsReport) {
			r.Spec.NamespaceSelector = &metav1.LabelSelector{}
		})
		expectRefusedBy(1, err, organisationReportPolicy, cannotRollUp(engineerName, namespace))
	})
})
