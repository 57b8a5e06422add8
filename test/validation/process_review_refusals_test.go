package validation_test

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Messages of the rules of a process review and of the actions it raises,
// as users read them.
const (
	exactlyOneRefRule = "exactly one of spec.incidentRef and spec.processReviewRef is required"
	refsImmutableRule = "spec.incidentRef and spec.processReviewRef are immutable"
	reviewRefRule     = "spec.processReviewRef is immutable"
	reviewNameRule    = "must be the name of a ProcessReview"
	tooFewParticipant = "spec.participants in body should have at least 1 items"
	countAtLeastOne   = "in body should be greater than or equal to 1"
	countAtMost       = "in body should be less than or equal to 10000"
)

// reviewName is the process review the review's actions name. No manager
// runs, so it need not exist.
const reviewName = "annual-process-review-2026"

// processReview is a held annual process review with every field filled
// in: user representatives among its participants, a workaround found, an
// incident reviewed and its minutes linked.
func processReview(name string, opts ...fixtures.Option[v1alpha1.ProcessReview]) *v1alpha1.ProcessReview {
	r := &v1alpha1.ProcessReview{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v1alpha1.ProcessReviewSpec{
			HeldAt:    at("2026-11-18T10:00:00Z"),
			Title:     "Annual data security process workshop 2026/27",
			Processes: "Patient record access requests; starters, movers and leavers; remote access.",
			Chair:     "ig.lead@example.nhs.uk",
			Participants: []v1alpha1.Participants{
				{Group: v1alpha1.GroupStaff, Role: "Ward clerks from the admissions unit", Count: 6},
				{Group: v1alpha1.GroupUserRepresentative, Role: "Patient panel members", Count: 2},
				{Group: v1alpha1.GroupInformationGovernance, Count: 1},
			},
			Workarounds:       []v1alpha1.Workaround{"Shared log-ins on the ward PC when the smartcard reader fails."},
			Findings:          "The leavers process misses agency staff; the smartcard readers fail often enough to force shared log-ins.",
			IncidentsReviewed: []v1alpha1.IncidentName{incidentName},
			Links:             []v1alpha1.Link{{Name: "Workshop minutes", URL: "https://intranet.example.nhs.uk/ig/workshop-2026-minutes"}},
		},
	}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

// reviewAction is the fixtures' action raised by the process review
// instead of by an incident.
func reviewAction(name string, opts ...fixtures.Option[v1alpha1.ImprovementAction]) *v1alpha1.ImprovementAction {
	return fixtures.Action(name, "", actionDue, append([]fixtures.Option[v1alpha1.ImprovementAction]{raisedBy(reviewName)}, opts...)...)
}

// raisedBy makes an action one raised by the named process review, and by
// no incident.
func raisedBy(review string) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) {
		a.Spec.IncidentRef = v1alpha1.IncidentReference{}
		a.Spec.ProcessReviewRef = v1alpha1.ProcessReviewReference{Name: review}
	}
}

// participants is a list of n participant groups.
func participants(n int) []v1alpha1.Participants {
	out := make([]v1alpha1.Participants, n)
	for i := range out {
		out[i] = v1alpha1.Participants{Group: v1alpha1.GroupStaff, Count: 1}
	}
	return out
}

