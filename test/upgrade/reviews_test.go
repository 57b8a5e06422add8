package upgrade_test

import (
	"fmt"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Refusals of rules added since the previous release, which the stored
// reviews below break.
const (
	factorsRule  = "a submitted RCA needs spec.organisationalFactors"
	shortPeriod  = "spec.period.to must be at least 24 hours after spec.period.from"
	dueDateFixed = "spec.dueDate is the deadline first agreed and cannot change"
	// correctionRule refuses a fact changed without its correction.
	correctionRule = "spec.severity was High and becomes Medium: a fact on record changes only with its correction"
	priorityRule   = "spec.priority was High and becomes Low: a fact on record changes only with its correction"
	lineRule       = "must be a single line of printable text: no control characters (ESC, CR, LF, TAB, ...)"
	textRule       = "must be printable text: line breaks (LF) and tabs are allowed, but no other control characters (ESC, CR, NUL, ...)"
)

// stored is a review as written under the previous release, the phase that
// release's manager left in its status, and the phase the current rules
// compute for it.
type stored struct {
	obj       client.Object
	was, want string
}

var _ = Describe("Upgrading the CRDs from the previous release and from main before corrections", Ordered, func() {
	const (
		ns     = "reviews"
		mainNS = "reviews-main"
	)
	var (
		now      = time.Now().Truncate(time.Second)
		detected = now.AddDate(0, 0, -20)
		signedAt = detected.AddDate(0, 0, 5)
		reviews  []stored
		// Reviews the previous release accepted that a rule added since
		// refuses as new.
		legacyRCA    *v1alpha1.RootCauseAnalysis
		shortReport  *v1alpha1.LessonsReport
		overdueFixed *v1alpha1.ImprovementAction
		// A screen forged with control characters, which the previous
		// release let through in a title, a person and a summary.
		forgedIncident *v1alpha1.Incident
		forgedAction   *v1alpha1.ImprovementAction
		// Reviews stored under main before corrections, whose deadlines
		// and facts could then move freely.
		farDueRCA   *v1alpha1.RootCauseAnalysis
		mainOverdue *v1alpha1.ImprovementAction
		mainOpen    *v1alpha1.Incident
	)
	incident := func(name string) *v1alpha1.Incident {
		// The previous release kept no decision whether to report.
		return fixtures.Incident(name, fixtures.DetectedAt(detected, time.Hour), fixtures.Undecided)
	}
	withoutFactors := func(r *v1alpha1.RootCauseAnalysis) { r.Spec.OrganisationalFactors = "" }

	BeforeAll(func() {
		By("installing the " + previousRelease + " CRDs and storing reviews of every kind and state under them")
		installCRDs(filepath.Join("test", "upgrade", "testdata", "crds-"+previousRelease))
		kubectl("create", "namespace", ns)

		legacyRCA = fixtures.RCA("legacy-submitted-rca", "legacy-submitted", fixtures.Submitted(), withoutFactors)
		shortReport = fixtures.Report("night-shift", fixtures.Period(detected, detected.Add(12*time.Hour)))
		overdueFixed = fixtures.Action("patch-vpn", "remediating", detected.AddDate(0, 0, 10))
		forgedIncident = incident("forged")
		forgedIncident.Spec.Title = "Phishing\x1b[2J\x1b[H\r\nOK\tClosed"
		forgedIncident.Spec.Owner = "ig.lead\x1b[2J\x1b[H@example.nhs.uk"
		forgedIncident.Spec.Summary = "What happened\x1b[31m in red\r"
		forgedAction = fixtures.Action("forged-action", "forged", now.AddDate(0, 0, 30), fixtures.OwnedBy("trainer\t@example.nhs.uk"),
			func(a *v1alpha1.ImprovementAction) {
				a.Spec.Title = "Enforce MFA\x1b]0;Closed\a"
				a.Spec.Evidence = []v1alpha1.EvidenceItem{{Description: "Change CHG0042\x1b[2K raised"}}
			})
		approved := fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)
		reviews = []stored{
			{incident("open"), "Open", "Open"},
			{incident("drafting"), "Investigating", "Investigating"},
			{fixtures.RCA("drafting-rca", "drafting"), "Draft", "Draft"},
			{incident("sent-back"), "Investigating", "Investigating"},
			{fixtures.RCA("sent-back-rca", "sent-back", fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt)), "ChangesRequested", "ChangesRequested"},
			{incident("awaiting"), "AwaitingSignOff", "AwaitingSignOff"},
			{fixtures.RCA("awaiting-rca", "awaiting", fixtures.Submitted()), "AwaitingSignOff", "AwaitingSignOff"},
			// Submitted without organisationalFactors, complete then: a
			// draft now, with the section missing, and its incident is
			// back under investigation.
			{incident("legacy-submitted"), "AwaitingSignOff", "Investigating"},
			{legacyRCA, "AwaitingSignOff", "Draft"},
			{incident("remediating"), "Remediating", "Remediating"},
			{fixtures.RCA("remediating-rca", "remediating", approved), "SignedOff", "SignedOff"},
			{fixtures.Action("enforce-mfa", "remediating", now.AddDate(0, 0, 30), fixtures.InProgress()), "InProgress", "InProgress"},
			{overdueFixed, "Overdue", "Overdue"},
			{fixtures.Action("train-staff", "remediating", now.AddDate(0, 0, 40)), "Open", "Open"},
			{incident("closed"), "Closed", "Closed"},
			// Approved before organisationalFactors was required: the
			// approval stands.
			{fixtures.RCA("closed-rca", "closed", approved, withoutFactors), "SignedOff", "SignedOff"},
			{fixtures.Action("reset-passwords", "closed", detected.AddDate(0, 0, 7), fixtures.Done(detected.AddDate(0, 0, 2))), "Done", "Done"},
			{fixtures.Action("replace-vpn", "closed", detected.AddDate(0, 0, 30), fixtures.Cancelled()), "Cancelled", "Cancelled"},
			{fixtures.Report("fy2026"), "Current", "Current"},
			{fixtures.Report("q1", fixtures.Period(fixtures.FinancialYear, fixtures.FinancialYear.AddDate(0, 3, 0)),
				fixtures.ReportSignedOff(v1alpha1.SignOffApproved, fixtures.FinancialYear.AddDate(0, 3, 7))), "SignedOff", "SignedOff"},
			// Shorter than a day, which reports may no longer be.
			{shortReport, "Current", "Current"},
			// Control characters, which text may no longer hold.
			{forgedIncident, "Open", "Open"},
			{forgedAction, "Open", "Open"},
		}
		store(ns, reviews)

		By("upgrading to the CRDs of main before corrections (" + mainBeforeCorrections + ") and storing reviews whose deadlines and facts could then move")
		installCRDs(filepath.Join("test", "upgrade", "testdata", "crds-"+mainBeforeCorrections))
		kubectl("create", "namespace", mainNS)
		// An analysis's deadline agreed three years out, which nothing
		// bounded then.
		farDueRCA = fixtures.RCA("investigating-rca", "investigating", func(r *v1alpha1.RootCauseAnalysis) {
			due := metav1.NewTime(detected.AddDate(3, 0, 0))
			r.Spec.DueDate = &due
		})
		mainOverdue = fixtures.Action("patch-vpn", "remediating", detected.AddDate(0, 0, 10))
		mainOpen = incident("open")
		mainReviews := []stored{
			{mainOpen, "Open", "Open"},
			{incident("investigating"), "Investigating", "Investigating"},
			{farDueRCA, "Draft", "Draft"},
			{incident("remediating"), "Remediating", "Remediating"},
			{fixtures.RCA("remediating-rca", "remediating", approved), "SignedOff", "SignedOff"},
			{mainOverdue, "Overdue", "Overdue"},
		}
		store(mainNS, mainReviews)
		reviews = append(reviews, mainReviews...)

		By("upgrading to this tree's CRDs")
		installCRDs(filepath.Join("config", "crd", "bases"))
		Eventually(func() error {
			return testenv.TryCreate(admin, ns, legacyRCA, client.DryRunAll)
		}).Should(MatchError(ContainSubstring(factorsRule)), "the current CRDs are in force")
	})

	It("reads every review through the current Go types", func() {
		lists := []client.ObjectList{
			&v1alpha1.IncidentList{}, &v1alpha1.RootCauseAnalysisList{},
			&v1alpha1.ImprovementActionList{}, &v1alpha1.LessonsReportList{},
		}
		var listed []string
		for _, l := range lists {
			Expect(admin.List(ctx, l, client.InNamespace(ns))).To(Succeed())
			Expect(meta.EachListItem(l, func(o runtime.Object) error {
				listed = append(listed, key(o.(client.Object)))
				return nil
			})).To(Succeed())
			Expect(admin.List(ctx, l, client.InNamespace(mainNS))).To(Succeed())
			Expect(meta.EachListItem(l, func(o runtime.Object) error {
				listed = append(listed, key(o.(client.Object)))
				return nil
			})).To(Succeed())
		}
		Expect(listed).To(ConsistOf(keys(reviews)))
		for _, r := range reviews {
			got := testenv.Fresh(admin, r.obj)
			Expect(got.(interface{ Unreadable() string }).Unreadable()).To(BeEmpty(), key(got))
		}
	})

	It("lists every review with kubectl, kind by kind and as lessons", func() {
		for _, kind := range []string{"incidents", "rootcauseanalyses", "improvementactions", "lessonsreports", "lessons"} {
			out := kubectl("get", kind, "--all-namespaces", "-o", "wide")
			for _, r := range reviews {
				if kind == "lessons" || kind == plural(r.obj) {
					Expect(out).To(MatchRegexp(`(?m)^%s +(\S+/)?%s `, r.obj.GetNamespace(), r.obj.GetName()), "kubectl get %s", kind)
				}
			}
		}
	})

	It("reconciles every review to the phase the current rules compute", func() {
		startManager()
		for _, r := range reviews {
			Eventually(func(g Gomega) { expectReconciled(g, r.obj, r.want) }).Should(Succeed())
		}
		rca := testenv.Fresh(admin, legacyRCA.DeepCopy())
		Expect(rca.Status.Missing).To(ContainElement(HavePrefix("organisationalFactors")))

		By("an analysis due beyond its review window, as main before corrections allowed, is flagged")
		Eventually(func(g Gomega) {
			r := farDueRCA.DeepCopy()
			g.Expect(admin.Get(ctx, client.ObjectKeyFromObject(r), r)).To(Succeed())
			c := meta.FindStatusCondition(r.Status.Conditions, string(v1alpha1.ConditionWithinTimescale))
			g.Expect(c).NotTo(BeNil())
			g.Expect(c.Status).To(Equal(metav1.ConditionFalse))
			g.Expect(c.Reason).To(Equal(string(v1alpha1.ReasonBeyondReviewWindow)))
		}).Should(Succeed())
	})

	It("keeps reviews the current rules would refuse as new editable in their other fields", func() {
		By("an RCA submitted without organisationalFactors")
		Expect(testenv.TryCreate(admin, ns, legacyRCA, client.DryRunAll)).To(MatchError(ContainSubstring(factorsRule)), "a new one is refused")
		_, err := testenv.TryUpdate(admin, admin, legacyRCA.DeepCopy(), func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Overview.LessonsLearned += " Remote access is reviewed with every change of working pattern."
			r.Labels = map[string]string{"lessons.dspt.io/theme": "remote-access"}
		})
		Expect(err).NotTo(HaveOccurred())
		Eventually(func(g Gomega) { expectReconciled(g, legacyRCA.DeepCopy(), "Draft") }).Should(Succeed())

		By("a report shorter than a day")
		Expect(testenv.TryCreate(admin, ns, shortReport, client.DryRunAll)).To(MatchError(ContainSubstring(shortPeriod)), "a new one is refused")
		_, err = testenv.TryUpdate(admin, admin, shortReport.DeepCopy(), func(r *v1alpha1.LessonsReport) {
			r.Spec.SIRO = "deputy.siro@example.nhs.uk"
		})
		Expect(err).NotTo(HaveOccurred())
		Eventually(func(g Gomega) { expectReconciled(g, shortReport.DeepCopy(), "Current") }).Should(Succeed())

		By("an incident stored before corrections were kept: its other fields change freely, a fact only with its correction")
		open := &v1alpha1.Incident{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "open"}}
		_, err = testenv.TryUpdate(admin, admin, open, func(i *v1alpha1.Incident) { i.Spec.Title = "Credential compromise after a phishing e-mail, retitled" })
		Expect(err).NotTo(HaveOccurred())
		_, err = testenv.TryUpdate(admin, admin, open, func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.SeverityMedium })
		Expect(err).To(MatchError(ContainSubstring(correctionRule)))
		testenv.Update(admin, open, fixtures.Correcting(func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.SeverityMedium }))
		Eventually(func(g Gomega) { expectReconciled(g, open.DeepCopy(), "Open") }).Should(Succeed())

		By("an overdue action: its first deadline stays, an agreed extension moves the deadline in force")
		_, err = testenv.TryUpdate(admin, admin, overdueFixed.DeepCopy(), func(a *v1alpha1.ImprovementAction) {
			a.Spec.DueDate = metav1.NewTime(now.AddDate(0, 0, 30))
		})
		Expect(err).To(MatchError(ContainSubstring(dueDateFixed)))
		extended := now.AddDate(0, 0, 30)
		testenv.Update(admin, overdueFixed.DeepCopy(), fixtures.Extended(extended, now))
		Eventually(func(g Gomega) {
			a := overdueFixed.DeepCopy()
			g.Expect(admin.Get(ctx, client.ObjectKeyFromObject(a), a)).To(Succeed())
			g.Expect(a.Status.DueAt).NotTo(BeNil())
			g.Expect(a.Status.DueAt.Time).To(BeTemporally("==", extended))
			expectReconciled(g, a, "Open")
		}).Should(Succeed())
	})

	It("keeps reviews holding control characters editable in their other fields, and refuses new ones", func() {
		By("a new incident like it is refused, naming the fields")
		again := incident("forged-again")
		again.Spec.Title, again.Spec.Owner = forgedIncident.Spec.Title, forgedIncident.Spec.Owner
		err := testenv.TryCreate(admin, ns, again, client.DryRunAll)
		Expect(err).To(MatchError(And(ContainSubstring("spec.title: Invalid value"), ContainSubstring("spec.owner: Invalid value"), ContainSubstring(lineRule))))

		By("the stored incident: its other fields change, its texts as they are")
		forged := &v1alpha1.Incident{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: forgedIncident.Name}}
		stored := testenv.Fresh(admin, forged)
		Expect([]string{stored.Spec.Title, string(stored.Spec.Owner), stored.Spec.Summary}).
			To(Equal([]string{forgedIncident.Spec.Title, string(forgedIncident.Spec.Owner), forgedIncident.Spec.Summary}), "stored as written")
		_, err = testenv.TryUpdate(admin, admin, forged, func(i *v1alpha1.Incident) {
			i.Spec.Themes = []string{"phishing"}
			i.Labels = map[string]string{"lessons.dspt.io/service": "community"}
		})
		Expect(err).NotTo(HaveOccurred())

		By("a text changed is judged: refused with a control character, taken without")
		_, err = testenv.TryUpdate(admin, admin, forged, func(i *v1alpha1.Incident) { i.Spec.Title = "Phishing\x1b[2J, retitled" })
		Expect(err).To(MatchError(And(ContainSubstring("spec.title: Invalid value"), ContainSubstring(lineRule))))
		_, err = testenv.TryUpdate(admin, admin, forged, func(i *v1alpha1.Incident) { i.Spec.Title = "Credential compromise after a phishing e-mail" })
		Expect(err).NotTo(HaveOccurred(), "the owner and summary, unchanged, still hold theirs")
		Eventually(func(g Gomega) { expectReconciled(g, forged.DeepCopy(), "Open") }).Should(Succeed())

		By("the stored action: its state changes, its owner and title as they are")
		_, err = testenv.TryUpdate(admin, admin, forgedAction.DeepCopy(), func(a *v1alpha1.ImprovementAction) {
			a.Spec.State = v1alpha1.ActionStateInProgress
		})
		Expect(err).NotTo(HaveOccurred())
		Eventually(func(g Gomega) { expectReconciled(g, forgedAction.DeepCopy(), "InProgress") }).Should(Succeed())

		By("an entry of a list is judged again whenever its list is written: evidence added needs the stored item corrected")
		more := v1alpha1.EvidenceItem{Description: "MFA enabled for the pilot group", URL: "https://itsm.example.nhs.uk/CHG0043"}
		_, err = testenv.TryUpdate(admin, admin, forgedAction.DeepCopy(), func(a *v1alpha1.ImprovementAction) {
			a.Spec.Evidence = append(a.Spec.Evidence, more)
		})
		Expect(err).To(MatchError(And(ContainSubstring("spec.evidence[0].description: Invalid value"), ContainSubstring(textRule))))
		_, err = testenv.TryUpdate(admin, admin, forgedAction.DeepCopy(), func(a *v1alpha1.ImprovementAction) {
			a.Spec.Evidence = []v1alpha1.EvidenceItem{{Description: "Change CHG0042 raised"}, more}
		})
		Expect(err).NotTo(HaveOccurred())
	})

	It("keeps reviews stored under main before corrections editable, their deadlines and facts fixed from now on", func() {
		By("an analysis due three years out: its other fields change, its deadline does not")
		_, err := testenv.TryUpdate(admin, admin, farDueRCA.DeepCopy(), func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Overview.WhatHappened += " The lead was appointed on the day of detection."
		})
		Expect(err).NotTo(HaveOccurred())
		_, err = testenv.TryUpdate(admin, admin, farDueRCA.DeepCopy(), func(r *v1alpha1.RootCauseAnalysis) {
			due := metav1.NewTime(detected.AddDate(4, 0, 0))
			r.Spec.DueDate = &due
		})
		Expect(err).To(MatchError(ContainSubstring(dueDateFixed)))
		Eventually(func(g Gomega) { expectReconciled(g, farDueRCA.DeepCopy(), "Draft") }).Should(Succeed())

		By("an overdue action: lowering its priority needs its correction")
		_, err = testenv.TryUpdate(admin, admin, mainOverdue.DeepCopy(), func(a *v1alpha1.ImprovementAction) {
			a.Spec.Priority = v1alpha1.PriorityLow
		})
		Expect(err).To(MatchError(ContainSubstring(priorityRule)))
		testenv.Update(admin, mainOverdue.DeepCopy(), fixtures.ActionCorrected(v1alpha1.FactPriority, "High", "Low", func(a *v1alpha1.ImprovementAction) {
			a.Spec.Priority = v1alpha1.PriorityLow
		}))
		Eventually(func(g Gomega) { expectReconciled(g, mainOverdue.DeepCopy(), "Overdue") }).Should(Succeed())

		By("an incident: its title changes freely, its severity only with its correction")
		_, err = testenv.TryUpdate(admin, admin, mainOpen.DeepCopy(), func(i *v1alpha1.Incident) { i.Spec.Title += ", retitled" })
		Expect(err).NotTo(HaveOccurred())
		_, err = testenv.TryUpdate(admin, admin, mainOpen.DeepCopy(), func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.SeverityMedium })
		Expect(err).To(MatchError(ContainSubstring(correctionRule)))
	})
})

