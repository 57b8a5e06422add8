package testenv

import (
	"fmt"

	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// ExpectRBACForbidden checks that RBAC refused user the verb on resource
// (such as "rootcauseanalyses/status"), naming both as the refusal does.
func ExpectRBACForbidden(err error, user, verb, resource string) {
	ExpectWithOffset(1, err).To(HaveOccurred(), "the API server accepted the request")
	ExpectWithOffset(1, apierrors.IsForbidden(err)).To(BeTrue(), "want a Forbidden error, got: %v", err)
	ExpectWithOffset(1, err.Error()).To(ContainSubstring(
		fmt.Sprintf("User %q cannot %s resource %q", user, verb, resource)))
}
