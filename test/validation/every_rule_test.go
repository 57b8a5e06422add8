package validation_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// More messages of the rules under test, as users read them.
const (
	tooLong          = "Too long: may not be more than"
	tooMany          = "Too many:"
	notDateTime      = "must be of type date-time"
	notBoolean       = "must be of type boolean"
	incidentNameRule = "must be the name of an Incident"
)

// chars is a text of n characters.
func chars(n int) string { return strings.Repeat("x", n) }

// address is an e-mail address of n characters, n at least 16.
func address(n int) v1alpha1.Person {
	return v1alpha1.Person(strings.Repeat("a", n-15) + "@example.nhs.uk")
}

// texts is a list of n short texts.
func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "Weakness"
	}
	return out
}

// evidence is a list of n evidence items.
func evidence(n int) []v1alpha1.EvidenceItem {
	out := make([]v1alpha1.EvidenceItem, n)
	for i := range out {
		out[i] = v1alpha1.EvidenceItem{Description: "Change record", URL: "https://servicedesk.example.nhs.uk/changes/1"}
	}
	return out
}

// longURL is an http(s) URL of n characters.
func longURL(n int) string {
	const base = "https://servicedesk.example.nhs.uk/"
	return base + strings.Repeat("a", n-len(base))
}

// everyRuleRefusals break, one at a time, the rules the original table left
// unshown: each required field, enum, length, pattern, format and CEL rule
// of every kind (the types shared by several kinds are checked in each).
func everyRuleRefusals() []TableEntry {
	return []TableEntry{
		// Incident.
		Entry("incident without spec",
			without(fixtures.Incident("inc"), "spec"),
			"spec: "+requiredMsg),
		Entry("incident owner of 255 characters",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Owner = address(255) }),
			"spec.owner: "+tooLong, "254"),
		Entry("incident with an empty SIRO",
			withRaw(fixtures.Incident("inc"), "spec.siro", ""),
			"spec.siro", tooShort),
		Entry("incident SIRO of 255 characters",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.SIRO = address(255) }),
			"spec.siro: "+tooLong, "254"),
		Entry("resolvedAt as a date and time without the T",
			withRaw(fixtures.Incident("inc"), "spec.resolvedAt", "2026-05-15 17:00:00Z"),
			"spec.resolvedAt", notRFC3339),
		Entry("detectedAt on the 30th of February",
			withRaw(fixtures.Incident("inc"), "spec.detectedAt", "2026-02-30T08:40:00Z"),
			"spec.detectedAt", notDateTime),
		Entry("containedAt in month 13",
			withRaw(fixtures.Incident("inc"), "spec.containedAt", "2026-13-12T14:15:00Z"),
			"spec.containedAt", notDateTime),
		Entry("resolvedAt at hour 25",
			withRaw(fixtures.Incident("inc"), "spec.resolvedAt", "2026-05-15T25:00:00Z"),
			"spec.resolvedAt", notDateTime),
		Entry("siroNotifiedAt at minute 61",
			withRaw(fixtures.Incident("inc"), "spec.siroNotifiedAt", "2026-05-12T11:61:00Z"),
			"spec.siroNotifiedAt", notDateTime),
		Entry("cyberAttack written as yes",
			withRaw(fixtures.Incident("inc"), "spec.cyberAttack", "yes"),
			"spec.cyberAttack", notBoolean),

		// RootCauseAnalysis: references and people.
		Entry("RCA without spec",
			without(fixtures.RCA("rca", incidentName), "spec"),
			"spec: "+requiredMsg),
		Entry("RCA without incidentRef",
			without(fixtures.RCA("rca", incidentName), "spec.incidentRef"),
			"spec.incidentRef: "+requiredMsg),
		Entry("RCA with an empty incidentRef.name",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.IncidentRef.Name = "" }),
			"spec.incidentRef.name", tooShort),
		Entry("RCA incidentRef.name of 254 characters",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.IncidentRef.Name = strings.Repeat("a", 254) }),
			"spec.incidentRef.name: "+tooLong, "253"),
		Entry("RCA with an empty lead",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Lead = "" }),
			"spec.lead", tooShort),
		Entry("RCA lead of 255 characters",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Lead = address(255) }),
			"spec.lead: "+tooLong, "254"),
		Entry("RCA dueDate on the 31st of April",
			withRaw(fixtures.RCA("rca", incidentName), "spec.dueDate", "2026-04-31T17:00:00Z"),
			"spec.dueDate", notDateTime),

		// RootCauseAnalysis: sections present but empty.
		Entry("RCA with an empty whatHappened",
			withRaw(fixtures.RCA("rca", incidentName), "spec.overview.whatHappened", ""),
			"spec.overview.whatHappened", tooShort),
		Entry("RCA with an empty containment",
			withRaw(fixtures.RCA("rca", incidentName), "spec.overview.containment", ""),
			"spec.overview.containment", tooShort),
		Entry("RCA with an empty lessonsLearned",
			withRaw(fixtures.RCA("rca", incidentName), "spec.overview.lessonsLearned", ""),
			"spec.overview.lessonsLearned", tooShort),
		Entry("RCA with empty organisationalFactors",
			withRaw(fixtures.RCA("rca", incidentName), "spec.organisationalFactors", ""),
			"spec.organisationalFactors", tooShort),
		Entry("RCA with an empty responsePlanAdequacy",
			withRaw(fixtures.RCA("rca", incidentName), "spec.responseEvaluation.responsePlanAdequacy", ""),
			"spec.responseEvaluation.responsePlanAdequacy", tooShort),
		Entry("RCA with empty remedialActivities",
			withRaw(fixtures.RCA("rca", incidentName), "spec.responseEvaluation.remedialActivities", ""),
			"spec.responseEvaluation.remedialActivities", tooShort),
		Entry("RCA with an empty personnelCompetency",
			withRaw(fixtures.RCA("rca", incidentName), "spec.responseEvaluation.personnelCompetency", ""),
			"spec.responseEvaluation.personnelCompetency", tooShort),
		Entry("RCA with an empty detectionEfficacy",
			withRaw(fixtures.RCA("rca", incidentName), "spec.cyberAttack.detectionEfficacy", ""),
			"spec.cyberAttack.detectionEfficacy", tooShort),
		Entry("RCA with an empty exploited weakness",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.CyberAttack.ExploitedWeaknesses[0] = "" }),
			"spec.cyberAttack.exploitedWeaknesses[0]", tooShort),
		Entry("RCA with an empty resilience enhancement",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.CyberAttack.ResilienceEnhancements[0] = "" }),
			"spec.cyberAttack.resilienceEnhancements[0]", tooShort),
		Entry("submitted RCA without whatHappened",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview.WhatHappened = "" }),
			"spec.overview: Invalid value", "a submitted RCA needs spec.overview complete"),
		Entry("submitted RCA without remedialActivities",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.ResponseEvaluation.RemedialActivities = "" }),
			"spec.responseEvaluation: Invalid value", "a submitted RCA needs spec.responseEvaluation complete"),

		// RootCauseAnalysis: list items.
		Entry("RCA cause without a type",
			withRaw(fixtures.RCA("rca", incidentName), "spec.causes", []any{map[string]any{"description": "Webmail accepted password-only sign-ins."}}),
			"spec.causes[0].type: "+requiredMsg),
		Entry("RCA cause without a description",
			withRaw(fixtures.RCA("rca", incidentName), "spec.causes", []any{map[string]any{"type": "Technical"}}),
			"spec.causes[0].description: "+requiredMsg),
		Entry("RCA evidence without a description",
			withRaw(validRCA("rca"), "spec.evidence", []any{map[string]any{"url": "https://servicedesk.example.nhs.uk/incidents/1"}}),
			"spec.evidence[0].description: "+requiredMsg),
		Entry("RCA evidence with an empty description",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Evidence[0].Description = "" }),
			"spec.evidence[0].description", tooShort),

		// RootCauseAnalysis: sign-off.
		Entry("signOff without decision",
			without(validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.decision"),
			"spec.signOff.decision: "+requiredMsg),
		Entry("signOff without at",
			without(validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at"),
			"spec.signOff.at: "+requiredMsg),
		Entry("signOff by nobody",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff.By = "" }),
			"spec.signOff.by", tooShort),
		Entry("signOff by an address of 255 characters",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff.By = address(255) }),
			"spec.signOff.by: "+tooLong, "254"),
		Entry("signOff at on the 29th of February of a common year",
			withRaw(validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at", "2027-02-29T10:00:00Z"),
			"spec.signOff.at", notDateTime),

		// ImprovementAction.
		Entry("action without spec",
			without(fixtures.Action("ia", incidentName, actionDue), "spec"),
			"spec: "+requiredMsg),
		Entry("action incidentRef.name of 254 characters",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.IncidentRef.Name = strings.Repeat("a", 254) }),
			"spec.incidentRef.name: "+tooLong, "253"),
		Entry("action incidentRef.name ending in a dash",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.IncidentRef.Name = "phishing-" }),
			"spec.incidentRef.name: Invalid value", incidentNameRule),
		Entry("action with an empty title",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Title = "" }),
			"spec.title", tooShort),
		Entry("action with an empty owner",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Owner = "" }),
			"spec.owner", tooShort),
		Entry("action owner of 255 characters",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Owner = address(255) }),
			"spec.owner: "+tooLong, "254"),
		Entry("action dueDate on day 32",
			withRaw(fixtures.Action("ia", incidentName, actionDue), "spec.dueDate", "2027-01-32T17:00:00Z"),
			"spec.dueDate", notDateTime),
		Entry("action completedAt at second 61",
			withRaw(fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt)), "spec.completedAt", "2026-12-10T16:00:61Z"),
			"spec.completedAt", notDateTime),
		Entry("action evidence without a description",
			withRaw(fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt)), "spec.evidence", []any{map[string]any{"url": "https://servicedesk.example.nhs.uk/changes/1"}}),
			"spec.evidence[0].description: "+requiredMsg),
		Entry("action cancelled with an empty cancellationReason",
			withRaw(fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.State = v1alpha1.ActionStateCancelled }), "spec.cancellationReason", ""),
			"spec.cancellationReason", tooShort),

		// LessonsReport.
		Entry("report without spec",
			without(fixtures.Report("lr"), "spec"),
			"spec: "+requiredMsg),
		Entry("report without period",
			without(fixtures.Report("lr"), "spec.period"),
			"spec.period: "+requiredMsg),
		Entry("report period.to as a bare date",
			withRaw(fixtures.Report("lr"), "spec.period.to", "2027-04-01"),
			"spec.period.to", notRFC3339),
		Entry("report period.from on the 31st of June",
			withRaw(fixtures.Report("lr"), "spec.period.from", "2026-06-31T00:00:00Z"),
			"spec.period.from", notDateTime),
		Entry("report period.to in month 00",
			withRaw(fixtures.Report("lr"), "spec.period.to", "2027-00-01T00:00:00Z"),
			"spec.period.to", notDateTime),
		Entry("report selector expression without a key",
			withRaw(fixtures.Report("lr"), "spec.selector", map[string]any{
				"matchExpressions": []any{map[string]any{"operator": "In", "values": []any{"community"}}},
			}),
			"spec.selector.matchExpressions[0].key: "+requiredMsg),
		Entry("report selector expression without an operator",
			withRaw(fixtures.Report("lr"), "spec.selector", map[string]any{
				"matchExpressions": []any{map[string]any{"key": "lessons.dspt.io/service", "values": []any{"community"}}},
			}),
			"spec.selector.matchExpressions[0].operator: "+requiredMsg),
		Entry("report with an empty SIRO",
			withRaw(fixtures.Report("lr"), "spec.siro", ""),
			"spec.siro", tooShort),
		Entry("report SIRO of 255 characters",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = address(255) }),
			"spec.siro: "+tooLong, "254"),
		Entry("report signOff without decision",
			without(fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.decision"),
			"spec.signOff.decision: "+requiredMsg),
		Entry("report signOff without by",
			without(fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.by"),
			"spec.signOff.by: "+requiredMsg),
		Entry("report signOff without at",
			without(fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at"),
			"spec.signOff.at: "+requiredMsg),
		Entry("report signOff by nobody",
			fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.LessonsReport) { r.Spec.SignOff.By = "" }),
			"spec.signOff.by", tooShort),
		Entry("report signOff by neither an e-mail address nor a team",
			fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.LessonsReport) { r.Spec.SignOff.By = "the SIRO" }),
			"spec.signOff.by: Invalid value", personRule),
		Entry("report signOff by an address of 255 characters",
			fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.LessonsReport) { r.Spec.SignOff.By = address(255) }),
			"spec.signOff.by: "+tooLong, "254"),
		Entry("report signOff at without a zone",
			withRaw(fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at", "2026-05-29T10:00:00"),
			"spec.signOff.at", notRFC3339),
		Entry("report signOff at on the 30th of February",
			withRaw(fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at", "2026-02-30T10:00:00Z"),
			"spec.signOff.at", notDateTime),
	}
}