// processReviewRefusals break, one at a time, the rules of a process
// review and of an action's reference to one.
func processReviewRefusals() []TableEntry {
	prv := func(opts ...fixtures.Option[v1alpha1.ProcessReview]) *v1alpha1.ProcessReview {
		return processReview("prv", opts...)
	}
	return []TableEntry{
		// Required fields.
		Entry("process review without spec",
			without(prv(), "spec"),
			"spec: "+requiredMsg),
		Entry("process review without heldAt",
			without(prv(), "spec.heldAt"),
			"spec.heldAt: "+requiredMsg),
		Entry("process review without title",
			without(prv(), "spec.title"),
			"spec.title: "+requiredMsg),
		Entry("process review with an empty title",
			withRaw(prv(), "spec.title", ""),
			"spec.title", tooShort),
		Entry("process review with a 201-character title",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Title = v1alpha1.Line(chars(201)) }),
			"spec.title: "+tooLong, "200"),

		// Participants: Standard 5 asks who took part.
		Entry("process review without participants",
			without(prv(), "spec.participants"),
			"spec.participants: "+requiredMsg),
		Entry("process review with an empty list of participants",
			withRaw(prv(), "spec.participants", []any{}),
			"spec.participants: Invalid value", tooFewParticipant),
		Entry("process review with 51 participant groups",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Participants = participants(51) }),
			"spec.participants: "+tooMany, "must have at most 50 items"),
		Entry("participants without a group",
			without(prv(), "spec.participants.1.group"),
			"spec.participants[1].group: "+requiredMsg),
		Entry("participants of a group the review does not know",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Participants[1].Group = "Patients" }),
			`spec.participants[1].group: `+unsupported+`: "Patients"`,
			`"Staff", "UserRepresentative", "InformationGovernance", "CyberSecurity", "Clinical", "Management", "Board", "Supplier"`),
		Entry("participants without a count",
			without(prv(), "spec.participants.0.count"),
			"spec.participants[0].count: "+requiredMsg),
		Entry("participants counted as zero",
			withRaw(prv(), "spec.participants.0.count", int64(0)),
			"spec.participants[0].count: Invalid value", countAtLeastOne),
		Entry("participants counted as a negative number",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Participants[0].Count = -3 }),
			"spec.participants[0].count: Invalid value", countAtLeastOne),
		Entry("participants counted beyond 10000",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Participants[0].Count = 10001 }),
			"spec.participants[0].count: Invalid value", countAtMost),
		Entry("participants' role of 201 characters",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Participants[0].Role = v1alpha1.Line(chars(201)) }),
			"spec.participants[0].role: "+tooLong, "200"),

		// heldAt.
		Entry("process review held in the year 3000",
			withRaw(prv(), "spec.heldAt", "3000-01-01T00:00:00Z"),
			"spec.heldAt: Invalid value", outOfYears),
		Entry("process review heldAt as a bare date",
			withRaw(prv(), "spec.heldAt", "2026-11-18"),
			"spec.heldAt", notRFC3339),
		Entry("process review heldAt on the 31st of November",
			withRaw(prv(), "spec.heldAt", "2026-11-31T10:00:00Z"),
			"spec.heldAt", notDateTime),
		Entry("process review heldAt of 65 characters",
			withRaw(prv(), "spec.heldAt", "2026-11-18T10:00:00."+strings.Repeat("0", 44)+"Z"),
			"spec.heldAt: "+tooLong, "64"),

		// The chair.
		Entry("process review chaired by nobody",
			withRaw(prv(), "spec.chair", ""),
			"spec.chair", tooShort),
		Entry("process review chaired by neither an e-mail address nor a team",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Chair = "the IG lead" }),
			"spec.chair: Invalid value", personRule),
		Entry("process review chair of 255 characters",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Chair = address(255) }),
			"spec.chair: "+tooLong, "254"),

		// Texts and lists.
		Entry("process review processes of 4097 characters",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Processes = v1alpha1.Text(chars(4097)) }),
			"spec.processes: "+tooLong, "4096"),
		Entry("process review findings of 16385 characters",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Findings = v1alpha1.Text(chars(16385)) }),
			"spec.findings: "+tooLong, "16384"),
		Entry("process review with an empty workaround",
			withRaw(prv(), "spec.workarounds", []any{""}),
			"spec.workarounds[0]", tooShort),
		Entry("process review workaround of 2049 characters",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Workarounds[0] = v1alpha1.Workaround(chars(2049)) }),
			"spec.workarounds[0]: "+tooLong, "2048"),
		Entry("process review with 51 workarounds",
			prv(func(r *v1alpha1.ProcessReview) {
				for len(r.Spec.Workarounds) < 51 {
					r.Spec.Workarounds = append(r.Spec.Workarounds, v1alpha1.Workaround(fmt.Sprintf("Workaround %d", len(r.Spec.Workarounds))))
				}
			}),
			"spec.workarounds: "+tooMany, "must have at most 50 items"),

		// Incidents reviewed.
		Entry("process review naming an incident that cannot be an object name",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.IncidentsReviewed = []v1alpha1.IncidentName{"Phishing_2026"} }),
			"spec.incidentsReviewed[0]: Invalid value", incidentNameRule),
		Entry("process review naming an incident with an empty name",
			withRaw(prv(), "spec.incidentsReviewed", []any{""}),
			"spec.incidentsReviewed[0]", tooShort),
		Entry("process review naming an incident of 254 characters",
			prv(func(r *v1alpha1.ProcessReview) {
				r.Spec.IncidentsReviewed = []v1alpha1.IncidentName{v1alpha1.IncidentName(strings.Repeat("a", 254))}
			}),
			"spec.incidentsReviewed[0]: "+tooLong, "253"),
		Entry("process review naming 101 incidents",
			prv(func(r *v1alpha1.ProcessReview) {
				r.Spec.IncidentsReviewed = nil
				for i := range 101 {
					r.Spec.IncidentsReviewed = append(r.Spec.IncidentsReviewed, v1alpha1.IncidentName(fmt.Sprintf("incident-%d", i)))
				}
			}),
			"spec.incidentsReviewed: "+tooMany, "must have at most 100 items"),

		// Links.
		Entry("process review link without a name",
			without(prv(), "spec.links.0.name"),
			"spec.links[0].name: "+requiredMsg),
		Entry("process review link with an empty name",
			withRaw(prv(), "spec.links.0.name", ""),
			"spec.links[0].name", tooShort),
		Entry("process review link name of 129 characters",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Links[0].Name = v1alpha1.Line(chars(129)) }),
			"spec.links[0].name: "+tooLong, "128"),
		Entry("process review link without a url",
			without(prv(), "spec.links.0.url"),
			"spec.links[0].url: "+requiredMsg),
		Entry("process review link url that is a file share path",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Links[0].URL = `\\fileserver\ig\workshop-2026` }),
			"spec.links[0].url: Invalid value", urlRule),
		Entry("process review link url of 2049 characters",
			prv(func(r *v1alpha1.ProcessReview) { r.Spec.Links[0].URL = v1alpha1.Line(longURL(2049)) }),
			"spec.links[0].url: "+tooLong, "2048"),
		Entry("process review with 11 links",
			prv(func(r *v1alpha1.ProcessReview) {
				for len(r.Spec.Links) < 11 {
					r.Spec.Links = append(r.Spec.Links, r.Spec.Links[0])
				}
			}),
			"spec.links: "+tooMany, "must have at most 10 items"),

		// An action raised by a review, or by an incident: never both or
		// neither.
		Entry("action with neither incidentRef nor processReviewRef",
			without(fixtures.Action("ia", incidentName, actionDue), "spec.incidentRef"),
			"spec: Invalid value", exactlyOneRefRule),
		Entry("action with both incidentRef and processReviewRef",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) {
				a.Spec.ProcessReviewRef = v1alpha1.ProcessReviewReference{Name: reviewName}
			}),
			"spec: Invalid value", exactlyOneRefRule),
		Entry("action with an empty incidentRef.name",
			withRaw(fixtures.Action("ia", incidentName, actionDue), "spec.incidentRef.name", ""),
			"spec.incidentRef.name", tooShort),
		Entry("action without processReviewRef.name",
			without(reviewAction("ia"), "spec.processReviewRef.name"),
			"spec.processReviewRef.name: "+requiredMsg),
		Entry("action with an empty processReviewRef.name",
			withRaw(reviewAction("ia"), "spec.processReviewRef.name", ""),
			"spec.processReviewRef.name", tooShort),
		Entry("action processReviewRef.name of 254 characters",
			reviewAction("ia", raisedBy(strings.Repeat("a", 254))),
			"spec.processReviewRef.name: "+tooLong, "253"),
		Entry("action processReviewRef.name that cannot be an object name",
			reviewAction("ia", raisedBy("Annual_Review")),
			"spec.processReviewRef.name: Invalid value", reviewNameRule),
	}
}

