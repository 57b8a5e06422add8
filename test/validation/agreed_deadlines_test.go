package validation_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Messages of the agreed-deadline rules, as users read them.
const (
	dueDateRule        = "spec.dueDate is the deadline first agreed and cannot change: agree a later deadline by appending an entry to spec.extensions"
	rcaDueDateKept     = "spec.dueDate is the deadline first agreed and cannot be removed: agree a later deadline by appending an entry to spec.extensions"
	appendOnlyRule     = "spec.extensions is append-only: agreed extensions cannot be changed or removed"
	chronologicalRule  = "each spec.extensions[].dueDate must be later than the deadline it replaces"
	extensionAgreedBy  = "team:information-governance"
	extensionReasonTxt = "The supplier's patch slipped to release 4.2"
)

// extension is an extension agreed at agreedAt for a deadline of due.
func extension(due, agreedAt time.Time) v1alpha1.DeadlineExtension {
	return v1alpha1.DeadlineExtension{DueDate: metav1.NewTime(due), Reason: extensionReasonTxt, AgreedBy: extensionAgreedBy, At: metav1.NewTime(agreedAt)}
}

// extended is an action due actionDue with the given extensions.
func extended(extensions ...v1alpha1.DeadlineExtension) *v1alpha1.ImprovementAction {
	return fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Extensions = extensions })
}

// extendedRCA is an analysis due actionDue with the given extensions.
func extendedRCA(extensions ...v1alpha1.DeadlineExtension) *v1alpha1.RootCauseAnalysis {
	return validRCA("rca", func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec.DueDate = fixtures.Time(actionDue)
		r.Spec.Extensions = extensions
	})
}

// withLink is an action with one link changed by mutate.
func withLink(mutate func(*v1alpha1.Link)) *v1alpha1.ImprovementAction {
	l := v1alpha1.Link{Name: "JIRA SEC-1234", URL: "https://jira.example.nhs.uk/browse/SEC-1234"}
	mutate(&l)
	return fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Links = []v1alpha1.Link{l} })
}

// agreedDeadlineRefusals: what the rules of extensions and links refuse.
func agreedDeadlineRefusals() []TableEntry {
	later := actionDue.Add(30 * 24 * time.Hour)
	many := make([]v1alpha1.DeadlineExtension, 11)
	for i := range many {
		many[i] = extension(actionDue.Add(time.Duration(i+1)*24*time.Hour), actionDue)
	}
	links := make([]v1alpha1.Link, 11)
	for i := range links {
		links[i] = v1alpha1.Link{Name: "ticket", URL: "https://jira.example.nhs.uk/browse/SEC-1"}
	}
	return []TableEntry{
		Entry("an extension no later than the original deadline",
			extended(extension(actionDue, actionDue.Add(-time.Hour))),
			"spec.extensions: Invalid value", chronologicalRule),
		Entry("an extension no later than the previous one",
			extended(extension(later, actionDue), extension(later.Add(-time.Hour), actionDue)),
			chronologicalRule),
		Entry("11 extensions",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Extensions = many }),
			"spec.extensions: "+tooMany, "must have at most 10 items"),
		Entry("an analysis's extension no later than its dueDate",
			extendedRCA(extension(actionDue, actionDue.Add(-time.Hour))),
			"spec.extensions: Invalid value", chronologicalRule),
		Entry("an analysis's extension no later than the previous one",
			extendedRCA(extension(later, actionDue), extension(later, actionDue)),
			chronologicalRule),
		Entry("an analysis with 11 extensions", extendedRCA(many...),
			"spec.extensions: "+tooMany, "must have at most 10 items"),
		Entry("11 links",
			fixtures.Action("ia", incidentName, actionDue, func(a *v1alpha1.ImprovementAction) { a.Spec.Links = links }),
			"spec.links: "+tooMany, "must have at most 10 items"),
		Entry("a link without name or url",
			withRaw(withLink(func(*v1alpha1.Link) {}), "spec.links", []any{map[string]any{}}),
			"spec.links[0].name: "+requiredMsg, "spec.links[0].url: "+requiredMsg),
		Entry("a link with an empty name", withLink(func(l *v1alpha1.Link) { l.Name = "" }),
			"spec.links[0].name", tooShort),
		Entry("a link name of 129 characters", withLink(func(l *v1alpha1.Link) { l.Name = chars(129) }),
			"spec.links[0].name: "+tooLong, "128"),
		Entry("a link that is not a URL", withLink(func(l *v1alpha1.Link) { l.URL = "SEC-1234" }),
			"spec.links[0].url", urlRule),
		Entry("a link url of 2049 characters", withLink(func(l *v1alpha1.Link) { l.URL = longURL(2049) }),
			"spec.links[0].url: "+tooLong, "2048"),
	}
}

