package admission_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

const (
	rcaKind    = "RootCauseAnalysis"
	reportKind = "LessonsReport"
)

// Starting points of an RCA, each created afresh for its case.
type rcaStart string

const (
	submitted rcaStart = "submitted, not signed off"
	sentBack  rcaStart = "sent back by the SIRO (ChangesRequested)"
	approved  rcaStart = "approved by the SIRO"
)

func (s rcaStart) create() *v1alpha1.RootCauseAnalysis {
	switch s {
	case sentBack:
		return sentBackRCA("rca")
	case approved:
		return approvedRCA("rca")
	}
	return createRCA("rca")
}

// Changes to an RCA.

func decide(decision v1alpha1.SignOffDecision, by string) func(*v1alpha1.RootCauseAnalysis) {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff = signOff(decision, by) }
}

func keepSignOffButDecide(decision v1alpha1.SignOffDecision) func(*v1alpha1.RootCauseAnalysis) {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff.Decision = decision }
}

func rewriteComment(r *v1alpha1.RootCauseAnalysis) {
	r.Spec.SignOff.Comment = "Looks fine to me."
}

func removeSignOff(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff = nil }

func recordSharing(r *v1alpha1.RootCauseAnalysis) {
	r.Spec.SharedWith = append(r.Spec.SharedWith, v1alpha1.LearningShare{
		Audience: v1alpha1.AudienceStaff, At: now(), By: "team:patient-safety", How: "Staff learning bulletin"})
}

func editContainment(r *v1alpha1.RootCauseAnalysis) {
	r.Spec.Overview.Containment = "The account was disabled within two hours; VPN logs attached as evidence."
}

func resubmit(r *v1alpha1.RootCauseAnalysis) {
	editContainment(r)
	r.Spec.SignOff = nil
}

func addLabel(r *v1alpha1.RootCauseAnalysis) {
	r.Labels = map[string]string{"lessons.dspt.io/quarter": "2026-q2"}
}

func addCause(r *v1alpha1.RootCauseAnalysis) {
	r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{
		Type: v1alpha1.CauseNonTechnical, Description: "The route for reporting a suspicious e-mail was not well known.",
	})
}

// both makes two changes in one write.
func both[T any](first, second func(T)) func(T) {
	return func(o T) { first(o); second(o) }
}

