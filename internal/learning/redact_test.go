package learning_test

import (
	"strings"
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/learning"
)

func TestRedactorWithholdsWhatHidesInText(t *testing.T) {
	r := learning.NewRedactor([]v1alpha1.Person{"jo.bloggs@northshire.example.nhs.uk", "team:patient-records", "siro@northshire.example.nhs.uk"},
		[]string{"occupational-health"})
	for _, c := range []struct {
		name, in, want string
		withheld       int
	}{
		{"plain text stays", "The fax number was out of date.", "The fax number was out of date.", 0},
		{"an address", "Reported by jo.bloggs@northshire.example.nhs.uk today.", "Reported by [withheld] today.", 1},
		{"any address, known or not", "Copied to a.person@elsewhere.org.", "Copied to [withheld].", 1},
		{"the person's name in words", "Jo Bloggs noticed it.", "[withheld] [withheld] noticed it.", 2},
		{"a team, by its name", "The patient-records team and Patient Records staff.", "The [withheld] team and [withheld] staff.", 2},
		{"a team as written", "Escalated to team:patient-records.", "Escalated to [withheld].", 1},
		{"a namespace", "Seen in occupational-health first.", "Seen in [withheld] first.", 1},
		{"a role mailbox leaves the role's word", "The SIRO was told.", "The SIRO was told.", 0},
		{"part of a word is no name", "Jojo forwarded bloggsy notes.", "Jojo forwarded bloggsy notes.", 0},
		{"Markdown mailto link", "[Jo](mailto:jo.bloggs@northshire.example.nhs.uk)", "[[withheld]](mailto:[withheld])", 2},
		{"Markdown autolink", "<jo.bloggs@northshire.example.nhs.uk>", "<[withheld]>", 1},
		{"Markdown escapes and emphasis", `jo\.bloggs\@*northshire*.example.nhs.uk`, "[withheld]", 1},
		{"HTML entity", "jo.bloggs&#64;northshire.example.nhs.uk", "[withheld]", 1},
		{"HTML entity, encoded twice", "jo.bloggs&amp;#64;northshire.example.nhs.uk", "[withheld]", 1},
		{"HTML tags inside", "jo.bloggs<span>@</span>northshire<b>.example</b>.nhs.uk", "[withheld]", 1},
		{"spelled out", "jo.bloggs [at] northshire (dot) example [dot] nhs [dot] uk", "[withheld]", 1},
		{"spaces round the at", "jo.bloggs @ northshire.example.nhs.uk", "[withheld]", 1},
		{"full-width at sign and letters", "ｊｏ.bloggs＠northshire.example.nhs.uk", "[withheld]", 1},
		{"zero-width space inside", "jo.blo\u200bggs@north\u200dshire.example.nhs.uk", "[withheld]", 1},
		{"soft hyphen and direction marks", "Jo Blog\u00adgs\u200f noticed", "[withheld] [withheld] noticed", 2},
		{"Cyrillic look-alikes", "Jо Blоggs (with Cyrillic o)", "[withheld] [withheld] (with Cyrillic o)", 2},
		{"a combining mark over a letter", "J\u0336o Bloggs", "[withheld] [withheld]", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, n := r.Text(c.in)
			if c.want != "" && got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
			if n != c.withheld {
				t.Errorf("Text(%q) withheld %d, want %d (%q)", c.in, n, c.withheld, got)
			}
			if c.withheld > 0 && (strings.Contains(strings.ToLower(got), "bloggs") || strings.Contains(got, "@")) {
				t.Errorf("Text(%q) = %q still holds the name or an address", c.in, got)
			}
		})
	}
}