// extensionRefusals: what the rules of one extension refuse, on each kind
// that agrees deadlines (extended makes an object of the kind with the
// extensions given).
func extensionRefusals() []TableEntry {
	var entries []TableEntry
	for _, k := range []struct {
		kind     string
		extended func(...v1alpha1.DeadlineExtension) client.Object
	}{
		{"action", func(e ...v1alpha1.DeadlineExtension) client.Object { return extended(e...) }},
		{"analysis", func(e ...v1alpha1.DeadlineExtension) client.Object { return extendedRCA(e...) }},
	} {
		kind, extended := k.kind, k.extended
		later := actionDue.Add(30 * 24 * time.Hour)
		// withExtension is an object with one extension changed by mutate.
		withExtension := func(mutate func(*v1alpha1.DeadlineExtension)) client.Object {
			e := extension(later, actionDue.Add(-24*time.Hour))
			mutate(&e)
			return extended(e)
		}
		entry := func(what string, args ...any) TableEntry {
			return Entry("an "+kind+"'s "+what, args...)
		}
		entries = append(entries,
			entry("extension without dueDate, reason, agreedBy or at",
				withRaw(extended(extension(later, actionDue)), "spec.extensions", []any{map[string]any{}}),
				"spec.extensions[0].dueDate: "+requiredMsg, "spec.extensions[0].reason: "+requiredMsg,
				"spec.extensions[0].agreedBy: "+requiredMsg, "spec.extensions[0].at: "+requiredMsg),
			entry("extension with a dueDate and at not in RFC 3339",
				withRaw(withRaw(extended(extension(later, actionDue)), "spec.extensions.0.dueDate", "2027-13-01"), "spec.extensions.0.at", "yesterday"),
				"spec.extensions[0].dueDate", notRFC3339, "spec.extensions[0].at"),
			entry("extension with a dueDate and at that are not dates",
				withRaw(withRaw(extended(extension(later, actionDue)), "spec.extensions.0.dueDate", "2027-02-30T17:00:00Z"), "spec.extensions.0.at", "2027-02-30T17:00:00Z"),
				"spec.extensions[0].dueDate", notDateTime),
			entry("extension with times of 65 characters",
				withRaw(withRaw(extended(extension(later, actionDue)), "spec.extensions.0.dueDate", "2027-01-29T17:00:00."+chars(44)+"Z"), "spec.extensions.0.at", "2027-01-29T17:00:00."+chars(44)+"Z"),
				"spec.extensions[0].dueDate: "+tooLong, "spec.extensions[0].at: "+tooLong),
			entry("extension agreed in 1899 for a deadline in 3000",
				withRaw(withRaw(extended(extension(later, actionDue)), "spec.extensions.0.dueDate", "3000-01-01T00:00:00Z"), "spec.extensions.0.at", "1899-12-31T23:59:59Z"),
				"spec.extensions[0].dueDate", "spec.extensions[0].at", "must be a time in the years 1900 to 2999"),
			entry("extension with an empty reason", withExtension(func(e *v1alpha1.DeadlineExtension) { e.Reason = "" }),
				"spec.extensions[0].reason", tooShort),
			entry("extension reason of 2049 characters", withExtension(func(e *v1alpha1.DeadlineExtension) { e.Reason = chars(2049) }),
				"spec.extensions[0].reason: "+tooLong, "2048"),
			entry("extension agreed by nobody", withExtension(func(e *v1alpha1.DeadlineExtension) { e.AgreedBy = "" }),
				"spec.extensions[0].agreedBy", tooShort),
			entry("extension agreed by a name that is neither an address nor a team", withExtension(func(e *v1alpha1.DeadlineExtension) { e.AgreedBy = "the board" }),
				"spec.extensions[0].agreedBy", personRule),
			entry("extension agreed by an address of 255 characters", withExtension(func(e *v1alpha1.DeadlineExtension) { e.AgreedBy = address(255) }),
				"spec.extensions[0].agreedBy: "+tooLong),
		)
	}
	return entries
}

