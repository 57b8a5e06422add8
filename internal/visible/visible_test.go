package visible_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dspt-lessons/lessons-operator/internal/visible"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestLineEscapesWhatActs(t *testing.T) {
	for in, want := range map[string]string{
		"\x1b[2J\x1b[HOK  Closed":         `\x1b[2J\x1b[HOK  Closed`,
		"jo@example.nhs.uk\r\nforged":     `jo@example.nhs.uk\r\nforged`,
		"a\tb":                            `a\tb`,
		"title\x00":                       `title\x00`,
		"del\x7f":                         `del\x7f`,
		"c1 \u0085 \u009b2J":              `c1 \u0085 \u009b2J`,
		"file\u202eexe.pdf":               `file\u202eexe.pdf`,
		"isolate\u2066x\u2069 mark\u200f": `isolate\u2066x\u2069 mark\u200f`,
		"line\u2028separator":             `line\u2028separator`,
		"not utf-8 \x9b2J \xff":           `not utf-8 \x9b2J \xff`,
	} {
		if got := visible.Line(in); got != want {
			t.Errorf("visible.Line(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEveryControlCharacterIsEscaped checks the C0 controls, DEL and the
// C1 controls one by one, and the characters around them.
func TestEveryControlCharacterIsEscaped(t *testing.T) {
	for r := rune(0); r <= 0xa0; r++ {
		control := r < 0x20 || (r >= 0x7f && r <= 0x9f)
		if escaped := visible.Line(string(r)) != string(r); escaped != control {
			t.Errorf("visible.Line(%q) escaped: %t, want %t", r, escaped, control)
		}
		if escaped := visible.Text(string(r)) != string(r); escaped != (control && r != '\n' && r != '\t') {
			t.Errorf("visible.Text(%q) escaped: %t, want %t", r, escaped, !escaped)
		}
	}
}

func TestTextKeepsLinesAndTabs(t *testing.T) {
	in := "What happened:\n\tphishing e-mail\r\n\x1b[31mred\x1b[0m"
	want := "What happened:\n\tphishing e-mail\\r\n\\x1b[31mred\\x1b[0m"
	if got := visible.Text(in); got != want {
		t.Errorf("visible.Text(%q) = %q, want %q", in, got, want)
	}
}

func TestPrintableTextIsUnchanged(t *testing.T) {
	for _, s := range []string{
		"", "Credential compromise after phishing e-mail", "team:information-governance",
		`\\fileserver\ig\x1b`, "Zoë Brontë — £5, 東京, مرحبا, 👩‍⚕️", "\uFFFD replaced",
	} {
		if got := visible.Line(s); got != s {
			t.Errorf("visible.Line(%q) = %q, want it unchanged", s, got)
		}
		if got := visible.Text(s); got != s {
			t.Errorf("visible.Text(%q) = %q, want it unchanged", s, got)
		}
	}
}

// TestNothingThatActsGetsThrough writes random strings crowded with
// characters that act, and some bytes that are not UTF-8: none reaches the
// output as it is, no line break is lost or added, and escaping what was
// escaped changes nothing.
func TestNothingThatActsGetsThrough(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		s := fixtures.HostileText(r, 40)
		line, text := visible.Line(s), visible.Text(s)
		if strings.ContainsFunc(line, visible.Acts) || !utf8.ValidString(line) {
			t.Fatalf("visible.Line(%q) = %q: a character that acts, or a byte that is not UTF-8, got through", s, line)
		}
		if len(fixtures.Acting(text)) > 0 {
			t.Fatalf("visible.Text(%q) = %q: a character that acts, or a byte that is not UTF-8, got through", s, text)
		}
		if strings.Count(text, "\n") != strings.Count(s, "\n") {
			t.Fatalf("visible.Text(%q) = %q: the line breaks are not kept", s, text)
		}
		if visible.Line(line) != line || visible.Text(text) != text {
			t.Fatalf("escaping %q twice changes it", s)
		}
	}
}

func TestEveryActorIsEscaped(t *testing.T) {
	for _, r := range fixtures.Actors {
		if visible.Line(string(r)) == string(r) {
			t.Errorf("visible.Line(%q) is left as it is", r)
		}
	}
	if got := visible.Line(fixtures.ScreenForgery); strings.ContainsFunc(got, visible.Acts) {
		t.Errorf("visible.Line(%q) = %q", fixtures.ScreenForgery, got)
	}
}
