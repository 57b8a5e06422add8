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

// missingRollUp names the binding user lacks in ns.
func missingRollUp(user, ns string) string {
	return user + " needs the verb roll-up on lessonsreports in namespace " + ns +
		": bind the lessons-organisation-report ClusterRole to them with a RoleBinding in " + ns
}

// cannotRollUp is the refusal of a write by user that sets
// spec.namespaceSelector in ns.
func cannotRollUp(user, ns string) string {
	return "spec.namespaceSelector makes a report organisation-wide, quoting the lessons of every namespace it selects: " +
		missingRollUp(user, ns)
}

// cannotSteer is the refusal of a write by user that changes another field
// of an organisation-wide report in ns.
func cannotSteer(user, ns string) string {
	return "the spec of an organisation-wide report (its period, incident selector and namespaces) decides what it quotes " +
		"from every namespace it selects: " + missingRollUp(user, ns)
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

	DescribeTable("refuses an engineer who changes anything else in an organisation-wide report's spec",
		func(change func(*v1alpha1.LessonsReport)) {
			report := createReport("organisation", organisationWide)
			_, err := testenv.TryUpdate(admin, engineer, report, change)
			expectRefusedBy(1, err, organisationReportPolicy, cannotSteer(engineerName, namespace))
			_, err = testenv.TryUpdate(admin, igLead, report, change)
			Expect(err).NotTo(HaveOccurred(), "the holder of lessons-organisation-report may")
		},
		Entry("its period", func(r *v1alpha1.LessonsReport) {
			r.Spec.Period.From = metav1.NewTime(r.Spec.Period.From.AddDate(-5, 0, 0))
		}),
		Entry("its incident selector, a label oracle across namespaces", func(r *v1alpha1.LessonsReport) {
			r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"patient": "j-smith"}}
		}),
		Entry("its SIRO", func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = otherSIROName }),
		Entry("narrowing it to its own namespace", func(r *v1alpha1.LessonsReport) { r.Spec.NamespaceSelector = nil }),
	)

	It("refuses an engineer who changes which namespaces it selects", func() {
		report := createReport("organisation", organisationWide)
		_, err := testenv.TryUpdate(admin, engineer, report, func(r *v1alpha1.LessonsReport) {
			r.Spec.NamespaceSelector = &metav1.LabelSelector{}
		})
		expectRefusedBy(1, err, organisationReportPolicy, cannotRollUp(engineerName, namespace))
	})

	It("leaves the SIRO's sign-off to the sign-off policy, and reports of one namespace to their editors", func() {
		report := createReport("organisation", organisationWide)
		signAsSIRO(report, v1alpha1.SignOffApproved)
		one := createReport("one-namespace")
		_, err := testenv.TryUpdate(admin, engineer, one, func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = otherSIROName })
		Expect(err).NotTo(HaveOccurred())
	})
})
