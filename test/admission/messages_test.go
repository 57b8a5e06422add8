package admission_test

import (
	"fmt"
	"strings"

	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// The refusals of the admission policies, as users read them.

// cannotSign: someone without the verb sign-off in ns sets or changes a
// sign-off.
func cannotSign(user, kind, ns string) string {
	return fmt.Sprintf("spec.signOff of a %s is set or changed only by a signer: %s", kind, user) + missingBinding(user, kind, ns)
}

// cannotWithdraw: someone without the verb sign-off in ns removes an approval.
func cannotWithdraw(user, kind, ns string) string {
	return fmt.Sprintf("an approved spec.signOff of a %s is withdrawn only by a signer: %s", kind, user) + missingBinding(user, kind, ns)
}

// missingBinding names the binding a would-be signer lacks.
func missingBinding(user, kind, ns string) string {
	msg := fmt.Sprintf(" needs the verb sign-off on %s in namespace %s: bind the lessons-siro ClusterRole to them with a RoleBinding in %s",
		resourceOfKind(kind), ns, ns)
	if strings.HasPrefix(user, "system:serviceaccount:") {
		msg += " (or, for a GitOps applier applying sign-offs reviewed in Git, add it to trustedAppliers in ConfigMap " +
			operatorNamespace + "/" + signOffParams + ")"
	}
	return msg
}

func resourceOfKind(kind string) string {
	if kind == reportKind {
		return "lessonsreports"
	}
	return "rootcauseanalyses"
}

// notSelf: a signer signs in someone else's name.
func notSelf(user, by string) string {
	return fmt.Sprintf("spec.signOff.by must be the signer's own username: sign as %s, not %s", user, by)
}

// contentWithSignOff: a sign-off and a content change in one write.
const contentWithSignOff = "a write that sets or changes spec.signOff must change nothing else in spec: " +
	"make the content changes in a separate write, then sign off"

// createdSigned: an object created with its sign-off.
func createdSigned(kind string) string {
	return fmt.Sprintf("spec.signOff cannot be set in the write that creates a %s: create it without spec.signOff, then sign off in a separate write", kind)
}

// releaseHint is how a refusal to delete evidence ends.
func releaseHint(kind, name string) string {
	return fmt.Sprintf("; only a signer (the verb sign-off, as the SIRO holds) may release it for deletion, first running: "+
		"kubectl annotate %s %s -n %s lessons.dspt.io/release-for-deletion=true", strings.ToLower(kind), name, namespace)
}

// keptAsEvidence: deleting an approved RCA or report.
func keptAsEvidence(kind, name, signer string) string {
	return fmt.Sprintf("%s %s is signed off (approved by %s) and kept as evidence", kind, name, signer) + releaseHint(kind, name)
}

// recordKeptAsEvidence: deleting an incident or action the operator keeps
// as evidence, for why.
func recordKeptAsEvidence(kind, name, why string) string {
	return fmt.Sprintf("%s %s is kept as evidence (%s)", kind, name, why) + releaseHint(kind, name)
}

// cannotRelease: someone without the verb sign-off in ns sets the release
// annotation.
func cannotRelease(user, kind, resource, ns string) string {
	return fmt.Sprintf("metadata.annotations[lessons.dspt.io/release-for-deletion] releases a %s kept as evidence for deletion "+
		"and is set only by a signer: %s needs the verb sign-off on %s in namespace %s: ask the SIRO (the lessons-siro ClusterRole, bound in %s) to set it",
		kind, user, resource, ns, ns)
}

// releaseOnly: a signer who is no editor changes an incident's or action's spec.
func releaseOnly(user, kind, resource, ns string) string {
	return fmt.Sprintf("%s may release a %s for deletion but not change its spec: that needs the verb create on %s in namespace %s (the edit role); the record stays as it was",
		user, kind, resource, ns)
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

// here stands for the suite's namespace in the messages of table entries,
// which are built before the suite creates it.
const here = "<the suite's namespace>"

func (o outcome) check(err error) {
	expectOutcome(2, err, o)
}

func expectOutcome(offset int, err error, o outcome) {
	o.message = strings.ReplaceAll(o.message, here, namespace)
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
