package admission_test

import (
	. "github.com/onsi/gomega"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Names as config/default renders them.
const (
	operatorNamespace = "lessons-system"
	signOffPolicy     = "lessons-operator-sign-off"
	signedOffPolicy   = "lessons-operator-signed-off-deletion-protection"
	closedPolicy      = "lessons-operator-closed-incident-deletion-protection"
	releasePolicy     = "lessons-operator-release-for-deletion"
	signOffParams     = "lessons-operator-sign-off" // the ConfigMap, in operatorNamespace
	viewRole          = "lessons-view"
	editRole          = "lessons-edit"
	siroRole          = "lessons-siro"
)

// The users of the suite.
const (
	siroName       = "siro@example.nhs.uk"
	otherSIROName  = "deputy.siro@example.nhs.uk"
	siroGroup      = "lessons:siro"           // the group signing once needed; now it grants nothing by itself
	memberName     = "ig.lead@example.nhs.uk" // an engineer in siroGroup, bound to no lessons-siro
	engineerName   = "jo@example.nhs.uk"
	engineersGroup = "lessons:engineers"
	gitopsName     = "system:serviceaccount:argocd:argocd-application-controller"
	visitorName    = "visitor@example.nhs.uk"
	managerName    = "system:serviceaccount:" + operatorNamespace + ":lessons-operator-controller-manager"
	adminName      = "lessons-admin" // testenv's administrator, in system:masters
)

// newUser adds a user authenticated by client certificate (username and
// groups as given, plus system:authenticated) and returns its client.
func newUser(name string, groups ...string) client.Client {
	c, _ := newUserConfig(name, groups...)
	return c
}

func newUserConfig(name string, groups ...string) (client.Client, *rest.Config) {
	u, err := env.AddUser(envtest.User{Name: name, Groups: groups}, nil)
	ExpectWithOffset(2, err).NotTo(HaveOccurred())
	c, err := client.New(u.Config(), client.Options{Scheme: testenv.Scheme})
	ExpectWithOffset(2, err).NotTo(HaveOccurred())
	return c, u.Config()
}

// createNamespace creates a namespace of its own for a test.
func createNamespace(prefix string) string {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: prefix}}
	ExpectWithOffset(1, admin.Create(ctx, ns)).To(Succeed())
	return ns.Name
}

// bindRoles binds the shipped roles in ns the way an organisation would:
// its SIRO (the user, not the group) to lessons-siro, the engineers and the
// GitOps service account to lessons-edit, the visitor to lessons-view. The
// manager's ClusterRoleBinding comes from config/default.
func bindRoles(ns string) {
	bind(ns, siroRole, user(siroName))
	bind(ns, editRole,
		group(engineersGroup),
		rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Name: "argocd-application-controller", Namespace: "argocd"})
	bind(ns, viewRole, user(visitorName))
}

// bind binds a ClusterRole to subjects in ns, with a RoleBinding named
// after the role.
func bind(ns, role string, subjects ...rbacv1.Subject) {
	ExpectWithOffset(1, admin.Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: role, Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role},
		Subjects:   subjects,
	})).To(Succeed())
}

func user(name string) rbacv1.Subject {
	return rbacv1.Subject{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: name}
}

func group(name string) rbacv1.Subject {
	return rbacv1.Subject{APIGroup: rbacv1.GroupName, Kind: rbacv1.GroupKind, Name: name}
}

// waitForPolicies waits until the roles are in force and both policies are
// active with their parameters: a policy is enforced a moment after it is
// created. It probes with dry-run requests, which admission sees but which
// change nothing.
func waitForPolicies() {
	for _, c := range []client.Client{siro, member, engineer, gitops, visitor} {
		Eventually(func() error {
			return c.List(ctx, &v1alpha1.RootCauseAnalysisList{}, client.InNamespace(namespace))
		}).Should(Succeed(), "the roles are not in force")
	}
	probe := createRCA("probe")
	Eventually(func(g Gomega) {
		// Refused for an engineer...
		err := engineer.Update(ctx, with(probe, signedOff(v1alpha1.SignOffApproved, engineerName)), client.DryRunAll)
		g.Expect(err).To(MatchError(ContainSubstring(signOffPolicy)))
		// ...and allowed for a SIRO, so the parameters are found.
		g.Expect(siro.Update(ctx, with(probe, signedOff(v1alpha1.SignOffApproved, siroName)), client.DryRunAll)).To(Succeed())
	}).Should(Succeed(), "the sign-off policy is not in force as shipped: engineers refused, SIROs let through")

	approved := approvedRCA("probe")
	Eventually(func() error {
		return engineer.Delete(ctx, approved, client.DryRunAll)
	}).Should(MatchError(ContainSubstring(signedOffPolicy)), "the deletion protection of signed-off records is not enforced")
	remediating := createIncident("probe", v1alpha1.IncidentRemediating)
	Eventually(func() error {
		return engineer.Delete(ctx, remediating, client.DryRunAll)
	}).Should(MatchError(ContainSubstring(closedPolicy)), "the deletion protection of incidents is not enforced")
	releasing := remediating.DeepCopy()
	releasedAs[*v1alpha1.Incident]("true")(releasing)
	Eventually(func() error {
		return engineer.Update(ctx, releasing, client.DryRunAll)
	}).Should(MatchError(ContainSubstring(releasePolicy)), "who may release evidence for deletion is not enforced")
}

// policy reads a ValidatingAdmissionPolicy.
func policy(name string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	p := &admissionregistrationv1.ValidatingAdmissionPolicy{}
	ExpectWithOffset(1, admin.Get(ctx, client.ObjectKey{Name: name}, p)).To(Succeed())
	return p
}

// paramsConfigMap reads the sign-off policy's parameters.
func paramsConfigMap() *corev1.ConfigMap {
	cm := &corev1.ConfigMap{}
	ExpectWithOffset(1, admin.Get(ctx, client.ObjectKey{Namespace: operatorNamespace, Name: signOffParams}, cm)).To(Succeed())
	return cm
}

// setTrustedAppliers writes trustedAppliers in the sign-off ConfigMap.
func setTrustedAppliers(value string) {
	cm := paramsConfigMap()
	cm.Data["trustedAppliers"] = value
	ExpectWithOffset(1, admin.Update(ctx, cm)).To(Succeed())
}
