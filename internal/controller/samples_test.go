package controller_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	. "github.com/onsi/gomega/gstruct"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The samples (config/samples, config/samples-signed-off,
// config/samples-organisation) tell the story of a year that has ended:
// applied on any day after it, however long after, they show that story
// and nothing else: every action done, one of them late for a reason the
// story tells, each analysis waiting for the SIRO or signed off, and no
// wall of overdue work. The suite's clock is set years after the samples'
// year while these run, and put back afterwards.
var _ = Describe("The samples, applied years after their year", Ordered, func() {
	// yearsLater is far from the samples' financial year 2025/26.
	yearsLater := time.Date(2031, 6, 1, 9, 0, 0, 0, time.UTC)

	BeforeAll(func() {
		saved := clock.Now()
		clock.SetTime(yearsLater)
		DeferCleanup(func() { clock.SetTime(saved) })
	})

	incidents := []string{
		"phishing-credential-compromise-2025-05", "phishing-payroll-lookalike-2025-09",
		"misdirected-referral-caught-2025-11", "ransomware-tabletop-exercise-2025-10",
	}
	actions := []string{
		"phishing-2025-05-mfa-remote-access", "phishing-2025-05-phishing-awareness-training",
		"phishing-2025-05-impossible-travel-alerting", "phishing-2025-09-lookalike-domain-blocking",
		"ransomware-2025-10-supplier-contacts",
	}
	const (
		report     = "financial-year-2025-26"
		lateAction = "phishing-2025-05-impossible-travel-alerting"
		extended   = "phishing-2025-05-phishing-awareness-training"
	)

	// The year's facts, whatever was signed off: every action done, one
	// late against the deadline in force, one after its original due date
	// but by the agreed one; every analysis complete and its facts
	// consistent; every incident's SIRO told and its reporting decided.
	expectTheYearsFacts := func(g Gomega, ns string) {
		for _, name := range actions {
			a := get(g, ns, name, &v1alpha1.ImprovementAction{})
			g.Expect(a.Status.Phase).To(Equal(v1alpha1.ActionDone), name)
			g.Expect(a.Status.CompletedLate).To(Equal(name == lateAction), "%s completed late", name)
			g.Expect(a.Status.CompletedAfterOriginalDueDate).To(Equal(name == lateAction || name == extended), "%s completed after its original due date", name)
			g.Expect(testenv.Condition(a.Status.Conditions, v1alpha1.ConditionOverdue)).To(HavePrefix("False/"), name)
			g.Expect(testenv.Condition(a.Status.Conditions, v1alpha1.ConditionWithinTimescale)).To(HavePrefix("True/"), name)
		}
		g.Expect(get(g, ns, extended, &v1alpha1.ImprovementAction{}).Status.Extensions).To(Equal(int32(1)))
		// The late completion is history, not news: no event, but the
		// incident's timeline keeps it, for good.
		late := 0
		for _, e := range get(g, ns, "phishing-credential-compromise-2025-05", &v1alpha1.Incident{}).Status.Timeline {
			if e.Type == string(v1alpha1.EventActionCompletedLate) && strings.Contains(e.Message, lateAction) {
				late++
			}
		}
		g.Expect(late).To(Equal(1), "the late action on the incident's timeline")
		for _, name := range incidents {
			inc := get(g, ns, name, &v1alpha1.Incident{})
			g.Expect(inc.Status.RootCauseAnalysis).To(Equal(name))
			g.Expect(testenv.Condition(inc.Status.Conditions, v1alpha1.ConditionReady)).To(HavePrefix("True/"), name)
			g.Expect(testenv.Condition(inc.Status.Conditions, v1alpha1.ConditionFactsConsistent)).To(HavePrefix("True/"), name)
			g.Expect(inc.Status.SIRONotificationBreach).To(BeNil(), name)
			g.Expect(inc.Status.ExternalReportBreach).To(BeNil(), name)
			rca := get(g, ns, name, &v1alpha1.RootCauseAnalysis{})
			g.Expect(rca.Status.Missing).To(BeEmpty(), name)
			g.Expect(testenv.Condition(rca.Status.Conditions, v1alpha1.ConditionComplete)).To(HavePrefix("True/"), name)
			g.Expect(testenv.Condition(rca.Status.Conditions, v1alpha1.ConditionFactsConsistent)).To(HavePrefix("True/"), name)
			g.Expect(testenv.Condition(rca.Status.Conditions, v1alpha1.ConditionWithinTimescale)).To(HavePrefix("True/"), name)
		}
		rep := get(g, ns, report, &v1alpha1.LessonsReport{}).Status
		g.Expect(rep.Incidents).NotTo(BeNil())
		g.Expect(rep.Incidents.Total).To(Equal(int32(3)), "incidents and near misses; exercises apart")
		g.Expect(rep.Incidents.Incidents).To(Equal(int32(2)))
		g.Expect(rep.Incidents.NearMisses).To(Equal(int32(1)))
		g.Expect(rep.Incidents.Exercises).To(Equal(int32(1)))
		g.Expect(rep.Incidents.CyberAttacks).To(Equal(int32(2)))
		g.Expect(rep.Actions).NotTo(BeNil())
		g.Expect(rep.Actions.Total).To(Equal(int32(5)))
		g.Expect(rep.Actions.Done).To(Equal(int32(5)))
		g.Expect(rep.Actions.Open).To(BeZero())
		g.Expect(rep.Actions.Overdue).To(BeZero())
		g.Expect(rep.Actions.Extended).To(Equal(int32(1)))
		g.Expect(rep.KPIs).NotTo(BeNil())
		g.Expect(rep.KPIs.SIRONotifiedOnTimePercent).To(HaveValue(Equal(int32(100))))
		g.Expect(rep.KPIs.ExternalReportsOnTimePercent).To(HaveValue(Equal(int32(100))))
		g.Expect(rep.KPIs.ActionsCompletedOnTimePercent).To(HaveValue(Equal(int32(50))), "of the incidents' four actions, two after their original due dates")
		g.Expect(rep.KPIs.ActionsCompletedByAgreedDatePercent).To(HaveValue(Equal(int32(75))), "one of the four after the deadline in force")
		g.Expect(rep.Recurrence).NotTo(BeNil())
		g.Expect(rep.Recurrence.Themes).To(ContainElement(v1alpha1.RecurringTheme{Theme: "phishing", Incidents: 2}))
		g.Expect(rep.Lessons).To(HaveLen(4), "every analysis is submitted, so each is quoted")
		expectTheYearsCycle(g, rep)
		workshop := get(g, ns, "process-workshop-2026-01", &v1alpha1.ProcessReview{}).Status
		g.Expect(workshop.Phase).To(Equal(v1alpha1.ProcessReviewActioned))
		g.Expect(workshop.Actions.Progress).To(Equal("2/2"))
		g.Expect(workshop.UserRepresentatives).To(Equal(int32(3)))
		g.Expect(workshop.KeptAsEvidence).To(ConsistOf(v1alpha1.EvidenceActionsRaised))
		g.Expect(testenv.Condition(workshop.Conditions, v1alpha1.ConditionUserRepresentation)).To(Equal("True/UserRepresentativesTookPart"))
	}

	It("shows config/samples as a finished year waiting for the SIRO's sign-offs", func() {
		ns := newNamespace()
		createRendered(ns, "samples", "Incident", "RootCauseAnalysis", "ImprovementAction", "ProcessReview", "LessonsReport")
		Eventually(func(g Gomega) {
			expectTheYearsFacts(g, ns)
			for _, name := range incidents {
				g.Expect(get(g, ns, name, &v1alpha1.Incident{}).Status.Phase).To(Equal(v1alpha1.IncidentAwaitingSignOff), name)
				g.Expect(get(g, ns, name, &v1alpha1.RootCauseAnalysis{}).Status.Phase).To(Equal(v1alpha1.RCAAwaitingSignOff), name)
			}
			rep := get(g, ns, report, &v1alpha1.LessonsReport{}).Status
			g.Expect(rep.Phase).To(Equal(v1alpha1.ReportCurrent))
			g.Expect(rep.KPIs.RCASignedOffPercent).To(HaveValue(BeZero()))
			g.Expect(testenv.Condition(rep.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/SignOffOverdue"))
		}).Should(Succeed())

		By("announcing only what still needs someone: the SIRO's sign-offs, nothing about the year's finished work")
		Eventually(func(g Gomega) map[string]int {
			return onceOnIncidents(warnings(g, ns))
		}).Should(Equal(map[string]int{
			"RCAOverdue RootCauseAnalysis/phishing-credential-compromise-2025-05": 1,
			"RCAOverdue RootCauseAnalysis/phishing-payroll-lookalike-2025-09":     1,
			"RCAOverdue RootCauseAnalysis/misdirected-referral-caught-2025-11":    1,
			"RCAOverdue RootCauseAnalysis/ransomware-tabletop-exercise-2025-10":   1,
			"RCAOverdue Incident/phishing-credential-compromise-2025-05":          1,
			"RCAOverdue Incident/phishing-payroll-lookalike-2025-09":              1,
			"RCAOverdue Incident/misdirected-referral-caught-2025-11":             1,
			"RCAOverdue Incident/ransomware-tabletop-exercise-2025-10":            1,
			"ReportSignOffOverdue LessonsReport/" + report:                        1,
		}))

		By("applying config/samples-signed-off/analyses over them, then config/samples-signed-off: the analyses' sign-offs first, then the report's")
		signOffs(ns, "samples-signed-off/analyses")
		Eventually(func(g Gomega) {
			kpis := get(g, ns, report, &v1alpha1.LessonsReport{}).Status.KPIs
			g.Expect(kpis).NotTo(BeNil())
			g.Expect(kpis.RCASignedOffPercent).To(HaveValue(Equal(int32(100))))
		}).Should(Succeed())
		signOffs(ns, "samples-signed-off")
		Eventually(func(g Gomega) {
			expectSignedOff(g, ns, incidents, report)
		}).Should(Succeed())
	})

	It("shows config/samples-signed-off, synced from Git into a new cluster, as a closed year with nothing to warn about", func() {
		// In the order of a sync whose waves put each analysis before its
		// incident and the report after the reviews it approves.
		ns := newNamespace()
		createRendered(ns, "samples-signed-off", "RootCauseAnalysis", "Incident", "ImprovementAction", "ProcessReview")
		Eventually(func(g Gomega) {
			for _, name := range incidents {
				g.Expect(get(g, ns, name, &v1alpha1.Incident{}).Status.Phase).To(Equal(v1alpha1.IncidentClosed), name)
			}
		}).Should(Succeed())
		createRendered(ns, "samples-signed-off", "LessonsReport")
		Eventually(func(g Gomega) {
			expectTheYearsFacts(g, ns)
			expectSignedOff(g, ns, incidents, report)
		}).Should(Succeed())
		Consistently(func(g Gomega) map[string]int { return warnings(g, ns) }, "2s").Should(BeEmpty())
		for _, name := range actions {
			Expect(eventCount(ns, "ImprovementAction", name, v1alpha1.EventActionCompletedLate)).To(BeZero(),
				"a completion years ago is history, kept in the status, not news")
		}
	})

	It("rolls up config/samples-organisation's namespaces, counting occupational health without naming it", func() {
		manifest, err := testenv.Kustomize(testenv.ConfigDir("samples-organisation"))
		Expect(err).NotTo(HaveOccurred())
		objs, err := testenv.DecodeManifest(manifest)
		Expect(err).NotTo(HaveOccurred())
		for _, o := range objs {
			Expect(k8s.Create(ctx, o, client.FieldValidation("Strict"))).To(Succeed(), "%s %s", o.GetKind(), o.GetName())
		}

		Eventually(func(g Gomega) {
			expectTheYearsFacts(g, "community-services")
			inc := get(g, "occupational-health", "referral-letter-wrong-employee-2025-07", &v1alpha1.Incident{})
			g.Expect(inc.Status.Phase).To(Equal(v1alpha1.IncidentAwaitingSignOff))
			g.Expect(testenv.Condition(inc.Status.Conditions, v1alpha1.ConditionFactsConsistent)).To(HavePrefix("True/"))
			rca := get(g, "occupational-health", "referral-letter-wrong-employee-2025-07", &v1alpha1.RootCauseAnalysis{})
			g.Expect(rca.Status.Missing).To(BeEmpty())

			st := get(g, "information-governance", "organisation-2025-26", &v1alpha1.LessonsReport{}).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ReportCurrent))
			g.Expect(st.Namespaces).To(Equal(int32(2)), "community services and occupational health")
			g.Expect(st.ConfidentialNamespaces).To(Equal(int32(1)))
			g.Expect(st.Incidents).NotTo(BeNil())
			g.Expect(st.Incidents.Incidents).To(Equal(int32(3)), "two phishing incidents and the misdirected letter")
			g.Expect(st.Incidents.NearMisses).To(Equal(int32(1)))
			g.Expect(st.Incidents.Exercises).To(Equal(int32(1)))
			g.Expect(st.Actions).NotTo(BeNil())
			g.Expect(st.Actions.Done).To(Equal(int32(5)))
			g.Expect(st.Actions.Overdue).To(BeZero())
			g.Expect(st.Recurrence).NotTo(BeNil())
			g.Expect(st.Recurrence.Themes).To(ContainElement(v1alpha1.RecurringTheme{Theme: "phishing", Incidents: 2}))
			g.Expect(st.Lessons).To(HaveLen(4), "community services' analyses; occupational health's is counted, never quoted")
			for _, l := range st.Lessons {
				g.Expect(l.Namespace).To(Equal("community-services"))
				g.Expect(strings.ToLower(l.Lesson)).NotTo(ContainSubstring("referral outcomes"))
			}
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionOverdue)).To(Equal("True/SignOffOverdue"))
			expectTheYearsCycle(g, st)
		}).Should(Succeed())
		Eventually(func(g Gomega) map[string]int { return onceOnIncidents(warnings(g, "occupational-health")) }).Should(Equal(map[string]int{
			"RCAOverdue RootCauseAnalysis/referral-letter-wrong-employee-2025-07": 1,
			"RCAOverdue Incident/referral-letter-wrong-employee-2025-07":          1,
		}))
		Eventually(func(g Gomega) map[string]int { return warnings(g, "information-governance") }).Should(Equal(map[string]int{
			"ReportSignOffOverdue LessonsReport/organisation-2025-26": 1,
		}))
	})
})

