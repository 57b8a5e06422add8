// Package admission_test checks who may do what, against a real API server
// with the operator's admission policies and roles installed as config/default
// renders them: who may sign off an RCA or a report (the sign-off policy,
// which asks RBAC for the verb sign-off in the object's namespace), that
// signed-off and closed records cannot be deleted by accident (the
// deletion-protection policy), and what each shipped role allows. Every
// request is made as a user of its own (a SIRO, a member of the SIRO group
// bound to nothing, an engineer, a GitOps service account, a read-only
// visitor, the manager), authenticated by certificate, never impersonated;
// every refusal's message is asserted.
package admission_test

import (
	"context"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var (
	env *testenv.Env
	ctx = context.Background()
	// admin is a cluster administrator (system:masters). RBAC does not
	// limit it; the admission policies do.
	admin       client.Client
	adminConfig *rest.Config
	// namespace is where every object of the suite is created.
	namespace string
	// The users of the suite, each with the roles it is bound to in namespace.
	siro, member, engineer, gitops, visitor, manager client.Client
)

func TestAdmission(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(30 * time.Second)
	SetDefaultEventuallyPollingInterval(200 * time.Millisecond)
	RunSpecs(t, "Admission policies and roles")
}

var _ = BeforeSuite(func() {
	var err error
	env, err = testenv.Start()
	Expect(err).NotTo(HaveOccurred())
	admin, adminConfig = newUserConfig(adminName, "system:masters")

	testenv.InstallPoliciesAndRoles(admin)

	namespace = createNamespace("admission-")

	siro = newUser(siroName, siroGroup)
	member = newUser(memberName, siroGroup, engineersGroup)
	engineer = newUser(engineerName, engineersGroup)
	gitops = newUser(gitopsName, "system:serviceaccounts", "system:serviceaccounts:argocd")
	visitor = newUser(visitorName)
	manager = newUser(managerName, "system:serviceaccounts", "system:serviceaccounts:"+operatorNamespace)
	bindRoles(namespace)

	waitForPolicies()
})

var _ = AfterSuite(func() {
	if env != nil {
		Expect(env.Stop()).To(Succeed())
	}
})
