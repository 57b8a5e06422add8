package validation_test

import (
	"reflect"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

const (
	approvedRCARule    = "an approved RCA is immutable: withdraw spec.signOff (or change its decision) before changing it"
	approvedReportRule = "an approved report's spec is immutable (spec.period, spec.selector, spec.namespaceSelector and spec.siro): " +
		"withdraw spec.signOff before changing it, then sign off again"
	incidentRefRule = "spec.incidentRef is immutable"
)

// createIn creates obj in the test namespace under a unique name.
func createIn(obj client.Object) {
	obj.SetName(testenv.UniqueName(obj.GetName()))
	testenv.Create(k8sClient, namespace, obj)
}

// update writes obj back changed by mutate, once, and returns the API
// server's answer.
func update[T client.Object](obj T, mutate func(T)) error {
	_, err := testenv.TryUpdate(k8sClient, k8sClient, obj, mutate)
	return err
}

// expectRefused checks that err is an Invalid error carrying every text in want.
func expectRefused(err error, want ...string) {
	ExpectWithOffset(1, err).To(HaveOccurred(), "the API server accepted the update")
	ExpectWithOffset(1, apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got: %v", err)
	for _, w := range want {
		ExpectWithOffset(1, err.Error()).To(ContainSubstring(w))
	}
}

var _ = Describe("Update rules", func() {
	Describe("an approved RCA", func() {
		var rca *v1alpha1.RootCauseAnalysis

		BeforeEach(func() {
			rca = validRCA("approved-rca")
			createIn(rca)
			// The SIRO signs off a submitted RCA.
			Expect(update(rca, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt))).To(Succeed())
		})

		It("cannot have its content changed", func() {
			err := update(rca, func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.Overview.LessonsLearned = "Rewritten after sign-off."
			})
			expectRefused(err, "spec: Invalid value", approvedRCARule)
		})

		It("cannot lose a cause", func() {
			err := update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Causes = r.Spec.Causes[:1] })
			expectRefused(err, approvedRCARule)
		})

		It("cannot have its signer or date rewritten while it stays approved", func() {
			err := update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff.By = "someone.else@example.nhs.uk" })
			expectRefused(err, approvedRCARule)
		})

		It("lets the SIRO change the decision to ChangesRequested", func() {
			Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.SignOff.Decision = v1alpha1.SignOffChangesRequested
				r.Spec.SignOff.Comment = "The containment timeline needs the VPN logs."
			})).To(Succeed())
		})

		It("accepts label changes and status writes, which are not its content", func() {
			Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) {
				r.Labels = map[string]string{"argocd.argoproj.io/instance": "lessons"}
			})).To(Succeed())

			fresh := testenv.Fresh(k8sClient, &v1alpha1.RootCauseAnalysis{ObjectMeta: metav1.ObjectMeta{Namespace: rca.Namespace, Name: rca.Name}})
			fresh.Status.Phase = v1alpha1.RCASignedOff
			fresh.Status.ObservedGeneration = fresh.Generation
			Expect(k8sClient.Status().Update(ctx, fresh)).To(Succeed())
		})

		It("accepts the withdrawal of its sign-off, after which it can be changed and signed off again", func() {
			Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff = nil })).To(Succeed())

			Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.Overview.LessonsLearned = "Password-only remote access turns one captured password into a breach; alerting shortens dwell time."
			})).To(Succeed())

			Expect(update(rca, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt))).To(Succeed())
			err := update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Lead = "team:information-governance" })
			expectRefused(err, approvedRCARule)
		})
	})

	It("lets the author edit an RCA the SIRO sent back with ChangesRequested", func() {
		rca := validRCA("changes-requested-rca", fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt))
		createIn(rca)
		Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Overview.LessonsLearned = "Reworded to name the processes, not the people, as the SIRO asked."
			r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{
				Type:        v1alpha1.CauseNonTechnical,
				Description: "The route for reporting a suspicious e-mail was not well known.",
			})
		})).To(Succeed())
		// And the SIRO can then approve it.
		Expect(update(rca, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt))).To(Succeed())
	})

	It("refuses a sign-off added to a draft RCA", func() {
		rca := fixtures.RCA("draft-rca", incidentName)
		createIn(rca)
		// Only the sign-off: fixtures.SignedOff would submit the draft too.
		err := update(rca, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: fixtures.SIRO, At: metav1.NewTime(signedAt)}
		})
		expectRefused(err, "spec.signOff: Invalid value", "spec.signOff may only be given to a submitted RCA")
	})

	It("keeps an RCA's incidentRef for life", func() {
		rca := fixtures.RCA("rca-ref", incidentName)
		createIn(rca)
		// Other fields of a draft change freely.
		Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Lead = "team:information-governance" })).To(Succeed())
		err := update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.IncidentRef.Name = "another-incident" })
		expectRefused(err, "spec.incidentRef: Invalid value", incidentRefRule)
	})

	It("keeps an action's incidentRef for life", func() {
		action := fixtures.Action("action-ref", incidentName, actionDue)
		createIn(action)
		// Other fields change freely: the action moves on and is done.
		Expect(update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.State = v1alpha1.ActionStateInProgress })).To(Succeed())
		Expect(update(action, fixtures.Done(completedAt))).To(Succeed())
		err := update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.IncidentRef.Name = "another-incident" })
		expectRefused(err, "spec.incidentRef: Invalid value", incidentRefRule)
	})

	Describe("an approved LessonsReport", func() {
		var report *v1alpha1.LessonsReport

		BeforeEach(func() {
			report = fixtures.Report("approved-report")
			createIn(report)
			Expect(update(report, fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt))).To(Succeed())
		})

		It("cannot have its period start moved", func() {
			err := update(report, func(r *v1alpha1.LessonsReport) { r.Spec.Period.From = at("2026-01-01T00:00:00Z") })
			expectRefused(err, "spec: Invalid value", approvedReportRule)
		})

		It("cannot have its period made open-ended", func() {
			err := update(report, func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil })
			expectRefused(err, approvedReportRule)
		})

		It("cannot have a selector added", func() {
			err := update(report, func(r *v1alpha1.LessonsReport) {
				r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"lessons.dspt.io/service": "community"}}
			})
			expectRefused(err, approvedReportRule)
		})

		It("cannot have its SIRO changed, who is named beside the approval", func() {
			err := update(report, func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = "deputy.siro@example.nhs.uk" })
			expectRefused(err, "spec: Invalid value", approvedReportRule)
		})

		It("cannot have its SIRO removed", func() {
			err := update(report, func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = "" })
			expectRefused(err, approvedReportRule)
		})

		It("cannot have its SIRO changed while the SIRO sends it back", func() {
			err := update(report, func(r *v1alpha1.LessonsReport) {
				r.Spec.SignOff.Decision = v1alpha1.SignOffChangesRequested
				r.Spec.SIRO = "deputy.siro@example.nhs.uk"
			})
			expectRefused(err, approvedReportRule)
		})

		It("cannot have any field of its spec but signOff changed", func() {
			for _, field := range jsonFields(reflect.TypeFor[v1alpha1.LessonsReportSpec]()) {
				if field == "signOff" {
					continue
				}
				change, ok := reportSpecChanges[field]
				Expect(ok).To(BeTrue(), "no change of spec.%s is tried: add one to reportSpecChanges, and keep the field in the CRD's approved-report rule", field)
				expectRefused(update(report, change), approvedReportRule)
			}
		})

		It("can be approved again, its figures having changed: only signOff changes", func() {
			Expect(update(report, fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt.Add(time.Hour)))).To(Succeed())
		})

		It("accepts a change of period once the sign-off is withdrawn", func() {
			Expect(update(report, func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = nil })).To(Succeed())
			Expect(update(report, func(r *v1alpha1.LessonsReport) { r.Spec.Period.From = at("2026-01-01T00:00:00Z") })).To(Succeed())
		})

		It("accepts a change of SIRO once the sign-off is withdrawn", func() {
			Expect(update(report, func(r *v1alpha1.LessonsReport) { r.Spec.SignOff = nil })).To(Succeed())
			Expect(update(report, func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = "deputy.siro@example.nhs.uk" })).To(Succeed())
		})
	})

	It("lets the period of a report that is not approved change", func() {
		report := fixtures.Report("current-report", fixtures.ReportSignedOff(v1alpha1.SignOffChangesRequested, signedAt))
		createIn(report)
		Expect(update(report, func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = atPtr("2026-10-01T00:00:00Z") })).To(Succeed())
	})
})

// reportSpecChanges change each field of a report's spec but signOff.
var reportSpecChanges = map[string]func(*v1alpha1.LessonsReport){
	"period": func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = atPtr("2027-01-01T00:00:00Z") },
	"selector": func(r *v1alpha1.LessonsReport) {
		r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"lessons.dspt.io/service": "community"}}
	},
	"siro": func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = "team:information-governance" },
	"namespaceSelector": func(r *v1alpha1.LessonsReport) {
		r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"lessons.dspt.io/organisation": "north-trust"}}
	},
}

// jsonFields names the fields of a struct type as they are serialised.
func jsonFields(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}
