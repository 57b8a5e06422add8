package validation_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Messages of the correction rules, as users read them.
const (
	correctionNeeded    = "a fact on record changes only with its correction; append to spec.corrections, in the same write, exactly one entry"
	correctionsAppended = "spec.corrections is append-only: a correction on record cannot be changed or removed"
	correctionUnneeded  = "spec.corrections: every entry added corrects a fact that this write changes; a fact set for the first time needs none"
)

var _ = Describe("Facts on record", func() {
	severityToLow := func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.SeverityLow }

	It("change only with one correction per changed fact, in the same write", func() {
		inc := fixtures.Incident("corrected")
		createIn(inc)

		By("a severity lowered with no correction")
		expectRefused(update(inc, severityToLow), "spec.corrections: Invalid value",
			"spec.severity was High and becomes Low: "+correctionNeeded+" {field: severity, from: High, to: Low, reason: why, by: who agreed, at: when}")

		By("a correction whose from is not the stored value")
		expectRefused(update(inc, fixtures.Corrected(v1alpha1.FactSeverity, "Medium", "Low", severityToLow)), "spec.severity was High and becomes Low")

		By("two corrections of one change")
		twice := fixtures.Corrected(v1alpha1.FactSeverity, "High", "Low", fixtures.Corrected(v1alpha1.FactSeverity, "High", "Low", severityToLow))
		expectRefused(update(inc, twice), "spec.severity was High and becomes Low")

		By("a correction of a fact the write does not change")
		expectRefused(update(inc, fixtures.Corrected(v1alpha1.FactCategory, "NetworkAndInformationSystems", "PersonalDataBreach", func(*v1alpha1.Incident) {})),
			correctionUnneeded)

		By("a correction of a fact set for the first time")
		contained := fixtures.TimeText(fixtures.T0.Add(2 * time.Hour))
		expectRefused(update(inc, fixtures.Corrected(v1alpha1.FactContainedAt, contained, contained, func(i *v1alpha1.Incident) { i.Spec.ContainedAt = fixtures.Time(fixtures.T0.Add(2 * time.Hour)) })),
			correctionUnneeded)

		By("the same change with its correction")
		Expect(update(inc, fixtures.Corrected(v1alpha1.FactSeverity, "High", "Low", severityToLow))).To(Succeed())

		By("a fact set for the first time, with none")
		Expect(update(inc, func(i *v1alpha1.Incident) { i.Spec.ContainedAt = fixtures.Time(fixtures.T0.Add(2 * time.Hour)) })).To(Succeed())

		By("a time moved, its from written in another offset, and a fact removed")
		detected := fixtures.T0.Add(-3 * time.Hour)
		bst := fixtures.T0.In(time.FixedZone("BST", 3600)).Format(time.RFC3339)
		Expect(update(inc, fixtures.Corrected(v1alpha1.FactDetectedAt, bst, fixtures.TimeText(detected), fixtures.Corrected(v1alpha1.FactContainedAt, contained, "", func(i *v1alpha1.Incident) {
			i.Spec.DetectedAt.Time = detected
			i.Spec.ContainedAt = nil
		})))).To(Succeed())

		By("a flag corrected")
		Expect(update(inc, fixtures.Corrected(v1alpha1.FactCyberAttack, "false", "true", func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true }))).NotTo(Succeed(),
			"cyberAttack was never written: setting it is its first time")
		Expect(update(inc, func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true })).To(Succeed())
		Expect(update(inc, fixtures.Corrected(v1alpha1.FactCyberAttack, "true", "", func(i *v1alpha1.Incident) { i.Spec.CyberAttack = false }))).To(Succeed(),
			"false is omitted when written: the flag is removed")

		By("corrections are append-only")
		for what, mutate := range map[string]func(*v1alpha1.Incident){
			"a reason rewritten":      func(i *v1alpha1.Incident) { i.Spec.Corrections[0].Reason = "no reason" },
			"the last one removed":    func(i *v1alpha1.Incident) { i.Spec.Corrections = i.Spec.Corrections[:len(i.Spec.Corrections)-1] },
			"every correction erased": func(i *v1alpha1.Incident) { i.Spec.Corrections = nil },
		} {
			By(what)
			expectRefused(update(inc, mutate), correctionsAppended)
		}
	})

	It("on an action: its priority, and a completion once recorded", func() {
		action := fixtures.Action("corrected-action", incidentName, actionDue)
		createIn(action)
		toLow := func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = v1alpha1.PriorityLow }
		expectRefused(update(action, toLow), "spec.priority was High and becomes Low: "+correctionNeeded)
		Expect(update(action, fixtures.ActionCorrected(v1alpha1.FactPriority, "High", "Low", toLow))).To(Succeed())

		Expect(update(action, fixtures.Done(completedAt))).To(Succeed(), "a completion recorded for the first time")
		rewritten := completedAt.Add(-30 * 24 * time.Hour)
		expectRefused(update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.CompletedAt = fixtures.Time(rewritten) }),
			"spec.completedAt changed: "+correctionNeeded+" {field: completedAt, from: <the time it had>, to: <the time it has now>")
		Expect(update(action, fixtures.ActionCorrected(v1alpha1.FactCompletedAt, fixtures.TimeText(completedAt), fixtures.TimeText(rewritten),
			func(a *v1alpha1.ImprovementAction) { a.Spec.CompletedAt = fixtures.Time(rewritten) }))).To(Succeed())
	})
})

