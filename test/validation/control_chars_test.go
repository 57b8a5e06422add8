package validation_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Messages of the rules on text, as users read them.
const (
	oneLineRule = "must be one line of printable text: no control character (ESC, CR, LF, TAB, NUL, ...) nor bidirectional override"
	textRule    = "may hold line breaks and tabs but no other control character (ESC, CR, NUL, ...) nor bidirectional override"
	textsRule   = "each may hold line breaks and tabs but no other control character"
)

// clearScreen is what an engineer typed to forge an on-call screen: clear
// it, and start a row of their own.
const clearScreen = "\x1b[2J\x1b[H"

// forged holds clearScreen in every text field of each kind, so that one
// refusal a kind shows every rule on text at work.
func forgedIncident() *v1alpha1.Incident {
	record := v1alpha1.CorrectionRecord{From: "High" + clearScreen, To: "Low\r", Reason: "wrong" + clearScreen, By: "team:ig", At: metav1.NewTime(fixtures.T0)}
	return fixtures.Incident("inc", func(i *v1alpha1.Incident) {
		i.Spec.Title = "OK" + clearScreen
		i.Spec.Summary = "line one\nline two" + clearScreen
		i.Spec.ExternalReportDecision.Reason = "not reportable" + clearScreen
		i.Spec.ExternalReports = []v1alpha1.ExternalReport{{Authority: v1alpha1.AuthorityICO, Reference: "ICO\t42", ReportedAt: i.Spec.DetectedAt}}
		i.Spec.Corrections = []v1alpha1.IncidentCorrection{{Field: v1alpha1.FactSeverity, CorrectionRecord: record}}
	})
}

func forgedAction() *v1alpha1.ImprovementAction {
	record := v1alpha1.CorrectionRecord{From: "High\n", To: "Low" + clearScreen, Reason: "wrong\x00", By: "team:ig", At: metav1.NewTime(fixtures.T0)}
	return fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) {
		a.Spec.Title = "Closed\rOK"
		a.Spec.Description = "fine" + clearScreen
		a.Spec.CancellationReason = "superseded\x07"
		a.Spec.Evidence = []v1alpha1.EvidenceItem{{Description: "Change\nCHG42", URL: "https://changes.example/CHG42\x1b"}}
		a.Spec.Links = []v1alpha1.Link{{Name: "SEC-1\u202e", URL: "https://tickets.example/SEC-1"}}
		a.Spec.Extensions = []v1alpha1.DeadlineExtension{{DueDate: metav1.NewTime(actionDue.Add(24 * 3600e9)), Reason: "later" + clearScreen,
			AgreedBy: "team:ig", At: metav1.NewTime(fixtures.T0)}}
		a.Spec.Corrections = []v1alpha1.ActionCorrection{{Field: v1alpha1.FactPriority, CorrectionRecord: record}}
	})
}

func forgedRCA() *v1alpha1.RootCauseAnalysis {
	return validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) {
		o := r.Spec.Overview
		o.WhatHappened, o.Containment, o.LessonsLearned = clearScreen, clearScreen, clearScreen
		r.Spec.Causes[0].Description = clearScreen
		r.Spec.ResponseEvaluation = &v1alpha1.ResponseEvaluation{ResponsePlanAdequacy: clearScreen, RemedialActivities: clearScreen, PersonnelCompetency: clearScreen}
		c := r.Spec.CyberAttack
		c.DetectionEfficacy = clearScreen
		c.ExploitedWeaknesses = []string{"ok", clearScreen}
		c.ResilienceEnhancements = []string{clearScreen}
		r.Spec.Investigation.ChainOfCustody = &v1alpha1.ChainOfCustody{Maintained: true, Notes: clearScreen}
		r.Spec.OrganisationalFactors = clearScreen
		r.Spec.NoActionsReason = clearScreen
		r.Spec.Evidence[0].Description = "log\x1b"
		r.Spec.Extensions = []v1alpha1.DeadlineExtension{{DueDate: metav1.NewTime(actionDue), Reason: clearScreen, AgreedBy: "team:ig", At: metav1.NewTime(fixtures.T0)}}
		r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: "siro@example.nhs.uk", At: metav1.NewTime(fixtures.T0),
			Comment: clearScreen, Assessment: clearScreen}
	})
}

func forgedReport() *v1alpha1.LessonsReport {
	return fixtures.Report("lr", func(r *v1alpha1.LessonsReport) {
		r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: "siro@example.nhs.uk", At: metav1.NewTime(fixtures.T0),
			Comment: "Approved" + clearScreen, Assessment: "A good year" + clearScreen}
	})
}

// controlCharRefusals: no control character reaches a record that a
// screen or a document shows.
func controlCharRefusals() []TableEntry {
	person := func(p v1alpha1.Person) *v1alpha1.Incident {
		return fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Owner = p })
	}
	title := func(t string) *v1alpha1.Incident {
		return fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Title = t })
	}
	return []TableEntry{
		Entry("an incident with ESC, CR, LF or TAB in every text field", forgedIncident(),
			"spec.title", "spec.externalReports[0].reference", "spec.corrections[0].from", "spec.corrections[0].to", oneLineRule,
			"spec.summary", "spec.externalReportDecision.reason", "spec.corrections[0].reason", textRule),
		Entry("an action with control characters in every text field", forgedAction(),
			"spec.title", "spec.evidence[0].description", "spec.links[0].name", oneLineRule,
			"spec.description", "spec.cancellationReason", "spec.extensions[0].reason", textRule, "spec.evidence[0].url", urlRule),
		Entry("an RCA with ESC in every narrative", forgedRCA(),
			"spec.overview.whatHappened", "spec.causes[0].description", "spec.responseEvaluation.responsePlanAdequacy",
			"spec.cyberAttack.exploitedWeaknesses", textsRule, "spec.investigation.chainOfCustody.notes", "spec.organisationalFactors", textRule,
			"spec.evidence[0].description", oneLineRule, "spec.signOff.comment", "spec.signOff.assessment"),
		Entry("a report signed off with ESC in the comment and the assessment", forgedReport(),
			"spec.signOff.comment", "spec.signOff.assessment", textRule),
		Entry("an owner with ESC", person("jo"+clearScreen+"@example.nhs.uk"), "spec.owner", personRule),
		Entry("an owner with LF", person("jo@example.nhs.uk\nOK"), "spec.owner", personRule),
		Entry("an owner with TAB", person("jo\t@example.nhs.uk"), "spec.owner", personRule),
		Entry("an owner with a right-to-left override", person("jo\u202e@example.nhs.uk"), "spec.owner", personRule),
		Entry("a title with NUL", title("Phishing\x00"), "spec.title", oneLineRule),
		Entry("a title with LF", title("Phishing\nOK  Closed"), "spec.title", oneLineRule),
		Entry("a title with a C1 control (CSI)", title("Phishing\u009b2J"), "spec.title", oneLineRule),
		Entry("a title with a bidirectional isolate", title("Phishing\u2066"), "spec.title", oneLineRule),
	}
}

var _ = Describe("Text that a screen shows", func() {
	It("may hold line breaks and tabs in narratives, and any printable script and emoji anywhere", func() {
		inc := fixtures.Incident("inc", func(i *v1alpha1.Incident) {
			i.Spec.Title = "Ransomware on the Ysbyty Gwynedd file server: ‘ŵ’, 日本語, العربية 👩‍⚕️"
			i.Spec.Summary = "First line.\n\tIndented second line.\n"
			i.Spec.Owner = "siân.o'brien@example.nhs.uk"
		})
		Expect(testenv.TryCreate(k8sClient, namespace, inc)).To(Succeed())
	})
})
