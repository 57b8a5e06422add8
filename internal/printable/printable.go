// Package printable shows text from the cluster as text: no control
// character or bidirectional override in a record can clear a terminal,
// move its cursor, rewrite a line or reorder what a document shows. The
// CRDs refuse them; records stored before that, or written around the
// API, still show harmlessly.
package printable

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Line shows s as one line: every control character (line breaks and tabs
// too) and bidirectional override is made visible.
func Line(s string) string { return show(s, false) }

// Text shows s keeping its line breaks and tabs; every other control
// character and bidirectional override is made visible.
func Text(s string) string { return show(s, true) }

// visible is how a character that must not act is shown: a C0 control or
// DEL as its Unicode control picture (ESC as ␛), anything else as its code
// point in angle brackets.
func visible(r rune) string {
	switch {
	case r < 0x20:
		return string(rune(0x2400 + r))
	case r == 0x7f:
		return "\u2421"
	}
	return fmt.Sprintf("<U+%04X>", r)
}

// acts tells whether r would act on a screen rather than show: a control
// character (C0, DEL, C1) or a bidirectional embedding, override or
// isolate. keepLines spares line breaks and tabs.
func acts(r rune, keepLines bool) bool {
	switch {
	case keepLines && (r == '\n' || r == '\t'):
		return false
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return true
	}
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func show(s string, keepLines bool) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return acts(r, keepLines) }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteByte(s[i]) // not UTF-8: as it was, a byte no terminal acts on alone
		case acts(r, keepLines):
			b.WriteString(visible(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Writer writes what it is given as Text to W. Each write is shown on its
// own: a writer given whole messages (fmt.Fprintf, a rendered document)
// never splits a character.
type Writer struct{ W io.Writer }

func (w Writer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.W, Text(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