// correctionRefusals: what the rules of one correction refuse, on each
// kind that keeps corrections, and the enums' bound that keeps the
// correction rules' cost known.
func correctionRefusals() []TableEntry {
	record := v1alpha1.CorrectionRecord{From: "High", To: "Low", Reason: "The record was wrong", By: "team:information-governance", At: at("2026-05-06T09:30:00Z")}
	incidentWith := func(mutate func(*v1alpha1.CorrectionRecord)) client.Object {
		c := record
		mutate(&c)
		return fixtures.Incident("inc", func(i *v1alpha1.Incident) {
			i.Spec.Corrections = []v1alpha1.IncidentCorrection{{Field: v1alpha1.FactSeverity, CorrectionRecord: c}}
		})
	}
	actionWith := func(mutate func(*v1alpha1.CorrectionRecord)) client.Object {
		c := record
		mutate(&c)
		return fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) {
			a.Spec.Corrections = []v1alpha1.ActionCorrection{{Field: v1alpha1.FactPriority, CorrectionRecord: c}}
		})
	}
	many := func(obj client.Object) client.Object {
		corrections := make([]any, 21)
		for i := range corrections {
			corrections[i] = map[string]any{"field": "priority", "from": "High", "to": "Low", "reason": "r", "by": "team:ig", "at": "2026-05-06T09:30:00Z"}
		}
		return withRaw(obj, "spec.corrections", corrections)
	}
	var entries []TableEntry
	for _, k := range []struct {
		kind string
		with func(func(*v1alpha1.CorrectionRecord)) client.Object
	}{{"incident", incidentWith}, {"action", actionWith}} {
		entry := func(what string, args ...any) TableEntry { return Entry("an "+k.kind+"'s correction "+what, args...) }
		same := func(*v1alpha1.CorrectionRecord) {}
		entries = append(entries,
			entry("naming no fact, nor saying anything",
				withRaw(k.with(same), "spec.corrections", []any{map[string]any{}}),
				"spec.corrections[0].field: "+requiredMsg, "spec.corrections[0].from: "+requiredMsg, "spec.corrections[0].reason: "+requiredMsg,
				"spec.corrections[0].by: "+requiredMsg, "spec.corrections[0].at: "+requiredMsg),
			entry("of a field that is no fact", withRaw(k.with(same), "spec.corrections.0.field", "title"), "spec.corrections[0].field: "+unsupported),
			entry("with empty from, to and reason", k.with(func(c *v1alpha1.CorrectionRecord) { c.From, c.Reason = "", "" }),
				"spec.corrections[0].from", "spec.corrections[0].reason", tooShort),
			entry("with an empty to", withRaw(k.with(same), "spec.corrections.0.to", ""), "spec.corrections[0].to", tooShort),
			entry("with from and to of 65 characters and a reason of 2049", k.with(func(c *v1alpha1.CorrectionRecord) { c.From, c.To, c.Reason = chars(65), chars(65), chars(2049) }),
				"spec.corrections[0].from: "+tooLong, "spec.corrections[0].to: "+tooLong, "spec.corrections[0].reason: "+tooLong),
			entry("agreed by nobody", k.with(func(c *v1alpha1.CorrectionRecord) { c.By = "" }), "spec.corrections[0].by", tooShort),
			entry("agreed by a name that is neither an address nor a team", k.with(func(c *v1alpha1.CorrectionRecord) { c.By = "the board" }),
				"spec.corrections[0].by", personRule),
			entry("agreed by an address of 255 characters", k.with(func(c *v1alpha1.CorrectionRecord) { c.By = address(255) }),
				"spec.corrections[0].by: "+tooLong),
			entry("agreed at a time not in RFC 3339", withRaw(k.with(same), "spec.corrections.0.at", "yesterday"), "spec.corrections[0].at", notRFC3339),
			entry("agreed at a date that does not exist", withRaw(k.with(same), "spec.corrections.0.at", "2027-02-30T17:00:00Z"), "spec.corrections[0].at", notDateTime),
			entry("agreed at a time of 65 characters", withRaw(k.with(same), "spec.corrections.0.at", "2027-01-29T17:00:00."+chars(44)+"Z"), "spec.corrections[0].at: "+tooLong),
			entry("agreed in 3000", withRaw(k.with(same), "spec.corrections.0.at", "3000-01-01T00:00:00Z"), "spec.corrections[0].at", "must be a time in the years 1900 to 2999"),
			Entry("21 corrections of an "+k.kind, many(k.with(same)), "spec.corrections: "+tooMany, "must have at most 20 items"),
		)
	}
	return append(entries,
		Entry("an incident whose type, category and severity are 33 characters long",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) {
				i.Spec.Type, i.Spec.Category, i.Spec.Severity = v1alpha1.IncidentType(chars(33)), v1alpha1.IncidentCategory(chars(33)), v1alpha1.Severity(chars(33))
			}),
			"spec.type: "+tooLong, "spec.category: "+tooLong, "spec.severity: "+tooLong),
		Entry("an action whose priority is 33 characters long",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = v1alpha1.Priority(chars(33)) }),
			"spec.priority: "+tooLong),
	)
}

