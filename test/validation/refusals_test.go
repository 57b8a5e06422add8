package validation_test

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Messages of the rules under test, as users read them.
const (
	personRule  = "must be an e-mail address (name@example.nhs.uk) or a team written as team:<name>"
	urlRule     = "must be an http(s) URL"
	requiredMsg = "Required value"
	tooShort    = "should be at least 1 chars long"
	notRFC3339  = "in body should match '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T"
	unsupported = "Unsupported value"
)

var _ = Describe("Invalid objects", Ordered, ContinueOnFailure, func() {
	refusalsRun := 0
	refuse := func(obj client.Object, want ...string) {
		refusalsRun++
		err := testenv.TryCreate(k8sClient, namespace, obj)
		GinkgoWriter.Println(err)
		recordRefusal(obj, err)
		Expect(err).To(HaveOccurred(), "the API server accepted the invalid object")
		Expect(apierrors.IsInvalid(err)).To(BeTrue(), "want an Invalid error, got: %v", err)
		for _, w := range want {
			Expect(err.Error()).To(ContainSubstring(w))
		}
	}

	refusals := []TableEntry{
		// Incident: required fields.
		Entry("incident without title",
			without(fixtures.Incident("inc"), "spec.title"),
			"spec.title: "+requiredMsg),
		Entry("incident with an empty title",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Title = "" }),
			"spec.title", tooShort),
		Entry("incident with a 201-character title",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Title = strings.Repeat("x", 201) }),
			"spec.title: Too long", "200"),
		Entry("incident without type",
			without(fixtures.Incident("inc"), "spec.type"),
			"spec.type: "+requiredMsg),
		Entry("incident without category",
			without(fixtures.Incident("inc"), "spec.category"),
			"spec.category: "+requiredMsg),
		Entry("incident without severity",
			without(fixtures.Incident("inc"), "spec.severity"),
			"spec.severity: "+requiredMsg),
		Entry("incident without detectedAt",
			without(fixtures.Incident("inc"), "spec.detectedAt"),
			"spec.detectedAt: "+requiredMsg),
		Entry("incident without owner",
			without(fixtures.Incident("inc"), "spec.owner"),
			"spec.owner: "+requiredMsg),

		// Incident: enums.
		Entry("incident type not Incident or NearMiss",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Type = "Accident" }),
			`spec.type: `+unsupported+`: "Accident"`, `"Incident", "NearMiss"`),
		Entry("incident category outside the DSPT scope",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Category = "Ransomware" }),
			`spec.category: `+unsupported+`: "Ransomware"`, `"PersonalDataBreach", "ConfidentialityBreach", "NetworkAndInformationSystems"`),
		Entry("incident severity not Low, Medium, High or Critical",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Severity = "Severe" }),
			`spec.severity: `+unsupported+`: "Severe"`, `"Low", "Medium", "High", "Critical"`),

		// Incident: times.
		Entry("incident contained before it was detected",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.ContainedAt = atPtr("2026-05-04T09:29:59Z") }),
			"spec.containedAt: Invalid value", "spec.containedAt must not be before spec.detectedAt"),
		Entry("incident contained before detection, compared as instants across zones",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) {
				i.Spec.ContainedAt = atPtr("2026-05-04T10:20:00+01:00") // 09:20Z, ten minutes before detection
			}),
			"spec.containedAt: Invalid value", "spec.containedAt must not be before spec.detectedAt"),
		Entry("incident resolved before it was detected",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.ResolvedAt = atPtr("2026-05-03T17:00:00Z") }),
			"spec.resolvedAt: Invalid value", "spec.resolvedAt must not be before spec.detectedAt"),
		Entry("SIRO notified before detection",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = atPtr("2026-05-04T09:00:00Z") }),
			"spec.siroNotifiedAt: Invalid value", "spec.siroNotifiedAt must not be before spec.detectedAt"),
		Entry("detectedAt without a zone",
			withRaw(fixtures.Incident("inc"), "spec.detectedAt", "2026-05-12T08:40:00"),
			"spec.detectedAt", notRFC3339),
		Entry("containedAt as a bare date",
			withRaw(fixtures.Incident("inc"), "spec.containedAt", "2026-05-12"),
			"spec.containedAt", notRFC3339),
		Entry("siroNotifiedAt with a space instead of T",
			withRaw(fixtures.Incident("inc"), "spec.siroNotifiedAt", "2026-05-12 11:05:00Z"),
			"spec.siroNotifiedAt", notRFC3339),

		// Incident: people.
		Entry("incident of type Incident without a SIRO",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.SIRO = "" }),
			"spec.siro: Invalid value", "spec.siro is required when spec.type is Incident"),
		Entry("incident with an empty owner",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Owner = "" }),
			"spec.owner", tooShort),
		Entry("incident owner neither an e-mail address nor a team",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Owner = "not-an-email" }),
			"spec.owner: Invalid value", personRule),
		Entry("incident owner team: with no name",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Owner = "team:" }),
			"spec.owner: Invalid value", personRule),
		Entry("incident SIRO with a space in the address",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.SIRO = "david okafor@example.nhs.uk" }),
			"spec.siro: Invalid value", personRule),

		// RootCauseAnalysis: required fields and enums.
		Entry("RCA without incidentRef.name",
			without(fixtures.RCA("rca", incidentName), "spec.incidentRef.name"),
			"spec.incidentRef.name: "+requiredMsg),
		Entry("RCA incidentRef.name that cannot be an object name",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.IncidentRef.Name = "Phishing_2026" }),
			"spec.incidentRef.name: Invalid value", "must be the name of an Incident"),
		Entry("RCA without lead",
			without(fixtures.RCA("rca", incidentName), "spec.lead"),
			"spec.lead: "+requiredMsg),
		Entry("RCA lead neither an e-mail address nor a team",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Lead = "not-an-email" }),
			"spec.lead: Invalid value", personRule),
		Entry("RCA state not Draft or Submitted",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = "Approved" }),
			`spec.state: `+unsupported+`: "Approved"`, `"Draft", "Submitted"`),
		Entry("RCA cause type not Technical or NonTechnical",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Causes[1].Type = "Human" }),
			`spec.causes[1].type: `+unsupported+`: "Human"`, `"Technical", "NonTechnical"`),
		Entry("RCA cause without a description",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Causes[0].Description = "" }),
			"spec.causes[0].description", tooShort),
		Entry("RCA dueDate without a zone",
			withRaw(fixtures.RCA("rca", incidentName), "spec.dueDate", "2026-05-27T17:00:00"),
			"spec.dueDate", notRFC3339),

		// RootCauseAnalysis: submission.
		Entry("submitted RCA without overview",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview = nil }),
			"spec.overview: Invalid value", "a submitted RCA needs spec.overview complete"),
		Entry("submitted RCA without lessonsLearned",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Overview.LessonsLearned = "" }),
			"spec.overview: Invalid value", "a submitted RCA needs spec.overview complete: whatHappened, containment and lessonsLearned"),
		Entry("submitted RCA without causes",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Causes = nil }),
			"spec.causes: Invalid value", "a submitted RCA needs at least one entry in spec.causes"),
		Entry("submitted RCA without responseEvaluation",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.ResponseEvaluation = nil }),
			"spec.responseEvaluation: Invalid value", "a submitted RCA needs spec.responseEvaluation complete"),
		Entry("submitted RCA without personnelCompetency",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.ResponseEvaluation.PersonnelCompetency = "" }),
			"spec.responseEvaluation: Invalid value", "a submitted RCA needs spec.responseEvaluation complete: responsePlanAdequacy, remedialActivities and personnelCompetency"),
		Entry("attackerDwellTime in words",
			withRaw(validRCA("rca"), "spec.cyberAttack.attackerDwellTime", "3 days"),
			"spec.cyberAttack.attackerDwellTime", "in body should match"),
		Entry("attackerDwellTime in days, which Go durations do not have",
			withRaw(validRCA("rca"), "spec.cyberAttack.attackerDwellTime", "3d"),
			"spec.cyberAttack.attackerDwellTime", "in body should match"),
		Entry("RCA evidence url not http(s)",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.Evidence[0].URL = "ftp://files.example.nhs.uk/inc-2026-0412.zip"
			}),
			"spec.evidence[0].url: Invalid value", urlRule),
		Entry("RCA evidence url that is a file share path",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Evidence[0].URL = `\\fileserver\ig\inc-2026-0412` }),
			"spec.evidence[0].url: Invalid value", urlRule),

		// RootCauseAnalysis: sign-off.
		Entry("signOff on a draft RCA",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = v1alpha1.RCAStateDraft }),
			"spec.signOff: Invalid value", "spec.signOff may only be given to a submitted RCA"),
		Entry("signOff on an RCA with no state (a draft)",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = "" }),
			"spec.signOff: Invalid value", "spec.signOff may only be given to a submitted RCA"),
		Entry("signOff decision not Approved or ChangesRequested",
			validRCA("rca", fixtures.SignedOff("Rejected", signedAt)),
			`spec.signOff.decision: `+unsupported+`: "Rejected"`, `"Approved", "ChangesRequested"`),
		Entry("signOff by team: with no name",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff.By = "team:" }),
			"spec.signOff.by: Invalid value", personRule),
		Entry("signOff without by",
			without(validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.by"),
			"spec.signOff.by: "+requiredMsg),
		Entry("signOff at without a zone",
			withRaw(validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at", "2026-05-29T10:00:00"),
			"spec.signOff.at", notRFC3339),

		// ImprovementAction: required fields and enums.
		Entry("action without incidentRef.name",
			without(fixtures.Action("ia", incidentName, actionDue), "spec.incidentRef.name"),
			"spec.incidentRef.name: "+requiredMsg),
		Entry("action without title",
			without(fixtures.Action("ia", incidentName, actionDue), "spec.title"),
			"spec.title: "+requiredMsg),
		Entry("action with a 201-character title",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Title = strings.Repeat("x", 201) }),
			"spec.title: Too long", "200"),
		Entry("action without area",
			without(fixtures.Action("ia", incidentName, actionDue), "spec.area"),
			"spec.area: "+requiredMsg),
		Entry("action area not one of the nine D2.b areas",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Area = "Training" }),
			`spec.area: `+unsupported+`: "Training"`, `"RolesResponsibilitiesTraining"`, `"MeasureReliability"`),
		Entry("action without priority",
			without(fixtures.Action("ia", incidentName, actionDue), "spec.priority"),
			"spec.priority: "+requiredMsg),
		Entry("action priority not Critical, High, Medium or Low",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = "Urgent" }),
			`spec.priority: `+unsupported+`: "Urgent"`, `"Critical", "High", "Medium", "Low"`),
		Entry("action without owner",
			without(fixtures.Action("ia", incidentName, actionDue), "spec.owner"),
			"spec.owner: "+requiredMsg),
		Entry("action owner team: with no name",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Owner = "team:" }),
			"spec.owner: Invalid value", personRule),
		Entry("action without dueDate",
			without(fixtures.Action("ia", incidentName, actionDue), "spec.dueDate"),
			"spec.dueDate: "+requiredMsg),
		Entry("action dueDate without a zone",
			withRaw(fixtures.Action("ia", incidentName, actionDue), "spec.dueDate", "2027-01-29T17:00:00"),
			"spec.dueDate", notRFC3339),
		Entry("action state not Open, InProgress, Done or Cancelled",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.State = "Closed" }),
			`spec.state: `+unsupported+`: "Closed"`, `"Open", "InProgress", "Done", "Cancelled"`),

		// ImprovementAction: state rules.
		Entry("action Done without completedAt",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) { a.Spec.CompletedAt = nil }),
			"spec.completedAt: Invalid value", "spec.completedAt is required when spec.state is Done"),
		Entry("action Done without evidence",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) { a.Spec.Evidence = nil }),
			"spec.evidence: Invalid value", "at least one spec.evidence item is required when spec.state is Done"),
		Entry("action Done with an empty evidence list",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) { a.Spec.Evidence = []v1alpha1.EvidenceItem{} }),
			"spec.evidence: Invalid value", "at least one spec.evidence item is required when spec.state is Done"),
		Entry("action Cancelled without cancellationReason",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.State = v1alpha1.ActionStateCancelled }),
			"spec.cancellationReason: Invalid value", "spec.cancellationReason is required when spec.state is Cancelled"),
		Entry("action evidence url without a scheme",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) {
				a.Spec.Evidence[0].URL = "servicedesk.example.nhs.uk/changes/CHG0057"
			}),
			"spec.evidence[0].url: Invalid value", urlRule),
		Entry("action evidence without a description",
			fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt), func(a *v1alpha1.ImprovementAction) { a.Spec.Evidence[0].Description = "" }),
			"spec.evidence[0].description", tooShort),
		Entry("action completedAt without a zone",
			withRaw(fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt)), "spec.completedAt", "2026-12-10T16:00:00"),
			"spec.completedAt", notRFC3339),

		// LessonsReport.
		Entry("report without period.from",
			without(fixtures.Report("lr"), "spec.period.from"),
			"spec.period.from: "+requiredMsg),
		Entry("report period.to before period.from",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = atPtr("2026-03-31T00:00:00Z") }),
			"spec.period: Invalid value", "spec.period.to must be after spec.period.from"),
		Entry("report period.to equal to period.from (an empty period)",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = atPtr("2026-04-01T00:00:00Z") }),
			"spec.period: Invalid value", "spec.period.to must be after spec.period.from"),
		Entry("report period.from without a zone",
			withRaw(fixtures.Report("lr"), "spec.period.from", "2026-04-01T00:00:00"),
			"spec.period.from", notRFC3339),
		Entry("report SIRO neither an e-mail address nor a team",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = "not-an-email" }),
			"spec.siro: Invalid value", personRule),
		Entry("report signOff decision not Approved or ChangesRequested",
			fixtures.Report("lr", fixtures.ReportSignedOff("Rejected", signedAt)),
			`spec.signOff.decision: `+unsupported+`: "Rejected"`),
	}
	refusals = append(refusals, everyRuleRefusals()...)
	refusals = append(refusals, oversizedRefusals()...)
	refusals = append(refusals, unboundedRefusals()...)
	refusals = append(refusals, agreedDeadlineRefusals()...)
	refusals = append(refusals, extensionRefusals()...)
	refusals = append(refusals, correctionRefusals()...)
	refusals = append(refusals, decisionRefusals()...)
	refusals = append(refusals, themeRefusals()...)
	refusals = append(refusals, timeRefusals()...)
	refusals = append(refusals, closureRefusals()...)
	refusals = append(refusals, learningRefusals()...)
	refusals = append(refusals, controlRefusals()...)
	refusals = append(refusals, processReviewRefusals()...)
	refusals = append(refusals, sharingRefusals()...)

	DescribeTable("are refused at apply time with a message naming the field and the rule", refuse, refusals)

	// Runs last (the container is ordered): the refusals above show every
	// rule of the CRDs at work, but for the update rules, which the update
	// specs show.
	It("show every validation rule of the CRDs at work", func() {
		if refusalsRun != len(refusals) {
			Skip(fmt.Sprintf("%d of the %d refusals ran: the rules are checked on a full run", refusalsRun, len(refusals)))
		}
		rules, err := crdRules()
		Expect(err).NotTo(HaveOccurred())
		Expect(len(rules)).To(BeNumerically(">", 100), "too few rules read from the CRDs: %v", rules)
		Expect(unshown(rules)).To(BeEmpty(), "no refusal shows these rules at work: add one to the table")
	})
})