var _ = Describe("Sign-off of a RootCauseAnalysis", func() {
	DescribeTable("only a SIRO signs, as themselves; other writes are left alone",
		func(start rcaStart, user string, change func(*v1alpha1.RootCauseAnalysis), want outcome) {
			rca := start.create()
			sent, err := testenv.TryUpdate(admin, as(user), rca, change)
			GinkgoWriter.Println(err)
			want.check(err)
			if want == allowed {
				expectStoredSpec(sent)
			}
		},

		// Approving and requesting changes.
		Entry("an engineer approves their own RCA", submitted, engineerName,
			decide(v1alpha1.SignOffApproved, engineerName), refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("an engineer approves in the SIRO's name", submitted, engineerName,
			decide(v1alpha1.SignOffApproved, siroName), refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("an engineer requests changes", submitted, engineerName,
			decide(v1alpha1.SignOffChangesRequested, engineerName), refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("a member of the SIRO group with no lessons-siro binding approves", submitted, memberName,
			decide(v1alpha1.SignOffApproved, memberName), refusedBy(signOffPolicy, cannotSign(memberName, rcaKind, here))),
		// Holding every verb, sign-off included, it is a signer; it still
		// signs as itself.
		Entry("a cluster administrator approves in the SIRO's name", submitted, adminName,
			decide(v1alpha1.SignOffApproved, siroName), refusedBy(signOffPolicy, notSelf(adminName, siroName))),
		Entry("a SIRO approves, signing as themselves", submitted, siroName,
			decide(v1alpha1.SignOffApproved, siroName), allowed),
		Entry("a SIRO requests changes, signing as themselves", submitted, siroName,
			decide(v1alpha1.SignOffChangesRequested, siroName), allowed),
		Entry("a SIRO approves in another SIRO's name", submitted, siroName,
			decide(v1alpha1.SignOffApproved, otherSIROName), refusedBy(signOffPolicy, notSelf(siroName, otherSIROName))),
		Entry("a SIRO approves an RCA sent back earlier", sentBack, siroName,
			decide(v1alpha1.SignOffApproved, siroName), allowed),

		// A sign-off is a write of its own: what is approved is what was submitted.
		Entry("a SIRO approves and rewrites the content in the same write", submitted, siroName,
			both(decide(v1alpha1.SignOffApproved, siroName), editContainment), refusedBy(signOffPolicy, contentWithSignOff)),
		Entry("a SIRO approves and adds a cause in the same write", sentBack, siroName,
			both(decide(v1alpha1.SignOffApproved, siroName), addCause), refusedBy(signOffPolicy, contentWithSignOff)),
		Entry("a SIRO requests changes and rewrites the content in the same write", submitted, siroName,
			both(decide(v1alpha1.SignOffChangesRequested, siroName), editContainment), refusedBy(signOffPolicy, contentWithSignOff)),
		Entry("a SIRO sends an approved RCA back and rewrites its content in the same write", approved, siroName,
			both(decide(v1alpha1.SignOffChangesRequested, siroName), editContainment), refusedBy(signOffPolicy, contentWithSignOff)),
		Entry("a SIRO approves and labels the RCA in the same write (metadata is not content)", submitted, siroName,
			both(decide(v1alpha1.SignOffApproved, siroName), addLabel), allowed),

		// The SIRO's decision is the SIRO's.
		Entry("an engineer turns the SIRO's request for changes into an approval", sentBack, engineerName,
			keepSignOffButDecide(v1alpha1.SignOffApproved), refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("an engineer rewrites the SIRO's comment", sentBack, engineerName,
			rewriteComment, refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("an engineer sends an approved RCA back", approved, engineerName,
			keepSignOffButDecide(v1alpha1.SignOffChangesRequested), refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("an engineer withdraws an approval", approved, engineerName,
			removeSignOff, refusedBy(signOffPolicy, cannotWithdraw(engineerName, rcaKind, here))),
		Entry("a SIRO withdraws an approval", approved, siroName, removeSignOff, allowed),
		Entry("a SIRO sends an approved RCA back, signing as themselves", approved, siroName,
			decide(v1alpha1.SignOffChangesRequested, siroName), allowed),

		// Writes that leave spec.signOff as it was.
		Entry("an engineer edits other fields of an RCA the SIRO sent back", sentBack, engineerName,
			editContainment, allowed),
		Entry("an engineer removes the SIRO's request for changes to resubmit", sentBack, engineerName,
			resubmit, allowed),
		Entry("an engineer labels an approved RCA", approved, engineerName, addLabel, allowed),
		// Sharing its learning is recorded after approval, by whoever shares it.
		Entry("an engineer records sharing an approved RCA's learning", approved, engineerName, recordSharing, allowed),
		Entry("a SIRO records sharing an approved RCA's learning", approved, siroName, recordSharing, allowed),

		// An approved RCA is immutable (the CRD's rule), for SIROs too.
		Entry("an engineer edits the content of an approved RCA", approved, engineerName,
			editContainment, invalidBy(approvedRCARule)),
		Entry("a SIRO edits the content of an approved RCA", approved, siroName,
			editContainment, invalidBy(approvedRCARule)),
	)

	It("is approved once the SIRO's content change is written first, on its own", func() {
		rca := createRCA("rca")
		_, err := testenv.TryUpdate(admin, siro, rca, editContainment)
		Expect(err).NotTo(HaveOccurred())
		sent, err := testenv.TryUpdate(admin, siro, rca, decide(v1alpha1.SignOffApproved, siroName))
		Expect(err).NotTo(HaveOccurred())
		expectStoredSpec(sent)
		Expect(sent.Spec.Overview.Containment).To(ContainSubstring("VPN logs attached"))
	})

	DescribeTable("an RCA created with a sign-off",
		func(user string, opts []func(*v1alpha1.RootCauseAnalysis), want outcome) {
			rca := newRCA("rca", opts...)
			err := as(user).Create(ctx, rca)
			GinkgoWriter.Println(err)
			want.check(err)
			Expect(exists(rca)).To(Equal(want == allowed))
		},
		Entry("by an engineer, approved in their own name", engineerName,
			[]func(*v1alpha1.RootCauseAnalysis){signedOff(v1alpha1.SignOffApproved, engineerName)},
			refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("by an engineer, approved in the SIRO's name", engineerName,
			[]func(*v1alpha1.RootCauseAnalysis){signedOff(v1alpha1.SignOffApproved, siroName)},
			refusedBy(signOffPolicy, cannotSign(engineerName, rcaKind, here))),
		Entry("by an engineer, without a sign-off", engineerName, nil, allowed),
	)
})

// Starting points of a report.
type reportStart string

const (
	reportUnsigned reportStart = "not signed off"
	reportApproved reportStart = "approved by the SIRO"
)

func (s reportStart) create() *v1alpha1.LessonsReport {
	if s == reportApproved {
		return approvedReport("report")
	}
	return createReport("report")
}

func decideReport(decision v1alpha1.SignOffDecision, by string) func(*v1alpha1.LessonsReport) {
	return func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = signOff(decision, by) }
}

func nameOtherSIRO(r *v1alpha1.LessonsReport) { r.Spec.SIRO = otherSIROName }

// approveAgain approves the figures as they stand now, as the SIRO does
// when a report's sign-off went stale.
func approveAgain(r *v1alpha1.LessonsReport) {
	r.Spec.SignOff.At = metav1.NewTime(r.Spec.SignOff.At.Add(time.Hour))
	r.Spec.SignOff.Comment = "Figures reviewed again after the late RCA sign-off."
}

var _ = Describe("Sign-off of a LessonsReport", func() {
	DescribeTable("only a SIRO signs, as themselves; other writes are left alone",
		func(start reportStart, user string, change func(*v1alpha1.LessonsReport), want outcome) {
			report := start.create()
			sent, err := testenv.TryUpdate(admin, as(user), report, change)
			GinkgoWriter.Println(err)
			want.check(err)
			if want == allowed {
				expectStoredSpec(sent)
			}
		},
		Entry("an engineer approves a report", reportUnsigned, engineerName,
			decideReport(v1alpha1.SignOffApproved, engineerName), refusedBy(signOffPolicy, cannotSign(engineerName, reportKind, here))),
		Entry("an engineer approves in the SIRO's name", reportUnsigned, engineerName,
			decideReport(v1alpha1.SignOffApproved, siroName), refusedBy(signOffPolicy, cannotSign(engineerName, reportKind, here))),
		Entry("a SIRO approves, signing as themselves", reportUnsigned, siroName,
			decideReport(v1alpha1.SignOffApproved, siroName), allowed),
		Entry("a SIRO approves in another SIRO's name", reportUnsigned, siroName,
			decideReport(v1alpha1.SignOffApproved, otherSIROName), refusedBy(signOffPolicy, notSelf(siroName, otherSIROName))),
		Entry("an engineer changes the decision on an approved report", reportApproved, engineerName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SignOff.Decision = v1alpha1.SignOffChangesRequested },
			refusedBy(signOffPolicy, cannotSign(engineerName, reportKind, here))),
		Entry("an engineer withdraws an approval", reportApproved, engineerName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = nil }, refusedBy(signOffPolicy, cannotWithdraw(engineerName, reportKind, here))),
		Entry("a SIRO withdraws an approval", reportApproved, siroName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = nil }, allowed),
		Entry("an engineer names another SIRO on an approved report", reportApproved, engineerName,
			nameOtherSIRO, invalidBy(approvedReportRule)),
		Entry("a SIRO names another SIRO on their approved report", reportApproved, siroName,
			nameOtherSIRO, invalidBy(approvedReportRule)),
		Entry("a SIRO approves a report and names another SIRO in the same write", reportUnsigned, siroName,
			both(decideReport(v1alpha1.SignOffApproved, siroName), nameOtherSIRO), refusedBy(signOffPolicy, contentWithSignOff)),
		Entry("a SIRO approves an approved report again, its figures having changed", reportApproved, siroName,
			approveAgain, allowed),
		Entry("an engineer names another SIRO on a report not signed off", reportUnsigned, engineerName,
			nameOtherSIRO, allowed),
		Entry("an engineer changes the period of an approved report", reportApproved, engineerName,
			func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil }, invalidBy(approvedReportRule)),
	)

	It("cannot be created approved by an engineer", func() {
		report := newReport("report")
		report.Spec.SignOff = signOff(v1alpha1.SignOffApproved, siroName)
		err := engineer.Create(ctx, report)
		expectRefusedBy(1, err, signOffPolicy, cannotSign(engineerName, reportKind, namespace))
		Expect(exists(report)).To(BeFalse())
	})
})