var _ = Describe("A process review", func() {
	DescribeTable("is accepted",
		func(obj *v1alpha1.ProcessReview) {
			Expect(testenv.TryCreate(k8sClient, namespace, obj)).To(Succeed())
		},
		Entry("with every field filled in", processReview("prv")),
		Entry("with only its required fields, planned for next year",
			processReview("prv", func(r *v1alpha1.ProcessReview) {
				r.Spec = v1alpha1.ProcessReviewSpec{
					HeldAt:       at("2027-11-17T10:00:00Z"),
					Title:        "Annual data security process workshop 2027/28",
					Participants: []v1alpha1.Participants{{Group: v1alpha1.GroupStaff, Count: 1}},
				}
			})),
		Entry("with every group taking part, at the bounds of its count and list",
			processReview("prv", func(r *v1alpha1.ProcessReview) {
				r.Spec.Participants = participants(50)
				for i, g := range v1alpha1.ParticipantGroups {
					r.Spec.Participants[i].Group = g
				}
				r.Spec.Participants[0].Count = 10000
			})),
		Entry("held in the first second of 1900 and chaired by a team",
			processReview("prv", func(r *v1alpha1.ProcessReview) {
				r.Spec.HeldAt = at("1900-01-01T00:00:00Z")
				r.Spec.Chair = "team:information-governance"
			})),
	)

	It("raises an action that names it and no incident", func() {
		Expect(testenv.TryCreate(k8sClient, namespace, reviewAction("ia"))).To(Succeed())
	})
})

