package admission_test

import (
	"fmt"
	"strings"

	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// The refusals of the admission policies, as users read them.

// notSIRO: someone outside the SIRO group sets or changes a sign-off.
func notSIRO(user, kind string) string {
	msg := fmt.Sprintf("only members of lessons:siro may sign off (set or change spec.signOff of a %s); %s is not", kind, user)
	if strings.HasPrefix(user, "system:serviceaccount:") {
		msg += " (a GitOps applier can be trusted to apply sign-offs reviewed in Git: add it to trustedAppliers in ConfigMap " +
			operatorNamespace + "/" + signOffParams + ")"
	}
	return msg
}

// notSelf: a SIRO signs in someone else's name.
func notSelf(user, by string) string {
	return fmt.Sprintf("spec.signOff.by must be the signer's own username (%s), not %s", user, by)
}

// cannotWithdraw: someone outside the SIRO group removes an approval.
func cannotWithdraw(user, kind string) string {
	return fmt.Sprintf("only members of lessons:siro may withdraw an approved sign-off (remove spec.signOff of a %s); %s is not", kind, user)
}

// keptAsEvidence: deleting an approved RCA or report.
func keptAsEvidence(kind, name, signer string) string {
	return fmt.Sprintf("%s %s is signed off (approved by %s) and kept as evidence; to delete it on purpose, first run: "+
		"kubectl annotate %s %s -n %s lessons.dspt.io/release-for-deletion=true",
		kind, name, signer, strings.ToLower(kind), name, namespace)
}

// closedKeptAsEvidence: deleting a Closed incident.
func closedKeptAsEvidence(name string) string {
	return fmt.Sprintf("Incident %s is Closed and kept as evidence; to delete it on purpose, first run: "+
		"kubectl annotate incident %s -n %s lessons.dspt.io/release-for-deletion=true", name, name, namespace)
}

// outcome is what a request should get.
type outcome struct {
	policy  string // the policy that refuses, or ""
	message string // its refusal, or the CRD rule that refuses
	invalid bool   // refused by the CRD's validation rules
}

var allowed = outcome{}

func refusedBy(policy, message string) outcome { return outcome{policy: policy, message: message} }

func invalidBy(rule string) outcome { return outcome{message: rule, invalid: true} }

func (o outcome) check(err error) {
	expectOutcome(2, err, o)
}

func expectOutcome(offset int, err error, o outcome) {
	switch {
	case o.policy != "":
		expectRefusedBy(offset+1, err, o.policy, o.message)
	case o.invalid:
		ExpectWithOffset(offset, err).To(HaveOccurred(), "the API server accepted the request")
		ExpectWithOffset(offset, apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got: %v", err)
		ExpectWithOffset(offset, err.Error()).To(ContainSubstring(o.message))
	default:
		ExpectWithOffset(offset, err).NotTo(HaveOccurred())
	}
}

// expectRefusedBy checks that a policy refused the request with exactly
// this message.
func expectRefusedBy(offset int, err error, policy, message string) {
	ExpectWithOffset(offset, err).To(HaveOccurred(), "the API server accepted the request")
	ExpectWithOffset(offset, apierrors.IsForbidden(err)).To(BeTrue(), "want a Forbidden error, got: %v", err)
	ExpectWithOffset(offset, err.Error()).To(HaveSuffix(
		fmt.Sprintf("ValidatingAdmissionPolicy '%s' with binding '%s' denied request: %s", policy, policy, message)))
}