// store creates reviews in ns with kubectl, under the CRDs installed now,
// and leaves on each the status the manager of that time left.
func store(ns string, reviews []stored) {
	var objs []client.Object
	for _, r := range reviews {
		objs = append(objs, r.obj)
	}
	manifest := filepath.Join(workDir, ns+".yaml")
	ExpectWithOffset(1, testenv.WriteManifest(manifest, objs...)).To(Succeed())
	// kubectl validates fields strictly: a field the old CRDs do not
	// know is refused rather than dropped.
	kubectl("create", "-n", ns, "-f", manifest)
	for _, r := range reviews {
		r.obj.SetNamespace(ns)
		leaveStatus(r.obj, r.was)
	}
}

// leaveStatus writes the status the previous release's manager left on a
// review it had seen once: its phase, for the first generation.
func leaveStatus(obj client.Object, phase string) {
	u := asUnstructured(obj)
	u.Object["status"] = map[string]any{"phase": phase, "observedGeneration": int64(1)}
	ExpectWithOffset(1, admin.Status().Update(ctx, u)).To(Succeed(), key(obj))
}

// expectReconciled fails g unless the manager has processed the stored
// review's current generation, is Ready, and shows phase.
func expectReconciled(g Gomega, obj client.Object, phase string) {
	u := asUnstructured(obj)
	gen := u.GetGeneration()
	observed, _, _ := unstructured.NestedInt64(u.Object, "status", "observedGeneration")
	got, _, _ := unstructured.NestedString(u.Object, "status", "phase")
	g.ExpectWithOffset(1, observed).To(Equal(gen), "%s: status.observedGeneration", key(obj))
	g.ExpectWithOffset(1, got).To(Equal(phase), "%s: status.phase", key(obj))
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	var ready map[string]any
	for _, c := range conds {
		if m, _ := c.(map[string]any); m["type"] == string(v1alpha1.ConditionReady) {
			ready = m
		}
	}
	g.ExpectWithOffset(1, ready).To(HaveKeyWithValue("status", "True"), "%s: Ready", key(obj))
	g.ExpectWithOffset(1, ready).To(HaveKeyWithValue("observedGeneration", gen), "%s: Ready", key(obj))
}

// asUnstructured reads the stored obj as it is, whatever its kind.
func asUnstructured(obj client.Object) *unstructured.Unstructured {
	gvk, err := apiutil.GVKForObject(obj, testenv.Scheme)
	ExpectWithOffset(2, err).NotTo(HaveOccurred())
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(gvk)
	ExpectWithOffset(2, admin.Get(ctx, client.ObjectKeyFromObject(obj), u)).To(Succeed(), key(obj))
	return u
}

func plural(obj client.Object) string {
	gvk, _ := apiutil.GVKForObject(obj, testenv.Scheme)
	m, err := admin.RESTMapper().RESTMapping(gvk.GroupKind(), gvk.Version)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return m.Resource.Resource
}

func key(obj client.Object) string {
	gvk, _ := apiutil.GVKForObject(obj, testenv.Scheme)
	return fmt.Sprintf("%s %s", gvk.Kind, obj.GetName())
}

func keys(reviews []stored) []string {
	var out []string
	for _, r := range reviews {
		out = append(out, key(r.obj))
	}
	return out
}