// decisionRefusals: what the rules of the decision whether to report an
// incident outside the organisation refuse.
func decisionRefusals() []TableEntry {
	deciding := func(mutate func(*v1alpha1.ExternalReportDecision)) *v1alpha1.Incident {
		return fixtures.Incident("inc", func(i *v1alpha1.Incident) { mutate(i.Spec.ExternalReportDecision) })
	}
	same := func(*v1alpha1.ExternalReportDecision) {}
	return []TableEntry{
		Entry("a decision not to report with no reason", deciding(func(d *v1alpha1.ExternalReportDecision) { d.Reason = "" }),
			"spec.externalReportDecision.reason", "spec.externalReportDecision.reason is required when the incident is not reportable"),
		Entry("a decision not to report an incident marked as to be reported",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.ExternalReportRequired = true }),
			"spec.externalReportDecision", "spec.externalReportRequired is true but spec.externalReportDecision.reportable is false: both record the decision and must agree"),
		Entry("a decision with nobody, no time and no answer", withRaw(deciding(same), "spec.externalReportDecision", map[string]any{}),
			"spec.externalReportDecision.reportable: "+requiredMsg, "spec.externalReportDecision.decidedBy: "+requiredMsg, "spec.externalReportDecision.at: "+requiredMsg),
		Entry("a decision whose reason is empty", withRaw(deciding(same), "spec.externalReportDecision.reason", ""), "spec.externalReportDecision.reason", tooShort),
		Entry("a decision whose reason is 4097 characters", deciding(func(d *v1alpha1.ExternalReportDecision) { d.Reason = chars(4097) }),
			"spec.externalReportDecision.reason: "+tooLong),
		Entry("a decision by a name that is neither an address nor a team", deciding(func(d *v1alpha1.ExternalReportDecision) { d.DecidedBy = "the board" }),
			"spec.externalReportDecision.decidedBy", personRule),
		Entry("a decision by nobody", deciding(func(d *v1alpha1.ExternalReportDecision) { d.DecidedBy = "" }), "spec.externalReportDecision.decidedBy", tooShort),
		Entry("a decision by an address of 255 characters", deciding(func(d *v1alpha1.ExternalReportDecision) { d.DecidedBy = address(255) }),
			"spec.externalReportDecision.decidedBy: "+tooLong),
		Entry("a decision at a time not in RFC 3339", withRaw(deciding(same), "spec.externalReportDecision.at", "yesterday"), "spec.externalReportDecision.at", notRFC3339),
		Entry("a decision at a date that does not exist", withRaw(deciding(same), "spec.externalReportDecision.at", "2027-02-30T17:00:00Z"), "spec.externalReportDecision.at", notDateTime),
		Entry("a decision at a time of 65 characters", withRaw(deciding(same), "spec.externalReportDecision.at", "2027-01-29T17:00:00."+chars(44)+"Z"), "spec.externalReportDecision.at: "+tooLong),
		Entry("a decision in 3000", withRaw(deciding(same), "spec.externalReportDecision.at", "3000-01-01T00:00:00Z"), "spec.externalReportDecision.at", "must be a time in the years 1900 to 2999"),
	}
}
