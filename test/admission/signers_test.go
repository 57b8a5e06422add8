package admission_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// rcaIn and reportIn place an object in namespace ns.
func rcaIn(ns string) func(*v1alpha1.RootCauseAnalysis) {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Namespace = ns }
}

func reportIn(ns string) func(*v1alpha1.LessonsReport) {
	return func(r *v1alpha1.LessonsReport) { r.Namespace = ns }
}

// inForce waits until c may list RCAs in ns: a new binding takes a moment.
func inForce(c client.Client, ns string) {
	EventuallyWithOffset(1, func() error {
		return c.List(ctx, &v1alpha1.RootCauseAnalysisList{}, client.InNamespace(ns))
	}).Should(Succeed(), "the bindings in %s are not in force", ns)
}

// Who signs is RBAC: the verb sign-off in the object's namespace, granted by
// lessons-siro where it is bound. Organisations sharing a cluster each bind
// their own SIRO in their own namespaces.
var _ = Describe("Signing in a cluster shared by organisations", Ordered, func() {
	var (
		// other is another organisation's namespace: the suite's SIRO may
		// edit there (lessons-edit) but is not its SIRO; deputy is.
		other  string
		deputy client.Client
	)

	BeforeAll(func() {
		other = createNamespace("admission-other-")
		bind(other, editRole, user(siroName))
		bind(other, siroRole, user(otherSIROName))
		deputy = newUser(otherSIROName)
		inForce(siro, other)
		inForce(deputy, other)
	})

	It("lets a SIRO bound in a namespace sign its RCAs and reports there", func() {
		sent, err := testenv.TryUpdate(admin, siro, createRCA("rca"), decide(v1alpha1.SignOffApproved, siroName))
		Expect(err).NotTo(HaveOccurred())
		expectStoredSpec(sent)
		report, err := testenv.TryUpdate(admin, siro, createReport("report"), decideReport(v1alpha1.SignOffApproved, siroName))
		Expect(err).NotTo(HaveOccurred())
		expectStoredSpec(report)
	})

	It("refuses that SIRO in a namespace where they may only edit, naming the binding they lack", func() {
		rca := createRCA("rca", rcaIn(other))
		_, err := testenv.TryUpdate(admin, siro, rca, decide(v1alpha1.SignOffApproved, siroName))
		GinkgoWriter.Println(err)
		expectRefusedBy(1, err, signOffPolicy, cannotSign(siroName, rcaKind, other))

		report := createReport("report", reportIn(other))
		_, err = testenv.TryUpdate(admin, siro, report, decideReport(v1alpha1.SignOffApproved, siroName))
		expectRefusedBy(1, err, signOffPolicy, cannotSign(siroName, reportKind, other))

		// Editing there is theirs to do; only signing is not.
		_, err = testenv.TryUpdate(admin, siro, rca, editContainment)
		Expect(err).NotTo(HaveOccurred())
		Expect(testenv.Fresh(admin, rca).Spec.SignOff).To(BeNil())
	})

	It("refuses that SIRO the withdrawal of the other organisation's approval", func() {
		rca := createRCA("rca", rcaIn(other))
		_, err := testenv.TryUpdate(admin, deputy, rca, decide(v1alpha1.SignOffApproved, otherSIROName))
		Expect(err).NotTo(HaveOccurred(), "the other organisation's SIRO signs in their namespace")

		_, err = testenv.TryUpdate(admin, siro, rca, removeSignOff)
		expectRefusedBy(1, err, signOffPolicy, cannotWithdraw(siroName, rcaKind, other))
		Expect(testenv.Fresh(admin, rca).Spec.SignOff).To(HaveField("By", v1alpha1.Person(otherSIROName)))
	})

	It("lets a group sign once lessons-siro is bound to it, as after migrating from siroGroup", func() {
		migrated := createNamespace("admission-migrated-")
		bind(migrated, editRole, group(engineersGroup))
		bind(migrated, siroRole, group(siroGroup))
		inForce(member, migrated)

		rca := createRCA("rca", rcaIn(migrated))
		Eventually(func() error {
			return member.Update(ctx, with(rca, decide(v1alpha1.SignOffApproved, memberName)), client.DryRunAll)
		}).Should(Succeed(), "the group's binding is not in force")
		sent, err := testenv.TryUpdate(admin, member, rca, decide(v1alpha1.SignOffApproved, memberName))
		Expect(err).NotTo(HaveOccurred())
		expectStoredSpec(sent)

		// A signer who may also create still signs in a write of its own.
		signed := newRCA("rca", rcaIn(migrated), signedOff(v1alpha1.SignOffApproved, memberName))
		expectRefusedBy(1, member.Create(ctx, signed), signOffPolicy, createdSigned(rcaKind))
		Expect(exists(signed)).To(BeFalse())
	})
})
