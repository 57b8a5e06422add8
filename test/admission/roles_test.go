package admission_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// oneOfEach creates one object of each kind, as the administrator.
func oneOfEach() []client.Object {
	action := fixtures.Action(testenv.UniqueName("action"), incidentName, fixtures.T0.Add(30*24*time.Hour))
	action.Namespace = namespace
	action.Generation = 0
	Expect(admin.Create(ctx, action)).To(Succeed())
	return []client.Object{createIncident("incident", ""), createRCA("rca"), action, createReport("report"), createReview("review", "")}
}

// resourceOf names the resource of obj, as RBAC refusals do.
func resourceOf(obj client.Object) string {
	switch obj.(type) {
	case *v1alpha1.Incident:
		return "incidents"
	case *v1alpha1.RootCauseAnalysis:
		return "rootcauseanalyses"
	case *v1alpha1.ImprovementAction:
		return "improvementactions"
	case *v1alpha1.LessonsReport:
		return "lessonsreports"
	case *v1alpha1.ProcessReview:
		return "processreviews"
	}
	Fail("unknown kind")
	return ""
}

// newCopy is a copy of obj under a new name, for creating.
func newCopy(obj client.Object) client.Object {
	c := obj.DeepCopyObject().(client.Object)
	c.SetName(testenv.UniqueName("copy"))
	c.SetResourceVersion("")
	c.SetUID("")
	return c
}

var _ = Describe("The roles", func() {
	Describe("lessons-view", func() {
		It("lets a visitor read every kind", func() {
			for _, obj := range oneOfEach() {
				Expect(visitor.Get(ctx, client.ObjectKeyFromObject(obj), obj)).To(Succeed())
			}
			for _, list := range []client.ObjectList{&v1alpha1.IncidentList{}, &v1alpha1.RootCauseAnalysisList{},
				&v1alpha1.ImprovementActionList{}, &v1alpha1.LessonsReportList{}, &v1alpha1.ProcessReviewList{}} {
				Expect(visitor.List(ctx, list, client.InNamespace(namespace))).To(Succeed())
				items, err := apimeta.ExtractList(list)
				Expect(err).NotTo(HaveOccurred())
				Expect(items).NotTo(BeEmpty())
			}
		})

		It("lets a visitor write nothing", func() {
			for _, obj := range oneOfEach() {
				res := resourceOf(obj)
				testenv.ExpectRBACForbidden(visitor.Create(ctx, newCopy(obj)), visitorName, "create", res)
				testenv.ExpectRBACForbidden(visitor.Update(ctx, obj), visitorName, "update", res)
				testenv.ExpectRBACForbidden(visitor.Patch(ctx, obj, client.RawPatch("application/merge-patch+json", []byte(`{"metadata":{"labels":{"x":"y"}}}`))),
					visitorName, "patch", res)
				testenv.ExpectRBACForbidden(visitor.Delete(ctx, obj), visitorName, "delete", res)
				Expect(exists(obj)).To(BeTrue())
			}
		})

		It("does not let a visitor sign off", func() {
			report := createReport("report")
			_, err := testenv.TryUpdate(admin, visitor, report, func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = signOff(v1alpha1.SignOffApproved, visitorName) })
			testenv.ExpectRBACForbidden(err, visitorName, "update", "lessonsreports")
		})
	})

	Describe("lessons-edit", func() {
		It("lets an engineer create, update and delete every kind", func() {
			for _, obj := range oneOfEach() {
				created := newCopy(obj)
				Expect(engineer.Create(ctx, created)).To(Succeed())
				created.SetLabels(map[string]string{"team": "cyber-security"})
				Expect(engineer.Update(ctx, created)).To(Succeed())
				Expect(engineer.Delete(ctx, created)).To(Succeed())
			}
		})

		It("does not let an engineer write status, which is the operator's", func() {
			rca := createRCA("rca")
			rca.Status.Phase = v1alpha1.RCASignedOff
			testenv.ExpectRBACForbidden(engineer.Status().Update(ctx, rca), engineerName, "update", "rootcauseanalyses/status")
		})
	})

	Describe("lessons-siro", func() {
		It("lets a SIRO read every kind", func() {
			for _, obj := range oneOfEach() {
				Expect(siro.Get(ctx, client.ObjectKeyFromObject(obj), obj)).To(Succeed())
			}
		})

		It("lets a SIRO create and delete nothing", func() {
			for _, obj := range oneOfEach() {
				res := resourceOf(obj)
				testenv.ExpectRBACForbidden(siro.Create(ctx, newCopy(obj)), siroName, "create", res)
				testenv.ExpectRBACForbidden(siro.Delete(ctx, obj), siroName, "delete", res)
			}
		})

		It("does not let a SIRO edit incidents, actions or process reviews, only release them", func() {
			// The person each kind names, which the SIRO would make itself.
			person := map[string]string{"incidents": "owner", "improvementactions": "owner", "processreviews": "chair"}
			for _, obj := range oneOfEach() {
				res := resourceOf(obj)
				field, ok := person[res]
				if !ok {
					continue
				}
				patch := []byte(`{"spec":{"` + field + `":"siro@example.nhs.uk"}}`)
				expectRefusedBy(1, siro.Patch(ctx, obj, client.RawPatch(types.MergePatchType, patch)),
					releasePolicy, releaseOnly(siroName, kindOf(obj), res, namespace))
			}
		})
	})

	Describe("the manager's role", func() {
		It("lets the manager write the status of an approved RCA and report; the sign-off policy leaves it alone", func() {
			rca := approvedRCA("rca")
			rca.Status.Phase = v1alpha1.RCASignedOff
			Expect(manager.Status().Update(ctx, rca)).To(Succeed())

			report := approvedReport("report")
			report.Status.Phase = v1alpha1.ReportSignedOff
			Expect(manager.Status().Update(ctx, report)).To(Succeed())
		})

		It("does not let the manager write spec", func() {
			rca := createRCA("rca")
			_, err := testenv.TryUpdate(admin, manager, rca, editContainment)
			testenv.ExpectRBACForbidden(err, managerName, "update", "rootcauseanalyses")
		})

		It("does not let the manager read Secrets", func() {
			err := manager.Get(ctx, client.ObjectKey{Namespace: operatorNamespace, Name: "any"}, &corev1.Secret{})
			testenv.ExpectRBACForbidden(err, managerName, "get", "secrets")
			err = manager.List(ctx, &corev1.SecretList{}, client.InNamespace(namespace))
			testenv.ExpectRBACForbidden(err, managerName, "list", "secrets")
		})
	})
})
