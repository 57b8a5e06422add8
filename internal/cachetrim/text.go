package cachetrim

import (
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

// MaxRunes is how many characters of a document's free text the cache
// keeps: as many as the report quotes of a lesson (report.MaxLessonRunes).
const MaxRunes = report.MaxLessonRunes

// Marker ends free text the cache keeps shortened, so that it cannot be
// taken for the whole text.
const Marker = "\n[… shortened in the manager's cache; the whole text is in the stored object]"

// Shorten keeps the first MaxRunes characters of s and the Marker, or s
// when it is no longer than that.
func Shorten(s string) string {
	return shortenTo(s, MaxRunes)
}

// ShortenQuoted shortens a lesson as far as the report's quote of it
// stays the same: e-mail addresses are withheld before a quote is cut, so
// a lesson with long ones may need more than MaxRunes characters to give
// the same quote.
func ShortenQuoted(s string) string {
	whole := report.QuoteLesson(s)
	for n := MaxRunes; ; n *= 2 {
		short := shortenTo(s, n)
		if short == s || report.QuoteLesson(short) == whole {
			return short
		}
	}
}

// shortenTo keeps the first n characters of s and the Marker, or s when
// that would not be shorter.
func shortenTo(s string, n int) string {
	if len(s) <= n+len(Marker) {
		return s
	}
	kept := 0
	for i := range s {
		if kept == n {
			return s[:i] + Marker
		}
		kept++
	}
	return s
}