var _ = Describe("Valid objects", func() {
	DescribeTable("are accepted",
		func(obj client.Object) {
			Expect(testenv.TryCreate(k8sClient, namespace, obj)).To(Succeed())
		},
		Entry("every incident fixture as built", fixtures.Incident("inc")),
		Entry("every draft RCA fixture as built", fixtures.RCA("rca", incidentName)),
		Entry("every submitted RCA fixture as built", validRCA("rca")),
		Entry("every action fixture as built", fixtures.Action("ia", incidentName, actionDue)),
		Entry("every report fixture as built", fixtures.Report("lr")),
		Entry("a near miss without a SIRO",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) {
				i.Spec.Type = v1alpha1.IncidentTypeNearMiss
				i.Spec.SIRO = ""
			})),
		Entry("an incident contained, resolved and reported at the moment of detection",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) {
				i.Spec.ContainedAt = i.Spec.DetectedAt.DeepCopy()
				i.Spec.ResolvedAt = i.Spec.DetectedAt.DeepCopy()
				i.Spec.SIRONotifiedAt = i.Spec.DetectedAt.DeepCopy()
			})),
		Entry("an incident with only its required fields (a near miss, not yet contained)",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) {
				i.Spec = v1alpha1.IncidentSpec{
					Title:      "Referral letter sent to the wrong GP practice, recalled unopened",
					Type:       v1alpha1.IncidentTypeNearMiss,
					Category:   v1alpha1.CategoryConfidentialityBreach,
					Severity:   v1alpha1.SeverityLow,
					DetectedAt: at("2026-06-03T14:20:00Z"),
					Owner:      "team:information-governance",
				}
			})),
		Entry("timestamps with a UTC offset and fractional seconds, compared as instants",
			withRaw(withRaw(fixtures.Incident("inc"),
				"spec.detectedAt", "2026-05-04T10:30:00.250+01:00"), // 09:30:00.25Z
				"spec.containedAt", "2026-05-04T09:35:00Z")),
		Entry("a 200-character title", fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Title = strings.Repeat("x", 200) })),
		Entry("a team with dots and dashes as owner",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Owner = "team:cyber.security-ops" })),
		Entry("an RCA with ChangesRequested from the SIRO",
			validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt))),
		Entry("an approved RCA", validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt))),
		Entry("a draft RCA with sections still missing",
			fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.State = v1alpha1.RCAStateDraft
				r.Spec.Overview = &v1alpha1.RCAOverview{WhatHappened: "Under investigation."}
			})),
		Entry("an attacker dwell time of hours and minutes",
			withRaw(validRCA("rca"), "spec.cyberAttack.attackerDwellTime", "36h30m")),
		Entry("evidence with a description and no url",
			validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.Evidence = []v1alpha1.EvidenceItem{{Description: "Breach report submitted through the DSPT"}}
			})),
		Entry("an action done with completedAt and evidence", fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt))),
		Entry("an action cancelled with a reason",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) {
				a.Spec.State = v1alpha1.ActionStateCancelled
				a.Spec.CancellationReason = "Superseded by the trust-wide conditional access programme."
			})),
		Entry("an open-ended report (no period.to)",
			fixtures.Report("lr", func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil })),
		Entry("a report with a label selector and an approved sign-off",
			fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.LessonsReport) {
				r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"lessons.dspt.io/service": "community"}}
			})),
	)
})