// expectTheYearsCycle checks a report of the samples' year for its annual
// cycle: the workshop with user representatives that found two
// workarounds, and the tabletop exercise; nothing due, years later.
func expectTheYearsCycle(g Gomega, rep v1alpha1.LessonsReportStatus) {
	g.Expect(testenv.Condition(rep.Conditions, v1alpha1.ConditionProcessReviewHeld)).To(Equal("True/HeldWithinInterval"))
	g.Expect(testenv.Condition(rep.Conditions, v1alpha1.ConditionExerciseHeld)).To(Equal("True/HeldWithinInterval"))
	g.Expect(rep.Governance).NotTo(BeNil())
	g.Expect(*rep.Governance).To(MatchFields(IgnoreExtras, Fields{
		"ProcessReviews": Equal(int32(1)), "UserRepresentedReviews": Equal(int32(1)), "Workarounds": Equal(int32(2)), "Exercises": Equal(int32(1)),
	}))
}

// expectSignedOff checks the samples' reviews once the SIRO signed them
// off: every analysis approved, every incident closed, the report signed
// off with its analyses counted.
func expectSignedOff(g Gomega, ns string, incidents []string, report string) {
	for _, name := range incidents {
		inc := get(g, ns, name, &v1alpha1.Incident{})
		g.Expect(inc.Status.Phase).To(Equal(v1alpha1.IncidentClosed), name)
		g.Expect(testenv.Condition(inc.Status.Conditions, v1alpha1.ConditionOverdue)).To(HavePrefix("False/"), name)
		rca := get(g, ns, name, &v1alpha1.RootCauseAnalysis{})
		g.Expect(rca.Status.Phase).To(Equal(v1alpha1.RCASignedOff), name)
		g.Expect(testenv.Condition(rca.Status.Conditions, v1alpha1.ConditionSignedOff)).To(HavePrefix("True/"), name)
		g.Expect(testenv.Condition(rca.Status.Conditions, v1alpha1.ConditionOverdue)).To(HavePrefix("False/"), name)
		// The learning of each incident and the near miss was shared in
		// time; an exercise's owes nothing.
		shared := testenv.Condition(rca.Status.Conditions, v1alpha1.ConditionLearningShared)
		if inc.Spec.Type == v1alpha1.IncidentTypeExercise {
			g.Expect(shared).To(BeEmpty(), name)
		} else {
			g.Expect(shared).To(Equal("True/Shared"), name)
		}
	}
	rep := get(g, ns, report, &v1alpha1.LessonsReport{}).Status
	g.Expect(rep.KPIs).NotTo(BeNil())
	g.Expect(rep.KPIs.LearningSharedOnTimePercent).To(HaveValue(Equal(int32(100))))
	g.Expect(rep.Phase).To(Equal(v1alpha1.ReportSignedOff), testenv.Conditions(rep.Conditions))
	g.Expect(testenv.Condition(rep.Conditions, v1alpha1.ConditionOverdue)).To(HavePrefix("False/"))
	g.Expect(rep.KPIs).NotTo(BeNil())
	g.Expect(rep.KPIs.RCASignedOffPercent).To(HaveValue(Equal(int32(100))))
	g.Expect(rep.KPIs.MeanTimeToRCASignOff).NotTo(BeNil())
	g.Expect(rep.KPIs.MeanTimeToRCASignOff.Duration).To(BeNumerically("<", 30*24*time.Hour), "each signed off within its review window")
}