// oversizedRefusals are fields and lists one past their bound, so that no
// object can grow without limit in etcd.
func oversizedRefusals() []TableEntry {
	return []TableEntry{
		// Incident.
		Entry("incident summary of 8193 characters",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Summary = chars(8193) }),
			"spec.summary: "+tooLong, "8192"),

		// RootCauseAnalysis.
		Entry("RCA whatHappened of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview.WhatHappened = chars(8193) }),
			"spec.overview.whatHappened: "+tooLong, "8192"),
		Entry("RCA containment of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview.Containment = chars(8193) }),
			"spec.overview.containment: "+tooLong, "8192"),
		Entry("RCA lessonsLearned of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview.LessonsLearned = chars(8193) }),
			"spec.overview.lessonsLearned: "+tooLong, "8192"),
		Entry("RCA with 51 causes",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) {
				for len(r.Spec.Causes) < 51 {
					r.Spec.Causes = append(r.Spec.Causes, r.Spec.Causes[0])
				}
			}),
			"spec.causes: "+tooMany, "must have at most 50 items"),
		Entry("RCA cause description of 4097 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Causes[0].Description = chars(4097) }),
			"spec.causes[0].description: "+tooLong, "4096"),
		Entry("RCA organisationalFactors of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.OrganisationalFactors = chars(8193) }),
			"spec.organisationalFactors: "+tooLong, "8192"),
		Entry("RCA responsePlanAdequacy of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.ResponseEvaluation.ResponsePlanAdequacy = chars(8193) }),
			"spec.responseEvaluation.responsePlanAdequacy: "+tooLong, "8192"),
		Entry("RCA remedialActivities of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.ResponseEvaluation.RemedialActivities = chars(8193) }),
			"spec.responseEvaluation.remedialActivities: "+tooLong, "8192"),
		Entry("RCA personnelCompetency of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.ResponseEvaluation.PersonnelCompetency = chars(8193) }),
			"spec.responseEvaluation.personnelCompetency: "+tooLong, "8192"),
		Entry("RCA with 51 exploited weaknesses",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.CyberAttack.ExploitedWeaknesses = texts(51) }),
			"spec.cyberAttack.exploitedWeaknesses: "+tooMany, "must have at most 50 items"),
		Entry("RCA exploited weakness of 2049 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.CyberAttack.ExploitedWeaknesses[0] = chars(2049) }),
			"spec.cyberAttack.exploitedWeaknesses[0]: "+tooLong, "2048"),
		Entry("RCA detectionEfficacy of 8193 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.CyberAttack.DetectionEfficacy = chars(8193) }),
			"spec.cyberAttack.detectionEfficacy: "+tooLong, "8192"),
		Entry("RCA with 51 resilience enhancements",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.CyberAttack.ResilienceEnhancements = texts(51) }),
			"spec.cyberAttack.resilienceEnhancements: "+tooMany, "must have at most 50 items"),
		Entry("RCA resilience enhancement of 2049 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.CyberAttack.ResilienceEnhancements[0] = chars(2049) }),
			"spec.cyberAttack.resilienceEnhancements[0]: "+tooLong, "2048"),
		Entry("RCA chain-of-custody notes of 4097 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Investigation.ChainOfCustody.Notes = chars(4097) }),
			"spec.investigation.chainOfCustody.notes: "+tooLong, "4096"),
		Entry("RCA with 51 evidence items",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Evidence = evidence(51) }),
			"spec.evidence: "+tooMany, "must have at most 50 items"),
		Entry("RCA evidence description of 1025 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Evidence[0].Description = chars(1025) }),
			"spec.evidence[0].description: "+tooLong, "1024"),
		Entry("RCA evidence url of 2049 characters",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Evidence[0].URL = longURL(2049) }),
			"spec.evidence[0].url: "+tooLong, "2048"),
		Entry("RCA sign-off comment of 4097 characters",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt), func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff.Comment = chars(4097) }),
			"spec.signOff.comment: "+tooLong, "4096"),

		// ImprovementAction.
		Entry("action description of 8193 characters",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Description = chars(8193) }),
			"spec.description: "+tooLong, "8192"),
		Entry("action with 51 evidence items",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) { a.Spec.Evidence = evidence(51) }),
			"spec.evidence: "+tooMany, "must have at most 50 items"),
		Entry("action evidence description of 1025 characters",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) { a.Spec.Evidence[0].Description = chars(1025) }),
			"spec.evidence[0].description: "+tooLong, "1024"),
		Entry("action evidence url of 2049 characters",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) { a.Spec.Evidence[0].URL = longURL(2049) }),
			"spec.evidence[0].url: "+tooLong, "2048"),
		Entry("action cancellationReason of 4097 characters",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) {
				a.Spec.State = v1alpha1.ActionStateCancelled
				a.Spec.CancellationReason = chars(4097)
			}),
			"spec.cancellationReason: "+tooLong, "4096"),

		// LessonsReport.
		Entry("report sign-off comment of 4097 characters",
			fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffChangesRequested, signedAt), func(r *v1alpha1.LessonsReport) { r.Spec.SignOff.Comment = chars(4097) }),
			"spec.signOff.comment: "+tooLong, "4096"),
	}
}

