// Package visible decides how text that users wrote (read from the cluster
// or from a file) is shown on a terminal and in the documents. Such text
// may hold characters that act rather than show: ESC starts a terminal
// command that can clear the screen or move the cursor, CR returns to the
// start of the line, LF starts a row of its own, a bidirectional override
// reverses the text after it. Any of them could make a screen or a page
// show what is not on record. Shown through here, each is written as a
// visible escape, as Go writes it (\x1b, \r, \u202e), so the text cannot
// act and what it holds can still be read. The API server refuses control
// characters in what it is given now; text stored before it did, or read
// from a file, can still hold them.
package visible

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line returns s as one line that shows as written: every character that
// acts (TAB, LF and CR included) is escaped.
func Line(s string) string { return escape(s, false) }

// Text returns s with its line breaks (LF) and tabs kept, and every other
// character that acts (CR included) escaped.
func Text(s string) string { return escape(s, true) }

// Acts tells whether r acts rather than shows: a control character (C0,
// DEL or C1), a bidirectional control (an embedding, override, isolate or
// mark), or a line or paragraph separator.
func Acts(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Bidi_Control, r) || unicode.In(r, unicode.Zl, unicode.Zp)
}

// escape writes s with every character that acts escaped, keeping LF and
// TAB when lines is set. A byte that is not UTF-8 is escaped as \xNN: a
// terminal could read it as a C1 control.
func escape(s string, lines bool) string {
	if clean(s, lines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case kept(r, lines):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r) // '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// kept tells whether r is written as it is.
func kept(r rune, lines bool) bool {
	return !Acts(r) || (lines && (r == '\n' || r == '\t'))
}

// clean tells whether s has nothing to escape, so that it is returned as
// it is.
func clean(s string, lines bool) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !kept(r, lines) })
}
