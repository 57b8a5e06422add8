package e2e

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// An engineer bound to the shipped lessons-edit role, and nothing else,
// tries with kubectl each way a record could once be gamed; the manager
// built from this tree records what happened.
var _ = Describe("Evidence an engineer cannot erase", Ordered, func() {
	const engineer = "engineer@example.nhs.uk"
	var (
		ns  string
		now = time.Now().Truncate(time.Second)
		// Past the SIRO notification (12h) and external report (72h)
		// deadlines, and the decision whether to report (72h).
		detected = now.Add(-73 * time.Hour)
	)
	asEngineer := func(args ...string) (string, error) {
		return kubectl(append([]string{"--as", engineer, "-n", ns}, args...)...)
	}
	// refused expects the engineer's kubectl write refused, its message
	// containing each of want.
	refused := func(args []string, want ...string) {
		out, err := asEngineer(args...)
		ExpectWithOffset(1, err).To(HaveOccurred(), "kubectl %v was accepted:\n%s", args, out)
		for _, w := range want {
			ExpectWithOffset(1, out).To(ContainSubstring(w))
		}
	}
	accepted := func(args ...string) {
		out, err := asEngineer(args...)
		ExpectWithOffset(1, err).NotTo(HaveOccurred(), "kubectl %v:\n%s", args, out)
	}
	apply := func(file string) []string { return []string{"apply", "-f", file} }
	events := func(reason v1alpha1.EventReason, kind, name string) func() int {
		return func() int {
			return len(testenv.EventsAbout(testenv.ListEvents(Default, k8s, ns), reason, kind, name, ""))
		}
	}

	BeforeAll(func() {
		ns = newNamespace("evidence")
		mustKubectl("apply", "-f", "config/rbac/lessons_edit_role.yaml")
		mustKubectl("create", "rolebinding", "engineer", "-n", ns, "--clusterrole=lessons-edit", "--user="+engineer)
	})

	It("keeps a missed SIRO notification and external report when the incident is reclassified as an exercise", func() {
		opts := []fixtures.Option[v1alpha1.Incident]{
			fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(detected, 0), fixtures.ExternalReportRequired(),
			func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil },
		}
		inc := fixtures.Incident("lost-laptop", opts...)
		inc.Generation = 0
		accepted(apply(writeManifest("lost-laptop.yaml", inc))...)
		Eventually(func(g Gomega) {
			got := testenv.Fresh(k8s, inc.DeepCopy())
			g.Expect(got.Status.SIRONotificationBreach).NotTo(BeNil())
			g.Expect(got.Status.ExternalReportBreach).NotTo(BeNil())
		}).Should(Succeed())

		By("moving detection later, out of the missed deadlines: refused")
		refused([]string{"patch", "incident", "lost-laptop", "--type=merge", "-p", `{"spec":{"detectedAt":"` + now.UTC().Format(time.RFC3339) + `"}}`},
			"spec.detectedAt changed: a fact on record changes only with its correction")

		exercise := func(i *v1alpha1.Incident) {
			i.Spec.Type, i.Spec.ExternalReportRequired = v1alpha1.IncidentTypeExercise, false
		}
		By("reclassifying without a correction: refused, naming the fact and the entry to append")
		refused(apply(writeManifest("lost-laptop-exercise.yaml", fixtures.Incident("lost-laptop", append(opts, exercise)...))),
			"spec.type was Incident and becomes Exercise: a fact on record changes only with its correction",
			"{field: type, from: Incident, to: Exercise, reason: why, by: who agreed, at: when}")

		By("reclassifying with its corrections: taken, and both breaches stay")
		accepted(apply(writeManifest("lost-laptop-corrected.yaml", fixtures.Incident("lost-laptop", append(opts, fixtures.Correcting(exercise))...)))...)
		Eventually(func(g Gomega) {
			got := testenv.Fresh(k8s, inc.DeepCopy())
			g.Expect(got.Status.ObservedGeneration).To(Equal(got.Generation))
			g.Expect(got.Spec.Type).To(Equal(v1alpha1.IncidentTypeExercise))
			g.Expect(got.Status.SIRONotificationBreach).NotTo(BeNil(), "the SIRO notification breach stays")
			g.Expect(got.Status.ExternalReportBreach).NotTo(BeNil(), "the external report breach stays")
		}).Should(Succeed())

		By("the review document shows the corrections beside the breaches")
		doc := mustKubectl("lessons", "review", "lost-laptop", "-n", ns, "--format", "md")
		Expect(doc).To(ContainSubstring("### Corrections on record"))
		Expect(doc).To(ContainSubstring("| Incident | Exercise |"))
		Expect(doc).To(ContainSubstring("was missed while it applied"))
		Expect(doc).To(ContainSubstring("was missed while a report was required"))
	})

	It("keeps an analysis's first deadline, and flags one agreed beyond the review window", func() {
		incident := fixtures.Incident("misdirected-letter", fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(now, time.Hour))
		incident.Generation = 0
		far := metav1.NewTime(time.Date(2999, 12, 31, 0, 0, 0, 0, time.UTC))
		rca := fixtures.RCA("misdirected-letter-rca", "misdirected-letter", fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns),
			func(r *v1alpha1.RootCauseAnalysis) { r.Spec.DueDate = &far })
		rca.Generation = 0
		accepted(apply(writeManifest("misdirected-letter.yaml", incident, rca))...)
		Eventually(func(g Gomega) {
			c := meta.FindStatusCondition(testenv.Fresh(k8s, rca.DeepCopy()).Status.Conditions, string(v1alpha1.ConditionWithinTimescale))
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Status).To(Equal(metav1.ConditionFalse))
			g.Expect(c.Reason).To(Equal(string(v1alpha1.ReasonBeyondReviewWindow)))
		}).Should(Succeed())
		Eventually(events(v1alpha1.EventRCABeyondReviewWindow, "RootCauseAnalysis", rca.Name)).Should(Equal(1))

		By("moving or removing the deadline: refused")
		refused([]string{"patch", "rootcauseanalysis", rca.Name, "--type=merge", "-p", `{"spec":{"dueDate":"2999-01-01T00:00:00Z"}}`},
			"spec.dueDate is the deadline first agreed and cannot change")
		refused([]string{"patch", "rootcauseanalysis", rca.Name, "--type=json", "-p", `[{"op":"remove","path":"/spec/dueDate"}]`},
			"spec.dueDate is the deadline first agreed and cannot be removed")
	})

	It("keeps an action's priority and completion as recorded unless a correction says why", func() {
		incident := fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(detected, time.Hour))
		incident.Generation = 0
		// Due 200 days after detection: beyond the 90 days a High priority
		// allows.
		action := fixtures.Action("retrain-staff", "phishing", detected.AddDate(0, 0, 200), fixtures.InNamespace[v1alpha1.ImprovementAction](ns))
		action.Generation = 0
		accepted(apply(writeManifest("phishing.yaml", incident, action))...)
		Eventually(events(v1alpha1.EventActionBeyondTimescale, "ImprovementAction", action.Name)).Should(Equal(1))

		By("lowering the priority without a correction: refused")
		refused([]string{"patch", "improvementaction", action.Name, "--type=merge", "-p", `{"spec":{"priority":"Low"}}`},
			"spec.priority was High and becomes Low: a fact on record changes only with its correction")

		By("marking it done, then rewriting when: refused")
		done := detected.Add(48 * time.Hour)
		accepted("patch", "improvementaction", action.Name, "--type=merge", "-p",
			`{"spec":{"state":"Done","completedAt":"`+done.UTC().Format(time.RFC3339)+`",`+
				`"evidence":[{"description":"Training records","url":"https://lms.example.nhs.uk/courses/phishing-2026"}]}}`)
		refused([]string{"patch", "improvementaction", action.Name, "--type=merge", "-p",
			`{"spec":{"completedAt":"` + detected.Add(time.Hour).UTC().Format(time.RFC3339) + `"}}`},
			"spec.completedAt changed: a fact on record changes only with its correction", "{field: completedAt, from: <the time it had>")
		Expect(testenv.Fresh(k8s, action.DeepCopy()).Spec.CompletedAt.Time).To(BeTemporally("==", done))
		Expect(events(v1alpha1.EventActionBeyondTimescale, "ImprovementAction", action.Name)()).To(Equal(1), "the announcement stays")
	})

	It("records a decision not to report outside the organisation, late when it came late", func() {
		inc := fixtures.Incident("wrong-recipient", fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(detected, time.Hour), fixtures.Undecided)
		inc.Generation = 0
		accepted(apply(writeManifest("wrong-recipient.yaml", inc))...)
		Eventually(events(v1alpha1.EventExternalReportDecisionOverdue, "Incident", inc.Name)).Should(Equal(1))

		By("recording the decision: the duty is met, late")
		decided := fixtures.Incident("wrong-recipient", fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(detected, time.Hour),
			func(i *v1alpha1.Incident) {
				i.Spec.ExternalReportDecision = &v1alpha1.ExternalReportDecision{
					Reason:    "The letter reached another clinician bound by confidentiality, who deleted it; no risk to the patient",
					DecidedBy: "dpo@example.nhs.uk", At: metav1.NewTime(now),
				}
			})
		report := fixtures.Report("this-week", fixtures.InNamespace[v1alpha1.LessonsReport](ns), func(r *v1alpha1.LessonsReport) {
			r.Spec.Period = v1alpha1.ReportPeriod{From: metav1.NewTime(detected.Add(-24 * time.Hour))}
		})
		report.Generation = 0
		accepted(apply(writeManifest("wrong-recipient-decided.yaml", decided, report))...)
		Eventually(func(g Gomega) {
			got := testenv.Fresh(k8s, inc.DeepCopy())
			g.Expect(got.Status.ObservedGeneration).To(Equal(got.Generation))
			c := meta.FindStatusCondition(got.Status.Conditions, string(v1alpha1.ConditionExternallyReported))
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Reason).NotTo(Equal(string(v1alpha1.ReasonDecisionOverdue)), "the decision is made")
		}).Should(Succeed())
		By("the report counts it late: every other incident here was decided on time")
		Eventually(func() *int32 {
			// Nil until the manager has first rolled the report up.
			if kpis := testenv.Fresh(k8s, report.DeepCopy()).Status.KPIs; kpis != nil {
				return kpis.ExternalReportDecisionsOnTimePercent
			}
			return nil
		}).Should(HaveValue(BeNumerically("<", 100)))
		Expect(events(v1alpha1.EventExternalReportDecisionOverdue, "Incident", inc.Name)()).To(Equal(1), "the announcement stays")
		doc := mustKubectl("lessons", "review", inc.Name, "-n", ns, "--format", "md")
		Expect(doc).To(ContainSubstring("Not reportable: decided by dpo@example.nhs.uk"))
		Expect(doc).To(ContainSubstring("deleted it; no risk to the patient"))
	})

	It("quotes no draft's lessons, believes no sign-off dated ahead, and lint names facts that disagree", func() {
		const siro = "siro@example.nhs.uk"
		mustKubectl("apply", "-f", "config/rbac/lessons_siro_role.yaml")
		mustKubectl("create", "rolebinding", "siro", "-n", ns, "--clusterrole=lessons-siro", "--user="+siro)
		incident := fixtures.Incident("tailgating", fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(detected, time.Hour))
		incident.Generation = 0
		const lesson = "Doors to the server room now close and lock by themselves."
		rca := fixtures.RCA("tailgating-rca", "tailgating", fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns), fixtures.Submitted(),
			func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview.LessonsLearned = lesson })
		rca.Generation = 0
		report := fixtures.Report("lessons", fixtures.InNamespace[v1alpha1.LessonsReport](ns), func(r *v1alpha1.LessonsReport) {
			r.Spec.Period = v1alpha1.ReportPeriod{From: metav1.NewTime(detected.AddDate(0, -1, 0))}
		})
		report.Generation = 0
		accepted(apply(writeManifest("tailgating.yaml", incident, rca, report))...)

		By("the report quotes the submitted analysis, not the draft of misdirected-letter")
		Eventually(func() []v1alpha1.Lesson { return testenv.Fresh(k8s, report.DeepCopy()).Status.Lessons }).
			Should(ContainElement(HaveField("Lesson", lesson)))
		Expect(testenv.Fresh(k8s, report.DeepCopy()).Status.Lessons).NotTo(ContainElement(HaveField("Incident", "misdirected-letter")))

		By("the SIRO approves with a date next year: not believed until then")
		nextYear := now.AddDate(1, 0, 0).UTC().Format(time.RFC3339)
		_, err := kubectl("--as", siro, "-n", ns, "patch", "rootcauseanalysis", rca.Name, "--type=merge", "-p",
			`{"spec":{"signOff":{"decision":"Approved","by":"`+siro+`","at":"`+nextYear+`"}}}`)
		Expect(err).NotTo(HaveOccurred())
		Eventually(func() *metav1.Condition {
			return meta.FindStatusCondition(testenv.Fresh(k8s, rca.DeepCopy()).Status.Conditions, string(v1alpha1.ConditionSignedOff))
		}).Should(And(HaveField("Status", metav1.ConditionFalse), HaveField("Reason", string(v1alpha1.ReasonSignOffInFuture))))

		By("lint names a SIRO told before the incident was detected")
		told := fixtures.Incident("tailgating", fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.DetectedAt(detected, -time.Hour))
		told.Generation = 0
		out, _ := kubectl("lessons", "lint", writeManifest("tailgating-told-early.yaml", told))
		Expect(out).To(ContainSubstring("recorded facts disagree: spec.siroNotifiedAt"))
	})
})