var _ = Describe("An action's agreed deadlines", func() {
	first := actionDue.Add(30 * 24 * time.Hour)

	It("keep the deadline first agreed, and take later ones as extensions", func() {
		action := fixtures.Action("agreed", incidentName, actionDue)
		createIn(action)
		err := update(action, func(a *v1alpha1.ImprovementAction) { a.Spec.DueDate = metav1.NewTime(first) })
		expectRefused(err, "spec.dueDate: Invalid value", dueDateRule)

		Expect(update(action, func(a *v1alpha1.ImprovementAction) {
			a.Spec.Extensions = append(a.Spec.Extensions, extension(first, actionDue.Add(-time.Hour)))
		})).To(Succeed())
		Expect(update(action, func(a *v1alpha1.ImprovementAction) {
			a.Spec.Extensions = append(a.Spec.Extensions, extension(first.Add(14*24*time.Hour), first))
		})).To(Succeed(), "a second extension is appended")
	})

	It("never change or lose an agreed extension", func() {
		action := extended(extension(first, actionDue.Add(-time.Hour)), extension(first.Add(24*time.Hour), first))
		action.Name = "agreed-twice"
		createIn(action)
		for what, mutate := range map[string]func(*v1alpha1.ImprovementAction){
			"a reason rewritten": func(a *v1alpha1.ImprovementAction) { a.Spec.Extensions[0].Reason = "nothing happened" },
			"a deadline moved": func(a *v1alpha1.ImprovementAction) {
				a.Spec.Extensions[1].DueDate = metav1.NewTime(first.Add(48 * time.Hour))
			},
			"the last one removed":   func(a *v1alpha1.ImprovementAction) { a.Spec.Extensions = a.Spec.Extensions[:1] },
			"every extension erased": func(a *v1alpha1.ImprovementAction) { a.Spec.Extensions = nil },
		} {
			By(what)
			expectRefused(update(action, mutate), appendOnlyRule)
		}
	})
})

var _ = Describe("An analysis's agreed deadlines", func() {
	first := actionDue.Add(30 * 24 * time.Hour)

	It("keep the deadline first agreed, set or not, and take later ones as extensions", func() {
		rca := validRCA("agreed-rca")
		createIn(rca)
		Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Extensions = append(r.Spec.Extensions, extension(first, actionDue))
		})).To(Succeed(), "an extension of the review window's deadline")
		Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.DueDate = fixtures.Time(actionDue) })).To(Succeed(), "a dueDate set for the first time")
		expectRefused(update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.DueDate = fixtures.Time(first) }), "spec.dueDate: Invalid value", dueDateRule)
		expectRefused(update(rca, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.DueDate = nil }), "spec.dueDate: Invalid value", rcaDueDateKept)
		Expect(update(rca, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Extensions = append(r.Spec.Extensions, extension(first.Add(14*24*time.Hour), first))
		})).To(Succeed(), "a second extension is appended")
		for what, mutate := range map[string]func(*v1alpha1.RootCauseAnalysis){
			"a reason rewritten":     func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Extensions[0].Reason = "nothing happened" },
			"the last one removed":   func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Extensions = r.Spec.Extensions[:1] },
			"every extension erased": func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Extensions = nil },
		} {
			By(what)
			expectRefused(update(rca, mutate), appendOnlyRule)
		}
	})
})
