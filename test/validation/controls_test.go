package validation_test

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Messages of the rules of Line and Text, as users read them.
const (
	lineRule = "must be a single line of printable text: no control characters (ESC, CR, LF, TAB, ...)"
	textRule = "must be printable text: line breaks (LF) and tabs are allowed, but no other control characters (ESC, CR, NUL, ...)"
)

// control is a control character, by name.
type control struct{ name, char string }

// lineControls are what a Line refuses, among them what a screen is forged
// with; textControls are what a Text refuses too.
var (
	lineControls = []control{{"ESC", "\x1b"}, {"CR", "\r"}, {"LF", "\n"}, {"TAB", "\t"}, {"NUL", "\x00"}, {"DEL", "\x7f"}, {"the C1 control CSI", "\u009b"}}
	textControls = []control{{"ESC", "\x1b"}, {"CR", "\r"}, {"NUL", "\x00"}, {"DEL", "\x7f"}, {"BEL", "\a"}, {"the C1 control NEL", "\u0085"}}
)

// textKind is what a text field holds, and so how a valid value of it is
// written around a control character.
type textKind int

const (
	line textKind = iota
	text
	person
	url
)

// value is a valid value of the kind with c in it.
func (k textKind) value(c string) string {
	switch k {
	case person:
		return "ig.lead" + c + "@example.nhs.uk"
	case url:
		return "https://servicedesk.example.nhs.uk/changes/" + c + "CHG0042"
	}
	return "Phishing" + c + "e-mail"
}

// rule is the message of the rule that refuses a control character in
// the kind.
func (k textKind) rule() string {
	if k == text {
		return textRule
	}
	return lineRule
}

// textField is a text of an object: the object, the field's dotted path in
// it, and what it holds.
type textField struct {
	obj  func() client.Object
	path string
	kind textKind
}

// textFields are every text of every kind that a user writes.
func textFields() []textField {
	incident := func() client.Object { return fixtures.Incident("inc") }
	reported := func() client.Object {
		return fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(24*time.Hour)))
	}
	corrected := func() client.Object {
		return fixtures.Incident("inc", fixtures.Corrected(v1alpha1.FactSeverity, "High", "Medium", func(i *v1alpha1.Incident) {
			i.Spec.Severity = v1alpha1.SeverityMedium
		}))
	}
	rca := func() client.Object {
		return validRCA("rca", fixtures.RCAExtended(fixtures.T0.Add(40*24*time.Hour), fixtures.T0.Add(10*24*time.Hour)))
	}
	signed := func() client.Object {
		return validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffChangesRequested, signedAt))
	}
	action := func() client.Object {
		return fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt),
			fixtures.Extended(actionDue.AddDate(0, 1, 0), completedAt),
			fixtures.Linked(v1alpha1.Link{Name: "JIRA SEC-1234", URL: "https://jira.example.nhs.uk/browse/SEC-1234"}),
			fixtures.ActionCorrected(v1alpha1.FactPriority, "High", "Low", func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = v1alpha1.PriorityLow }))
	}
	report := func() client.Object {
		return fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffChangesRequested, signedAt))
	}
	review := func() client.Object { return processReview("prv") }
	return []textField{
		{incident, "spec.title", line}, {incident, "spec.summary", text}, {incident, "spec.owner", person}, {incident, "spec.siro", person},
		{incident, "spec.externalReportDecision.reason", line}, {incident, "spec.externalReportDecision.decidedBy", person},
		{reported, "spec.externalReports.0.reference", line},
		{corrected, "spec.corrections.0.from", line}, {corrected, "spec.corrections.0.to", line},
		{corrected, "spec.corrections.0.reason", line}, {corrected, "spec.corrections.0.by", person},

		{rca, "spec.lead", person}, {rca, "spec.overview.whatHappened", text}, {rca, "spec.overview.containment", text},
		{rca, "spec.overview.lessonsLearned", text}, {rca, "spec.causes.1.description", text}, {rca, "spec.organisationalFactors", text},
		{rca, "spec.noActionsReason", line}, {rca, "spec.responseEvaluation.responsePlanAdequacy", text},
		{rca, "spec.responseEvaluation.remedialActivities", text}, {rca, "spec.responseEvaluation.personnelCompetency", text},
		{rca, "spec.cyberAttack.exploitedWeaknesses.0", text}, {rca, "spec.cyberAttack.detectionEfficacy", text},
		{rca, "spec.cyberAttack.resilienceEnhancements.0", text}, {rca, "spec.investigation.chainOfCustody.notes", text},
		{rca, "spec.evidence.0.description", text}, {rca, "spec.evidence.0.url", url},
		{rca, "spec.extensions.0.reason", line}, {rca, "spec.extensions.0.agreedBy", person},
		{signed, "spec.signOff.by", person}, {signed, "spec.signOff.comment", text}, {signed, "spec.signOff.assessment", text},

		{action, "spec.title", line}, {action, "spec.description", text}, {action, "spec.owner", person},
		{action, "spec.evidence.0.description", text}, {action, "spec.evidence.0.url", url}, {action, "spec.cancellationReason", line},
		{action, "spec.extensions.0.reason", line}, {action, "spec.extensions.0.agreedBy", person},
		{action, "spec.links.0.name", line}, {action, "spec.links.0.url", url},
		{action, "spec.corrections.0.from", line}, {action, "spec.corrections.0.to", line},
		{action, "spec.corrections.0.reason", line}, {action, "spec.corrections.0.by", person},

		{report, "spec.siro", person}, {report, "spec.signOff.by", person}, {report, "spec.signOff.comment", text},
		{report, "spec.signOff.assessment", text},

		{review, "spec.title", line}, {review, "spec.processes", text}, {review, "spec.chair", person},
		{review, "spec.participants.0.role", line}, {review, "spec.workarounds.0", text}, {review, "spec.findings", text},
		{review, "spec.links.0.name", line}, {review, "spec.links.0.url", url},
	}
}

