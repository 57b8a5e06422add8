package report

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

const (
	// MaxLessons bounds the lessons a report quotes; the newest are kept.
	MaxLessons = 500
	// MaxLessonRunes bounds one quoted lesson, in characters, the ellipsis
	// of a shortened lesson included.
	MaxLessonRunes = 1000
	// NameWithheld stands in for an e-mail address in a quoted lesson.
	NameWithheld = "[name withheld]"
	ellipsis     = "…"
)

// emailAddress matches an e-mail address in free text. It errs on the side
// of withholding: any name@host, with or without a dot in the host.
var emailAddress = regexp.MustCompile(`[\p{L}\p{N}._%+'\-]+@[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?)*`)

// quoteLessons quotes the lessons learned of every member whose submitted
// or signed-off RCA has them, newest incident first, naming no person. At most MaxLessons are
// quoted; omitted counts the rest. Members of a namespace the scope may not
// name are neither quoted nor counted as omitted: omitted tells the reader
// where more lessons can be read, and those cannot be.
func quoteLessons(in []*review.Case, scope Scope) (lessons []v1alpha1.Lesson, omitted int32) {
	var with []*review.Case
	for _, m := range in {
		if lessonText(m) != "" && scope.Named(m.Incident.Namespace) {
			with = append(with, m)
		}
	}
	if len(with) == 0 {
		return nil, 0
	}
	slices.SortFunc(with, func(a, b *review.Case) int {
		// Newest first; then by name, namespace and text, so that ties do
		// not depend on the order the members came in.
		if c := b.Incident.Spec.DetectedAt.Time.Compare(a.Incident.Spec.DetectedAt.Time); c != 0 {
			return c
		}
		if c := cmp.Or(strings.Compare(a.Incident.Name, b.Incident.Name), strings.Compare(a.Incident.Namespace, b.Incident.Namespace)); c != 0 {
			return c
		}
		return strings.Compare(lessonText(a), lessonText(b))
	})
	if len(with) > MaxLessons {
		omitted = int32(len(with) - MaxLessons)
		with = with[:MaxLessons]
	}
	lessons = make([]v1alpha1.Lesson, len(with))
	for i, m := range with {
		lessons[i] = v1alpha1.Lesson{Namespace: scope.lessonNamespace(m.Incident.Namespace), Incident: m.Incident.Name, Lesson: QuoteLesson(lessonText(m)),
			SharedWith: sharedWith(m.RCA)}
	}
	return lessons, omitted
}

// lessonText is the member's RCA's lessonsLearned without surrounding
// space; "" when there is none, or while the analysis is a draft: its
// author has not yet put the lessons forward, so a report counts the
// member but never quotes them.
func lessonText(m *review.Case) string {
	if m.RCA == nil || m.RCA.Spec.Overview == nil || review.RCAState(m.RCA) != v1alpha1.RCAStateSubmitted {
		return ""
	}
	return strings.TrimSpace(m.RCA.Spec.Overview.LessonsLearned)
}

// QuoteLesson is how a report quotes a lesson: without surrounding space,
// then as quote makes it.
func QuoteLesson(text string) string {
	return quote(strings.TrimSpace(text))
}

// quote makes a lesson fit to quote in a report: e-mail addresses are
// replaced by NameWithheld (team:<name> mentions stay), then the text is
// shortened to MaxLessonRunes characters, ending with "…" when cut.
func quote(text string) string {
	if strings.Contains(text, "@") {
		text = emailAddress.ReplaceAllLiteralString(text, NameWithheld)
	}
	return shorten(text, MaxLessonRunes)
}

// shorten cuts s to at most n runes, the last being "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, kept := 0, 0
	for i := range s {
		if kept == n-1 {
			cut = i
			break
		}
		kept++
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + ellipsis
}

// sharedWith lists the audiences the analysis's learning was shared with,
// each once, in the order first shared.
func sharedWith(r *v1alpha1.RootCauseAnalysis) []v1alpha1.Audience {
	var out []v1alpha1.Audience
	for _, s := range r.Spec.SharedWith {
		if !slices.Contains(out, s.Audience) {
			out = append(out, s.Audience)
		}
	}
	return out
}