var _ = Describe("An action's reference to its incident or process review", func() {
	It("keeps an action raised by a process review with that review for life", func() {
		action := reviewAction("review-action")
		createIn(action)
		Expect(update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.State = v1alpha1.ActionStateInProgress })).To(Succeed())

		err := update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.ProcessReviewRef.Name = "another-review" })
		expectRefused(err, "spec.processReviewRef: Invalid value", reviewRefRule)
	})

	It("refuses an incident added to an action raised by a process review", func() {
		action := reviewAction("review-action")
		createIn(action)
		err := update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.IncidentRef.Name = incidentName })
		expectRefused(err, "spec: Invalid value", refsImmutableRule, exactlyOneRefRule)
	})

	It("refuses a process review added to an action of an incident", func() {
		action := fixtures.Action("incident-action", incidentName, actionDue)
		createIn(action)
		err := update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.ProcessReviewRef.Name = reviewName })
		expectRefused(err, "spec: Invalid value", refsImmutableRule, exactlyOneRefRule)
	})

	It("refuses an action moved from its incident to a process review", func() {
		action := fixtures.Action("incident-action", incidentName, actionDue)
		createIn(action)
		err := update(action, raisedBy(reviewName))
		expectRefused(err, "spec: Invalid value", refsImmutableRule)
	})

	It("refuses an action moved from its process review to an incident", func() {
		action := reviewAction("review-action")
		createIn(action)
		err := update(action, func(a *v1alpha1.ImprovementAction) {
			a.Spec.ProcessReviewRef = v1alpha1.ProcessReviewReference{}
			a.Spec.IncidentRef.Name = incidentName
		})
		expectRefused(err, "spec: Invalid value", refsImmutableRule)
	})

	It("refuses the removal of an action's process review", func() {
		action := reviewAction("review-action")
		createIn(action)
		err := update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.ProcessReviewRef = v1alpha1.ProcessReviewReference{} })
		expectRefused(err, "spec: Invalid value", refsImmutableRule, exactlyOneRefRule)
	})

	It("refuses the removal of an action's incident", func() {
		action := fixtures.Action("incident-action", incidentName, actionDue)
		createIn(action)
		err := update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.IncidentRef = v1alpha1.IncidentReference{} })
		expectRefused(err, "spec: Invalid value", refsImmutableRule, exactlyOneRefRule)
	})
})
