package validation_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// sharedWithAppended is the message of the append-only rule of sharedWith.
const sharedWithAppended = "spec.sharedWith is append-only: a record of sharing cannot be changed or removed"

// share is a record of sharing with audience, changed by mutate.
func share(audience v1alpha1.Audience, mutate ...func(*v1alpha1.LearningShare)) v1alpha1.LearningShare {
	s := v1alpha1.LearningShare{Audience: audience, At: at("2026-06-01T09:00:00Z"), By: "team:patient-safety", How: "Staff learning bulletin"}
	for _, m := range mutate {
		m(&s)
	}
	return s
}

// sharedRCA is an analysis with the given records of sharing.
func sharedRCA(shares ...v1alpha1.LearningShare) *v1alpha1.RootCauseAnalysis {
	return fixtures.RCA("rca", incidentName, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SharedWith = shares })
}

var _ = Describe("Sharing on record", func() {
	It("grows after approval, and never changes or loses an entry", func() {
		rca := validRCA("shared-rca")
		createIn(rca)
		Expect(update(rca, fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt))).To(Succeed())

		By("appending to an approved analysis")
		Expect(update(rca, fixtures.SharedWith(v1alpha1.AudienceStaff, signedAt))).To(Succeed())
		Expect(update(rca, fixtures.SharedWith(v1alpha1.AudienceReporter, signedAt))).To(Succeed())
		Expect(update(rca, fixtures.SharedWith(v1alpha1.AudienceICB, signedAt))).To(Succeed())

		By("the approval still guards everything else")
		expectRefused(update(rca, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Overview.LessonsLearned = "Rewritten after approval"
			r.Spec.SharedWith = append(r.Spec.SharedWith, share(v1alpha1.AudienceBoard))
		}), approvedRCARule)

		for what, mutate := range map[string]func(*v1alpha1.RootCauseAnalysis){
			"an audience rewritten": func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SharedWith[0].Audience = v1alpha1.AudienceTeam },
			"a time rewritten":      func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SharedWith[1].At = at("2026-01-01T00:00:00Z") },
			"the last one removed":  func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SharedWith = r.Spec.SharedWith[:2] },
			"every record erased":   func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SharedWith = nil },
			"an entry slipped first": func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.SharedWith = append([]v1alpha1.LearningShare{share(v1alpha1.AudienceBoard)}, r.Spec.SharedWith...)
			},
		} {
			By(what)
			expectRefused(update(rca, mutate), sharedWithAppended)
		}
	})
})

// sharingRefusals: what the rules of one record of sharing refuse.
func sharingRefusals() []TableEntry {
	many := make([]v1alpha1.LearningShare, 51)
	for i := range many {
		many[i] = share(v1alpha1.AudienceStaff)
	}
	link := v1alpha1.Link{Name: "Bulletin", URL: "https://intranet.example.nhs.uk/learning/42"}
	return []TableEntry{
		Entry("sharing with an unknown audience",
			sharedRCA(share("Press")),
			"spec.sharedWith[0].audience: "+unsupported+`: "Press"`),
		Entry("sharing before 1900",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.At = at("1899-12-31T23:59:59Z") })),
			"spec.sharedWith[0].at", "must be a time in the years 1900 to 2999"),
		Entry("sharing in the year 3000",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.At = at("3000-01-01T00:00:00Z") })),
			"spec.sharedWith[0].at", "must be a time in the years 1900 to 2999"),
		Entry("sharing at a time without a zone",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff)), "spec.sharedWith.0.at", "2026-06-01T09:00:00"),
			"spec.sharedWith[0].at", notRFC3339),
		Entry("sharing at a time that is no date",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff)), "spec.sharedWith.0.at", "2027-02-30T17:00:00Z"),
			"spec.sharedWith[0].at", notDateTime),
		Entry("sharing at a time of 65 characters",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff)), "spec.sharedWith.0.at", "2027-01-29T17:00:00."+chars(44)+"Z"),
			"spec.sharedWith[0].at: "+tooLong),
		Entry("a record of sharing without audience, at or by",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff)), "spec.sharedWith", []any{map[string]any{}}),
			"spec.sharedWith[0].audience: "+requiredMsg, "spec.sharedWith[0].at: "+requiredMsg, "spec.sharedWith[0].by: "+requiredMsg),
		Entry("51 records of sharing", sharedRCA(many...),
			"spec.sharedWith: "+tooMany, "must have at most 50 items"),
		Entry("sharing by someone neither an address nor a team",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.By = "the ward" })),
			"spec.sharedWith[0].by: Invalid value", personRule),
		Entry("sharing by nobody",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff)), "spec.sharedWith.0.by", ""),
			"spec.sharedWith[0].by", tooShort),
		Entry("a link to what was shared with an empty name",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.Links = []v1alpha1.Link{link} })), "spec.sharedWith.0.links.0.name", ""),
			"spec.sharedWith[0].links[0].name", tooShort),
		Entry("sharing by an address of 255 characters",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.By = address(255) })),
			"spec.sharedWith[0].by: "+tooLong),
		Entry("sharing by someone written with a control character",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.By = "team:ward\x1b[2J" })),
			"spec.sharedWith[0].by", "no control characters"),
		Entry("sharing how, in too many words",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.How = chars(1025) })),
			"spec.sharedWith[0].how: "+tooLong),
		Entry("sharing how, empty",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff)), "spec.sharedWith.0.how", ""),
			"spec.sharedWith[0].how", tooShort),
		Entry("sharing how, with a control character",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.How = "bulletin\x1b[2J" })),
			"spec.sharedWith[0].how", "no control characters"),
		Entry("three links to what was shared",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.Links = []v1alpha1.Link{link, link, link} })),
			"spec.sharedWith[0].links: "+tooMany, "must have at most 2 items"),
		Entry("a link to what was shared that is no URL",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) { s.Links = []v1alpha1.Link{{Name: "Bulletin", URL: "intranet"}} })),
			"spec.sharedWith[0].links[0].url", "must be an http(s) URL"),
		Entry("a link to what was shared without a name or a URL",
			withRaw(sharedRCA(share(v1alpha1.AudienceStaff)), "spec.sharedWith.0.links", []any{map[string]any{}}),
			"spec.sharedWith[0].links[0].name: "+requiredMsg, "spec.sharedWith[0].links[0].url: "+requiredMsg),
		Entry("a link to what was shared, too long in name and URL",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) {
				s.Links = []v1alpha1.Link{{Name: chars(129), URL: longURL(2049)}}
			})),
			"spec.sharedWith[0].links[0].name: "+tooLong, "spec.sharedWith[0].links[0].url: "+tooLong),
		Entry("a link to what was shared, with control characters",
			sharedRCA(share(v1alpha1.AudienceStaff, func(s *v1alpha1.LearningShare) {
				s.Links = []v1alpha1.Link{{Name: "Bulletin\x1b[2J", URL: "https://intranet.example.nhs.uk/\x1b[2J"}}
			})),
			"spec.sharedWith[0].links[0].name", "spec.sharedWith[0].links[0].url", "no control characters"),
	}
}
