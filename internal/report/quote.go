package report

import "github.com/dspt-lessons/lessons-operator/internal/review"

// LessonOf is a case's lessons learned as a report quotes them: from a
// submitted or signed-off analysis only, naming no person and shortened
// to MaxLessonRunes; "" when there are none to quote.
func LessonOf(c *review.Case) string {
	if c == nil || c.Incident == nil {
		return ""
	}
	text := lessonText(c)
	if text == "" {
		return ""
	}
	return quote(text)
}

// Quote makes other free text of the scope fit to quote in a report as a
// lesson is: e-mail addresses withheld, shortened to MaxLessonRunes.
func Quote(text string) string { return quote(text) }
