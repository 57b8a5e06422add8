package cluster_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// reviews are one object of each kind, under unique names, in ns, not yet
// created.
func reviews(ns string) []client.Object {
	incident := testenv.UniqueName("incident")
	return []client.Object{
		fixtures.Incident(incident, fixtures.InNamespace[v1alpha1.Incident](ns)),
		fixtures.RCA(testenv.UniqueName("rca"), incident, fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns)),
		fixtures.Action(testenv.UniqueName("action"), incident, fixtures.T0.Add(30*24*time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction](ns)),
		fixtures.Report(testenv.UniqueName("report"), fixtures.InNamespace[v1alpha1.LessonsReport](ns)),
	}
}

// resourceOf names the resource of obj, as RBAC refusals do.
func resourceOf(obj client.Object) string {
	gvk, err := apiutil.GVKForObject(obj, testenv.Scheme)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	mapping, err := admin.RESTMapper().RESTMapping(gvk.GroupKind(), gvk.Version)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return mapping.Resource.Resource
}

// listOf is an empty list of obj's kind.
func listOf(obj client.Object) client.ObjectList {
	gvk, err := apiutil.GVKForObject(obj, testenv.Scheme)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	list, err := testenv.Scheme.New(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return list.(client.ObjectList)
}

// labelled adds a label to obj, a change any writer may make.
func labelled(obj client.Object) client.Object {
	obj.SetLabels(map[string]string{"team": "cyber-security"})
	return obj
}

// boundTo makes a namespace and a user bound, with kubectl, to the
// built-in ClusterRole role in it and to nothing else, and returns the
// user's name, a client acting as the user, and the namespace.
func boundTo(role string) (string, client.Client, string) {
	ns := newNamespace(role)
	user := role + "@example.nhs.uk"
	kubectl("create", "rolebinding", role, "--clusterrole="+role, "--user="+user, "-n", ns)
	return user, impersonate(user), ns
}

// expectReadable checks that c gets obj and finds it, alone, in its
// namespace's list.
func expectReadable(c client.Client, obj client.Object) {
	ExpectWithOffset(1, c.Get(ctx, client.ObjectKeyFromObject(obj), obj)).To(Succeed())
	list := listOf(obj)
	ExpectWithOffset(1, c.List(ctx, list, client.InNamespace(obj.GetNamespace()))).To(Succeed())
	ExpectWithOffset(1, list).To(HaveField("Items", HaveLen(1)))
}

// Aggregation is asynchronous, and so is the authorizer seeing its result:
// each spec first waits until its role grants what the shipped role adds.
var _ = Describe("The shipped roles, aggregated into the built-in ones", func() {
	It("let a user bound only to view read reviews and write nothing", func() {
		user, viewer, ns := boundTo("view")
		Eventually(func() error {
			return viewer.List(ctx, &v1alpha1.RootCauseAnalysisList{}, client.InNamespace(ns))
		}).Should(Succeed(), "view does not grant reading reviews")

		for _, obj := range reviews(ns) {
			res := resourceOf(obj)
			testenv.ExpectRBACForbidden(viewer.Create(ctx, obj.DeepCopyObject().(client.Object)), user, "create", res)
			Expect(admin.Create(ctx, obj)).To(Succeed())
			expectReadable(viewer, obj)
			testenv.ExpectRBACForbidden(viewer.Update(ctx, labelled(obj)), user, "update", res)
			testenv.ExpectRBACForbidden(viewer.Status().Update(ctx, obj), user, "update", res+"/status")
		}
	})

	DescribeTable("let a user bound only to edit or admin create, read and update reviews, but not write their status",
		func(role string) {
			user, editor, ns := boundTo(role)
			Eventually(func() error {
				return editor.Create(ctx, reviews(ns)[1], client.DryRunAll)
			}).Should(Succeed(), "%s does not grant writing reviews", role)

			for _, obj := range reviews(ns) {
				res := resourceOf(obj)
				Expect(editor.Create(ctx, obj)).To(Succeed(), "creating %s as %s", res, user)
				expectReadable(editor, obj)
				Expect(editor.Update(ctx, labelled(obj))).To(Succeed(), "updating %s as %s", res, user)
				testenv.ExpectRBACForbidden(editor.Status().Update(ctx, obj), user, "update", res+"/status")
			}
		},
		Entry("edit", "edit"),
		Entry("admin", "admin"),
	)
})