// withText is withRaw for a text, which may be the first item of a list of
// texts (spec.cyberAttack.exploitedWeaknesses.0): the list is then that
// one text.
func withText(obj client.Object, path, value string) *unstructured.Unstructured {
	if list, ok := strings.CutSuffix(path, ".0"); ok {
		return withRaw(obj, list, []any{value})
	}
	return withRaw(obj, path, value)
}

// controlRefusals put a control character in every text of every kind,
// each in turn, and every control character a screen is forged with in a
// person and a title: each is refused, naming the field.
func controlRefusals() []TableEntry {
	var entries []TableEntry
	refusal := func(obj client.Object, path string, k textKind, c control) TableEntry {
		gvk, err := apiutil.GVKForObject(obj, testenv.Scheme)
		if err != nil {
			panic(err)
		}
		return Entry(fmt.Sprintf("%s %s with %s", gvk.Kind, path, c.name),
			withText(obj, path, k.value(c.char)), fieldPath(path)+": Invalid value", k.rule())
	}
	for i, f := range textFields() {
		controls := lineControls
		if f.kind == text {
			controls = textControls
		}
		entries = append(entries, refusal(f.obj(), f.path, f.kind, controls[i%len(controls)]))
	}
	for _, c := range lineControls {
		entries = append(entries,
			refusal(fixtures.Incident("inc"), "spec.owner", person, c),
			refusal(fixtures.Incident("inc"), "spec.title", line, c),
			refusal(fixtures.Action("ia", incidentName, actionDue), "spec.owner", person, c),
			refusal(validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.by", person, c))
	}
	return entries
}

var _ = Describe("Texts of several lines", func() {
	DescribeTable("are accepted where a Text allows them, as is any script",
		func(obj client.Object) {
			Expect(testenv.TryCreate(k8sClient, namespace, obj)).To(Succeed())
		},
		Entry("an incident summary of several lines, with a tab",
			withRaw(fixtures.Incident("inc"), "spec.summary", "What happened:\n\tA phishing e-mail.\n\nWhat next:\n\tMFA.\n")),
		Entry("an analysis's lessons learned of several lines",
			withRaw(validRCA("rca"), "spec.overview.lessonsLearned", "Password-only remote access is not acceptable.\nReview remote access with every change of working pattern.")),
		Entry("a title in any script, with symbols",
			withRaw(fixtures.Incident("inc"), "spec.title", "Zoë's letter to 東京 — £5 lost, مرحبا 👩‍⚕️")),
	)
})