// createRendered creates, in ns, the objects of a sample folder as kubectl
// apply -k renders them, those of each kind in turn.
func createRendered(ns, folder string, kinds ...string) {
	manifest, err := testenv.Kustomize(testenv.ConfigDir(folder))
	Expect(err).NotTo(HaveOccurred())
	objs, err := testenv.DecodeManifest(manifest)
	Expect(err).NotTo(HaveOccurred())
	n := 0
	for _, kind := range kinds {
		for _, o := range objs {
			if o.GetKind() != kind {
				continue
			}
			o.SetNamespace(ns)
			Expect(k8s.Create(ctx, o, client.FieldValidation("Strict"))).To(Succeed(), "%s %s", o.GetKind(), o.GetName())
			n++
		}
	}
	Expect(n).NotTo(BeZero())
}

// signOffs writes, in ns, each sign-off the folder adds to what is there
// to the object it belongs to: a write of its own, spec.signOff (with the
// record of whom the learning was shared with afterwards, where Git holds
// one) and nothing else, as the SIRO's kubectl lessons sign-off makes it.
func signOffs(ns, folder string) {
	manifest, err := testenv.Kustomize(testenv.ConfigDir(folder))
	Expect(err).NotTo(HaveOccurred())
	objs, err := testenv.DecodeManifest(manifest)
	Expect(err).NotTo(HaveOccurred())
	n := 0
	for _, o := range objs {
		signOff, found, err := unstructured.NestedMap(o.Object, "spec", "signOff")
		Expect(err).NotTo(HaveOccurred())
		if !found {
			continue
		}
		current := &unstructured.Unstructured{}
		current.SetGroupVersionKind(o.GroupVersionKind())
		Expect(k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: o.GetName()}, current)).To(Succeed())
		if _, signed, _ := unstructured.NestedMap(current.Object, "spec", "signOff"); signed {
			continue
		}
		spec := map[string]any{"signOff": signOff}
		// Who heard the learning once it was signed off, as Git records it.
		if shared, found, _ := unstructured.NestedSlice(o.Object, "spec", "sharedWith"); found {
			spec["sharedWith"] = shared
		}
		patch := &unstructured.Unstructured{Object: map[string]any{"spec": spec}}
		data, err := patch.MarshalJSON()
		Expect(err).NotTo(HaveOccurred())
		target := &unstructured.Unstructured{}
		target.SetGroupVersionKind(o.GroupVersionKind())
		target.SetNamespace(ns)
		target.SetName(o.GetName())
		Expect(k8s.Patch(ctx, target, client.RawPatch(types.MergePatchType, data))).To(Succeed(), "%s %s", o.GetKind(), o.GetName())
		n++
	}
	Expect(n).NotTo(BeZero(), "config/%s adds no sign-off", folder)
}

// onceOnIncidents counts an analysis's RCAOverdue on its incident once
// when it was announced there twice: an incident applied with its analysis
// in one go may be seen, for a moment, without it, and announce that no
// analysis exists, before the analysis announces its own. Never more.
func onceOnIncidents(w map[string]int) map[string]int {
	for k, n := range w {
		if strings.HasPrefix(k, string(v1alpha1.EventRCAOverdue)+" Incident/") && n == 2 {
			w[k] = 1
		}
	}
	return w
}

// get reads ns/name into obj.
func get[T client.Object](g Gomega, ns, name string, obj T) T {
	g.ExpectWithOffset(1, k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, obj)).To(Succeed(), name)
	return obj
}

// warnings counts the Warning events in ns by reason and the object they
// are about ("Reason Kind/name"), series included.
func warnings(g Gomega, ns string) map[string]int {
	out := map[string]int{}
	for _, e := range testenv.ListEvents(g, k8s, ns) {
		if e.Type != "Warning" {
			continue
		}
		n := 1
		if e.Series != nil {
			n = int(e.Series.Count)
		}
		out[e.Reason+" "+e.Regarding.Kind+"/"+e.Regarding.Name] += n
	}
	return out
}
