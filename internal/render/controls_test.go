package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Text stored before the API server refused control characters reaches
// the documents, which are read on terminals too (the plugin writes them
// to standard output). Whatever it holds, no document carries a character
// that acts but line breaks and tabs.

// documents holds the objects of both documents, every text in them
// written by text.
type documents struct {
	c       review.Case
	related []v1alpha1.Incident
	report  *v1alpha1.LessonsReport
	reg     Register
}

func hostileDocuments(text func() string) documents {
	d := documents{c: cyberAttackCase(), related: relatedToCyberAttack(), report: realisticReport(), reg: realisticRegister()}
	fixtures.SetEveryText(&d.c, text)
	fixtures.SetEveryText(&d.related, text)
	fixtures.SetEveryText(&d.report.Spec, text)
	fixtures.SetEveryText(&d.report.Status, text)
	fixtures.SetEveryText(&d.reg, text)
	return d
}

// render writes the four documents: the review and the report, each in
// Markdown and HTML.
func (d documents) render(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"review.md":   func(b *bytes.Buffer) error { return ReviewMarkdown(b, d.c, cyberAttackAsAt, d.related...) },
		"review.html": func(b *bytes.Buffer) error { return ReviewHTML(b, d.c, cyberAttackAsAt, d.related...) },
		"report.md":   func(b *bytes.Buffer) error { return Markdown(b, d.report, d.reg) },
		"report.html": func(b *bytes.Buffer) error { return HTML(b, d.report, d.reg) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.String()
	}
	return out
}

func TestDocumentsShowControlCharactersAsEscapes(t *testing.T) {
	docs := hostileDocuments(func() string { return fixtures.ScreenForgery }).render(t)
	// As the reader sees it: the Markdown escapes the backslash and the
	// bracket of each escape, so that they show as written.
	shown := map[string]string{
		"review.md": `\\x1b\[2J\\x1b\[H`, "report.md": `\\x1b\[2J\\x1b\[H`,
		"review.html": `\x1b[2J\x1b[H`, "report.html": `\x1b[2J\x1b[H`,
	}
	for name, out := range docs {
		if acting := fixtures.Acting(out); len(acting) > 0 {
			t.Errorf("%s holds %q: a character that acts got through", name, acting)
		}
		if !strings.Contains(out, shown[name]) || !strings.Contains(out, `\u202e`) {
			t.Errorf("%s does not show the control characters as escapes", name)
		}
	}
	// A title is one line: a table row or a heading stays whole.
	heading := strings.SplitAfter(docs["review.md"], "\n")[0]
	if !strings.HasPrefix(heading, "# Incident review: ") || !strings.Contains(heading, "forged") {
		t.Errorf("the title's line break starts a line of its own: %q", heading)
	}
}

// TestNoDocumentCarriesAControlCharacter renders the documents with every
// text random and crowded with characters that act.
func TestNoDocumentCarriesAControlCharacter(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 25 {
		docs := hostileDocuments(func() string { return fixtures.HostileText(r, 24) }).render(t)
		for name, out := range docs {
			if acting := fixtures.Acting(out); len(acting) > 0 {
				t.Fatalf("round %d: %s holds %q: a character that acts got through", i, name, acting)
			}
		}
	}
}
