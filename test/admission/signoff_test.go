package admission_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

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
			decide(v1alpha1.SignOffApproved, engineerName), refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
		Entry("an engineer approves in the SIRO's name", submitted, engineerName,
			decide(v1alpha1.SignOffApproved, siroName), refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
		Entry("an engineer requests changes", submitted, engineerName,
			decide(v1alpha1.SignOffChangesRequested, engineerName), refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
		Entry("a cluster administrator outside the SIRO group approves", submitted, adminName,
			decide(v1alpha1.SignOffApproved, siroName), refusedBy(signOffPolicy, notSIRO(adminName, rcaKind))),
		Entry("a SIRO approves, signing as themselves", submitted, siroName,
			decide(v1alpha1.SignOffApproved, siroName), allowed),
		Entry("a SIRO requests changes, signing as themselves", submitted, siroName,
			decide(v1alpha1.SignOffChangesRequested, siroName), allowed),
		Entry("a SIRO approves in another SIRO's name", submitted, siroName,
			decide(v1alpha1.SignOffApproved, otherSIROName), refusedBy(signOffPolicy, notSelf(siroName, otherSIROName))),
		Entry("a SIRO approves an RCA sent back earlier", sentBack, siroName,
			decide(v1alpha1.SignOffApproved, siroName), allowed),

		// The SIRO's decision is the SIRO's.
		Entry("an engineer turns the SIRO's request for changes into an approval", sentBack, engineerName,
			keepSignOffButDecide(v1alpha1.SignOffApproved), refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
		Entry("an engineer rewrites the SIRO's comment", sentBack, engineerName,
			rewriteComment, refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
		Entry("an engineer sends an approved RCA back", approved, engineerName,
			keepSignOffButDecide(v1alpha1.SignOffChangesRequested), refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
		Entry("an engineer withdraws an approval", approved, engineerName,
			removeSignOff, refusedBy(signOffPolicy, cannotWithdraw(engineerName, rcaKind))),
		Entry("a SIRO withdraws an approval", approved, siroName, removeSignOff, allowed),
		Entry("a SIRO sends an approved RCA back, signing as themselves", approved, siroName,
			decide(v1alpha1.SignOffChangesRequested, siroName), allowed),

		// Writes that leave spec.signOff as it was.
		Entry("an engineer edits other fields of an RCA the SIRO sent back", sentBack, engineerName,
			editContainment, allowed),
		Entry("an engineer removes the SIRO's request for changes to resubmit", sentBack, engineerName,
			resubmit, allowed),
		Entry("an engineer labels an approved RCA", approved, engineerName, addLabel, allowed),

		// An approved RCA is immutable (the CRD's rule), for SIROs too.
		Entry("an engineer edits the content of an approved RCA", approved, engineerName,
			editContainment, invalidBy(approvedRCARule)),
		Entry("a SIRO edits the content of an approved RCA", approved, siroName,
			editContainment, invalidBy(approvedRCARule)),
	)

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
			refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
		Entry("by an engineer, approved in the SIRO's name", engineerName,
			[]func(*v1alpha1.RootCauseAnalysis){signedOff(v1alpha1.SignOffApproved, siroName)},
			refusedBy(signOffPolicy, notSIRO(engineerName, rcaKind))),
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
			decideReport(v1alpha1.SignOffApproved, engineerName), refusedBy(signOffPolicy, notSIRO(engineerName, reportKind))),
		Entry("an engineer approves in the SIRO's name", reportUnsigned, engineerName,
			decideReport(v1alpha1.SignOffApproved, siroName), refusedBy(signOffPolicy, notSIRO(engineerName, reportKind))),
		Entry("a SIRO approves, signing as themselves", reportUnsigned, siroName,
			decideReport(v1alpha1.SignOffApproved, siroName), allowed),
		Entry("a SIRO approves in another SIRO's name", reportUnsigned, siroName,
			decideReport(v1alpha1.SignOffApproved, otherSIROName), refusedBy(signOffPolicy, notSelf(siroName, otherSIROName))),
		Entry("an engineer changes the decision on an approved report", reportApproved, engineerName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SignOff.Decision = v1alpha1.SignOffChangesRequested },
			refusedBy(signOffPolicy, notSIRO(engineerName, reportKind))),
		Entry("an engineer withdraws an approval", reportApproved, engineerName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = nil }, refusedBy(signOffPolicy, cannotWithdraw(engineerName, reportKind))),
		Entry("a SIRO withdraws an approval", reportApproved, siroName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = nil }, allowed),
		Entry("an engineer names another SIRO on an approved report", reportApproved, engineerName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = otherSIROName }, invalidBy(approvedReportRule)),
		Entry("a SIRO names another SIRO on their approved report", reportApproved, siroName,
			func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = otherSIROName }, invalidBy(approvedReportRule)),
		Entry("an engineer changes the period of an approved report", reportApproved, engineerName,
			func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil }, invalidBy(approvedReportRule)),
	)

	It("cannot be created approved by an engineer", func() {
		report := newReport("report")
		report.Spec.SignOff = signOff(v1alpha1.SignOffApproved, siroName)
		err := engineer.Create(ctx, report)
		expectRefusedBy(1, err, signOffPolicy, notSIRO(engineerName, reportKind))
		Expect(exists(report)).To(BeFalse())
	})
})