// kubectl validates fields strictly by default: a misspelt field is refused
// rather than silently dropped.
var _ = Describe("A misspelt field", func() {
	DescribeTable("is refused under strict field validation, naming the field",
		func(obj client.Object, field string) {
			err := testenv.TryCreate(k8sClient, namespace, obj, client.FieldValidation(metav1.FieldValidationStrict))
			Expect(err).To(HaveOccurred(), "the API server accepted an unknown field")
			Expect(err.Error()).To(ContainSubstring(`unknown field "` + field + `"`))
		},
		Entry("in an incident", withRaw(fixtures.Incident("inc"), "spec.detectedOn", "2026-05-12T08:40:00Z"), "spec.detectedOn"),
		Entry("in an RCA", withRaw(validRCA("rca"), "spec.overview.lessonsLeaned", "x"), "spec.overview.lessonsLeaned"),
		Entry("in an action", withRaw(fixtures.Action("ia", incidentName, actionDue), "spec.dueDte", "2027-01-29T17:00:00Z"), "spec.dueDte"),
		Entry("in a report", withRaw(fixtures.Report("lr"), "spec.period.until", "2027-04-01T00:00:00Z"), "spec.period.until"),
	)
})

// unboundedRefusals: values that would bloat etcd, or that Go could not read
// back (which would break every typed read and list of the kind).
func unboundedRefusals() []TableEntry {
	longTime := "2027-01-29T17:00:00." + strings.Repeat("0", 45) + "Z"
	timeTooLong := func(desc string, obj client.Object, path string) TableEntry {
		return Entry(desc+" of 65 characters", withRaw(obj, path, longTime), path+": "+tooLong, "64")
	}
	return []TableEntry{
		Entry("a timestamp with 100,000 digits of a second (any date-time field)",
			withRaw(fixtures.Action("ia", incidentName, actionDue), "spec.dueDate", "2027-01-29T17:00:00."+strings.Repeat("0", 100_000)+"Z"),
			"spec.dueDate: "+tooLong),
		Entry("an attacker dwell time of 100,000 units",
			withRaw(validRCA("rca"), "spec.cyberAttack.attackerDwellTime", strings.Repeat("1h", 50_000)),
			"spec.cyberAttack.attackerDwellTime: "+tooLong),
		Entry("an attacker dwell time Go cannot read (it overflows), which breaks every typed read and list of RCAs",
			withRaw(validRCA("rca"), "spec.cyberAttack.attackerDwellTime", "9999999999999999999h"),
			"spec.cyberAttack.attackerDwellTime"),
		Entry("a report selector with 1,000 labels",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) {
				r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{}}
				for i := range 1000 {
					r.Spec.Selector.MatchLabels[strings.Repeat("k", 60)+string(rune('a'+i%26))+strings.Repeat("z", i/26)] = chars(63)
				}
			}),
			"spec.selector"),
		timeTooLong("incident detectedAt", fixtures.Incident("inc"), "spec.detectedAt"),
		timeTooLong("incident containedAt", fixtures.Incident("inc"), "spec.containedAt"),
		timeTooLong("incident resolvedAt", fixtures.Incident("inc"), "spec.resolvedAt"),
		timeTooLong("incident siroNotifiedAt", fixtures.Incident("inc"), "spec.siroNotifiedAt"),
		timeTooLong("RCA dueDate", validRCA("rca"), "spec.dueDate"),
		timeTooLong("RCA signOff.at", validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at"),
		Entry("RCA attacker dwell time of 65 characters",
			withRaw(validRCA("rca"), "spec.cyberAttack.attackerDwellTime", strings.Repeat("1h", 32)+"1s"),
			"spec.cyberAttack.attackerDwellTime: "+tooLong, "64"),
		timeTooLong("action dueDate", fixtures.Action("ia", incidentName, actionDue), "spec.dueDate"),
		timeTooLong("action completedAt", fixtures.Action("ia", incidentName, actionDue), "spec.completedAt"),
		timeTooLong("report period.from", fixtures.Report("lr"), "spec.period.from"),
		timeTooLong("report period.to", fixtures.Report("lr"), "spec.period.to"),
		timeTooLong("report signOff.at", fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at"),
		Entry("a report selector with 17 expressions",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) {
				r.Spec.Selector = &metav1.LabelSelector{}
				for i := range 17 {
					r.Spec.Selector.MatchExpressions = append(r.Spec.Selector.MatchExpressions,
						metav1.LabelSelectorRequirement{Key: "k" + strings.Repeat("x", i), Operator: metav1.LabelSelectorOpExists})
				}
			}),
			"spec.selector: Invalid value", "spec.selector.matchExpressions may hold at most 16 expressions"),
		Entry("a report selector with an operator a selector does not know",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) {
				r.Spec.Selector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Near"}}}
			}),
			"spec.selector: Invalid value", "spec.selector.matchExpressions[].operator must be In, NotIn, Exists or DoesNotExist"),
	}
}
