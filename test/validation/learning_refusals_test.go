package validation_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// withNamespaceSelector is an organisation-wide report.
func withNamespaceSelector(sel *metav1.LabelSelector) *v1alpha1.LessonsReport {
	return fixtures.Report("lr", func(r *v1alpha1.LessonsReport) { r.Spec.NamespaceSelector = sel })
}

// learningRefusals: what the rules of learning across incidents refuse:
// when an incident began, who it was reported to, which incidents it is
// related to, and which namespaces a report rolls up.
func learningRefusals() []TableEntry {
	labels := map[string]string{}
	for i := range 33 {
		labels["lessons.dspt.io/l"+strings.Repeat("x", i)] = "y"
	}
	expressions := make([]metav1.LabelSelectorRequirement, 17)
	for i := range expressions {
		expressions[i] = metav1.LabelSelectorRequirement{Key: "team", Operator: metav1.LabelSelectorOpExists}
	}
	related := make([]string, 21)
	for i := range related {
		related[i] = "incident-" + strings.Repeat("x", i+1)
	}
	reported := fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(time.Hour)))
	began := fixtures.Incident("inc", fixtures.OccurredAt(fixtures.T0.Add(-time.Hour)))
	exists := withNamespaceSelector(&metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: metav1.LabelSelectorOpExists}}})
	longTime := "2026-05-12T08:40:00." + strings.Repeat("0", 45) + "Z"
	return []TableEntry{
		Entry("occurredAt on the 30th of February",
			withRaw(began, "spec.occurredAt", "2026-02-30T08:40:00Z"), "spec.occurredAt", notDateTime),
		Entry("an external report made in month 13",
			withRaw(reported, "spec.externalReports.0.reportedAt", "2026-13-12T14:15:00Z"), "spec.externalReports[0].reportedAt", notDateTime),
		Entry("occurredAt of 65 characters",
			withRaw(began, "spec.occurredAt", longTime), "spec.occurredAt: "+tooLong, "64"),
		Entry("an external report's time of 65 characters",
			withRaw(reported, "spec.externalReports.0.reportedAt", longTime), "spec.externalReports[0].reportedAt: "+tooLong, "64"),
		Entry("a namespace selector expression without its key",
			without(exists, "spec.namespaceSelector.matchExpressions.0.key"),
			"spec.namespaceSelector.matchExpressions[0].key: "+requiredMsg),
		Entry("a namespace selector expression without its operator",
			without(exists, "spec.namespaceSelector.matchExpressions.0.operator"),
			"spec.namespaceSelector.matchExpressions[0].operator: "+requiredMsg),
		Entry("an RCA sign-off with an assessment of 16,385 characters",
			validRCA("rca", fixtures.Submitted(), fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.SignOff.Assessment = strings.Repeat("x", 16385)
			}),
			"spec.signOff.assessment: "+tooLong, "16384"),
		Entry("an incident that began after it was detected",
			fixtures.Incident("inc", fixtures.OccurredAt(fixtures.T0.Add(time.Minute))),
			"spec.occurredAt", "spec.occurredAt must not be after spec.detectedAt"),
		Entry("an external report made before the incident was detected",
			fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(-time.Hour))),
			"spec.externalReports", "spec.externalReports[].reportedAt must not be before spec.detectedAt"),
		Entry("an external report to an authority not listed",
			fixtures.Incident("inc", fixtures.ExternallyReported("Regulator", fixtures.T0.Add(time.Hour))),
			`spec.externalReports[0].authority: `+unsupported, `"ICO", "NHSEngland", "DHSC", "NCSC", "Police", "Other"`),
		Entry("an external report without its time",
			without(fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(time.Hour))), "spec.externalReports.0.reportedAt"),
			"spec.externalReports[0].reportedAt: "+requiredMsg),
		Entry("an external report without its authority",
			without(fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(time.Hour))), "spec.externalReports.0.authority"),
			"spec.externalReports[0].authority: "+requiredMsg),
		Entry("an external report reference of 129 characters",
			fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(time.Hour)), func(i *v1alpha1.Incident) {
				i.Spec.ExternalReports[0].Reference = strings.Repeat("x", 129)
			}),
			"spec.externalReports[0].reference: "+tooLong, "128"),
		Entry("eleven external reports",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) {
				for range 11 {
					fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(time.Hour))(i)
				}
			}),
			"spec.externalReports: "+tooMany, "must have at most 10 items"),
		Entry("an incident related to 21 others",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.RelatedIncidents = related }),
			"spec.relatedIncidents: "+tooMany, "must have at most 20 items"),
		Entry("a related incident with an empty name",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.RelatedIncidents = []string{""} }),
			"spec.relatedIncidents[0]", "should be at least 1 chars long"),
		Entry("a related incident named in capitals",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.RelatedIncidents = []string{"Phishing_March"} }),
			"spec.relatedIncidents[0]", "should match"),
		Entry("a related incident named in 254 characters",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.RelatedIncidents = []string{strings.Repeat("x", 254)} }),
			"spec.relatedIncidents[0]: "+tooLong, "253"),
		Entry("a related incident named twice",
			fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.RelatedIncidents = []string{"phishing-march", "phishing-march"} }),
			"spec.relatedIncidents[1]: Duplicate value"),
		Entry("a namespace selector of 33 labels",
			withNamespaceSelector(&metav1.LabelSelector{MatchLabels: labels}),
			"spec.namespaceSelector", "spec.namespaceSelector.matchLabels may hold at most 32 labels"),
		Entry("a namespace selector of 17 expressions",
			withNamespaceSelector(&metav1.LabelSelector{MatchExpressions: expressions}),
			"spec.namespaceSelector", "spec.namespaceSelector.matchExpressions may hold at most 16 expressions"),
		Entry("a namespace selector with an operator of its own",
			withNamespaceSelector(&metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Gt", Values: []string{"1"}}}}),
			"spec.namespaceSelector", "spec.namespaceSelector.matchExpressions[].operator must be In, NotIn, Exists or DoesNotExist"),
		Entry("an RCA sign-off with an assessment, which is a report's",
			validRCA("rca", fixtures.Submitted(), fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.SignOff.Assessment = "Phishing keeps coming back."
			}),
			"spec.signOff", "spec.signOff.assessment belongs to a LessonsReport's sign-off"),
		Entry("a report assessment of 16,385 characters",
			fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt), func(r *v1alpha1.LessonsReport) {
				r.Spec.SignOff.Assessment = strings.Repeat("x", 16385)
			}),
			"spec.signOff.assessment: "+tooLong, "16384"),
	}
}
