package printable

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineAndText(t *testing.T) {
	for _, tc := range []struct {
		name, in, line, text string
	}{
		{"plain text is left alone", "Phishing: ‘ŵ’, 日本語, 👩‍⚕️", "Phishing: ‘ŵ’, 日本語, 👩‍⚕️", "Phishing: ‘ŵ’, 日本語, 👩‍⚕️"},
		{"a cleared screen", "OK\x1b[2J\x1b[H", "OK␛[2J␛[H", "OK␛[2J␛[H"},
		{"a rewritten line", "overdue\rClosed", "overdue␍Closed", "overdue␍Closed"},
		{"line breaks and tabs", "a\nb\tc", "a␊b␉c", "a\nb\tc"},
		{"NUL and BEL", "a\x00b\x07", "a␀b␇", "a␀b␇"},
		{"DEL", "a\x7fb", "a␡b", "a␡b"},
		{"a C1 control sequence introducer", "a\u009b2J", "a<U+009B>2J", "a<U+009B>2J"},
		{"a right-to-left override", "txt.\u202eexe", "txt.<U+202E>exe", "txt.<U+202E>exe"},
		{"an isolate", "\u2066x\u2069", "<U+2066>x<U+2069>", "<U+2066>x<U+2069>"},
		{"bytes that are not UTF-8", "a\xffb", "a\xffb", "a\xffb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Line(tc.in); got != tc.line {
				t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
			}
			if got := Text(tc.in); got != tc.text {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
			}
		})
	}
}

// Whatever the input, nothing that acts on a screen comes out: random
// strings drawn mostly from the characters that do.
func TestNothingThatActsComesOut(t *testing.T) {
	alphabet := []rune{'\x00', '\x07', '\x08', '\t', '\n', '\x0b', '\x0c', '\r', '\x1b', '[', '2', 'J', '\x7f', 0x85, 0x9b, 0x9c,
		0x202a, 0x202e, 0x2066, 0x2069, 'a', 'é', '日', '👩', 0x200d, 0x2400}
	rng := rand.New(rand.NewPCG(7, 11))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		in := b.String()
		for name, out := range map[string]string{"Line": Line(in), "Text": Text(in)} {
			for _, r := range out {
				if acts(r, name == "Text") {
					t.Fatalf("%s(%q) = %q still holds %U", name, in, out, r)
				}
			}
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q is not UTF-8", name, in, out)
			}
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	in := []byte("warning: incident \"x\x1b[2J\" left out\n")
	n, err := Writer{&buf}.Write(in)
	if err != nil || n != len(in) {
		t.Fatalf("wrote %d, %v", n, err)
	}
	if got := buf.String(); got != "warning: incident \"x␛[2J\" left out\n" {
		t.Errorf("wrote %q", got)
	}
}
