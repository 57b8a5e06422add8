package learning_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/learning"
	"github.com/dspt-lessons/lessons-operator/internal/render"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The property: whatever the records say, and however they write it, no
// pack, in any format, holds an e-mail address, a person's or a team's
// name from the records, a namespace, a restricted section or anything of
// a confidential namespace's incidents.

// packSeeds is how many random populations are checked.
const packSeeds = 400

// world is a random population and the secrets it holds.
type world struct {
	people     []v1alpha1.Person        // addresses and teams
	onRecord   map[v1alpha1.Person]bool // those the records name
	namespaces []string
	secrets    []string // text of restricted sections and confidential incidents
	sources    []learning.Source
}

func TestNoPackLeaks(t *testing.T) {
	now := fixtures.T0.Add(400 * statuskit.Day)
	for seed := range uint64(packSeeds) {
		rnd := rand.New(rand.NewPCG(seed, 7))
		w := newWorld(rnd, now)
		audience := v1alpha1.Audiences()[rnd.IntN(len(v1alpha1.Audiences()))]
		o := learning.Options{Audience: audience, Draft: rnd.IntN(2) == 0, Now: now,
			From: fixtures.T0.Add(-statuskit.Day), To: now, Namespaces: w.namespaces}
		p := learning.Build(w.sources, o)
		var md, html, js bytes.Buffer
		if err := render.PackMarkdown(&md, p); err != nil {
			t.Fatal(err)
		}
		if err := render.PackHTML(&html, p); err != nil {
			t.Fatal(err)
		}
		if err := render.PackJSON(&js, p); err != nil {
			t.Fatal(err)
		}
		for format, out := range map[string]string{"markdown": md.String(), "html": html.String(), "json": jsonText(t, js.Bytes())} {
			if leak := w.leak(out); leak != "" {
				t.Fatalf("seed %d, %s pack for %s: %s\n%s", seed, format, audience, leak, out)
			}
		}
		if len(p.Incidents) == 0 && len(w.sources) > 0 && p.Withheld[0].Count != len(w.sources) {
			t.Fatalf("seed %d: the pack does not count the incidents it withholds names of", seed)
		}
	}
}

// newWorld makes a population of a few namespaces, one confidential, with
// incidents whose every text hides people, addresses and namespaces.
func newWorld(rnd *rand.Rand, now time.Time) *world {
	w := &world{}
	for range 2 + rnd.IntN(3) {
		w.namespaces = append(w.namespaces, word(rnd)+"-"+word(rnd))
	}
	for range 2 + rnd.IntN(4) {
		w.people = append(w.people, v1alpha1.Person(word(rnd)+"."+word(rnd)+"@"+word(rnd)+".nhs.uk"))
	}
	for range 1 + rnd.IntN(3) {
		w.people = append(w.people, v1alpha1.Person("team:"+word(rnd)+"-"+word(rnd)))
	}
	w.onRecord = map[v1alpha1.Person]bool{}
	person := func() v1alpha1.Person {
		p := w.people[rnd.IntN(len(w.people))]
		w.onRecord[p] = true
		return p
	}
	for i := range 1 + rnd.IntN(5) {
		ns := w.namespaces[rnd.IntN(len(w.namespaces))]
		confidential := ns == w.namespaces[0]
		name := fmt.Sprintf("inc-%d", i)
		detected := fixtures.T0.Add(time.Duration(rnd.IntN(300)) * statuskit.Day)
		inc := fixtures.Incident(name, fixtures.DetectedAt(detected, time.Hour), func(x *v1alpha1.Incident) {
			x.Namespace = ns
			x.Spec.Owner, x.Spec.SIRO = person(), person()
			x.Spec.Title = w.text(rnd, confidential)
			x.Spec.Summary = w.text(rnd, confidential)
			x.Spec.Themes = []string{"phishing", w.theme(rnd, confidential)}
		})
		rca := fixtures.RCA(name+"-rca", name, fixtures.WithCyberAttackSection(), fixtures.WithInvestigation(), func(r *v1alpha1.RootCauseAnalysis) {
			r.Namespace = ns
			r.Spec.Lead = person()
			r.Spec.Overview.WhatHappened = w.text(rnd, confidential)
			r.Spec.Overview.LessonsLearned = w.text(rnd, confidential)
			r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{Type: v1alpha1.CauseNonTechnical, Category: v1alpha1.CauseCategory("Process"), Description: w.text(rnd, confidential)})
			r.Spec.CyberAttack.ExploitedWeaknesses = []string{w.secret("weakness")}
			r.Spec.Investigation.ChainOfCustody.Notes = w.secret("custody")
		})
		if rnd.IntN(4) > 0 {
			fixtures.SignedOff(v1alpha1.SignOffApproved, detected.Add(statuskit.Day))(rca)
			rca.Spec.SignOff.By = person()
			rca.Spec.SignOff.Comment = w.text(rnd, confidential)
		}
		fixtures.SharedWith(v1alpha1.AudienceStaff, now)(rca)
		rca.Spec.SharedWith[0].By = person()
		rca.Spec.SharedWith[0].How = w.text(rnd, confidential)
		action := fixtures.Action(name+"-action", name, detected.Add(30*statuskit.Day), func(a *v1alpha1.ImprovementAction) {
			a.Namespace = ns
			a.Spec.Owner = person()
			a.Spec.Title = w.text(rnd, confidential)
		})
		w.sources = append(w.sources, learning.Source{Case: review.NewCase(inc, []*v1alpha1.RootCauseAnalysis{rca}, []*v1alpha1.ImprovementAction{action}), Confidential: confidential})
	}
	return w
}

// word is a random word no template uses: a name, a host, a namespace.
func word(rnd *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := []byte{"qxz"[rnd.IntN(3)], "qxz"[rnd.IntN(3)]}
	for range 3 + rnd.IntN(5) {
		b = append(b, letters[rnd.IntN(len(letters))])
	}
	return string(b)
}

// secret is a marker that must never leave: a restricted section, or the
// text of a confidential namespace's incident.
func (w *world) secret(what string) string {
	s := fmt.Sprintf("zzsecret%s%d", what, len(w.secrets))
	w.secrets = append(w.secrets, s)
	return s
}

// text is random prose with names, addresses and namespaces hidden in it;
// a confidential incident's carries a secret too.
func (w *world) text(rnd *rand.Rand, confidential bool) string {
	words := []string{"The", "fax", "was", "sent", "to", "the", "wrong", "ward", "and", "nobody", "checked", "it", "."}
	var parts []string
	for range 4 + rnd.IntN(8) {
		if rnd.IntN(3) == 0 {
			parts = append(parts, disguise(rnd, w.mention(rnd)))
			continue
		}
		parts = append(parts, words[rnd.IntN(len(words))])
	}
	if confidential {
		parts = append(parts, w.secret("confidential"))
	}
	return strings.Join(parts, " ")
}

// theme is a theme that may be a name, or a confidential secret.
func (w *world) theme(rnd *rand.Rand, confidential bool) string {
	if confidential {
		return w.secret("theme")
	}
	if rnd.IntN(2) == 0 {
		return strings.ToLower(strings.Split(strings.TrimPrefix(string(w.people[rnd.IntN(len(w.people))]), "team:"), "-")[0])
	}
	return "records"
}

// mention is a name, an address or a namespace, as someone would write it.
func (w *world) mention(rnd *rand.Rand) string {
	p := string(w.people[rnd.IntN(len(w.people))])
	switch rnd.IntN(7) {
	case 0:
		return p
	case 1: // a person's name in words, a team's in words
		name, _, _ := strings.Cut(strings.TrimPrefix(p, "team:"), "@")
		return strings.Title(strings.NewReplacer(".", " ", "-", " ").Replace(name)) //nolint:staticcheck // ASCII names
	case 2:
		return w.namespaces[rnd.IntN(len(w.namespaces))]
	case 3:
		return strings.ReplaceAll(w.namespaces[rnd.IntN(len(w.namespaces))], "-", " ")
	case 4: // an address nobody on record has
		return word(rnd) + "@" + word(rnd) + ".org"
	case 5:
		return "[" + word(rnd) + "](mailto:" + p + ")"
	}
	return "<" + p + ">"
}

// disguise hides s behind a trick of writing that a reader would see
// through.
func disguise(rnd *rand.Rand, s string) string {
	switch rnd.IntN(12) {
	case 0:
		return s
	case 1:
		return strings.ToUpper(s)
	case 2: // a zero-width space, joiner or soft hyphen inside
		i := 1 + rnd.IntN(max(1, len(s)-1))
		return s[:i] + []string{"\u200b", "\u200d", "\u00ad", "\u2060", "\ufeff"}[rnd.IntN(5)] + s[i:]
	case 3: // full-width letters
		return strings.Map(func(r rune) rune {
			if r >= '!' && r <= '~' {
				return r - '!' + '！'
			}
			return r
		}, s)
	case 4:
		return strings.ReplaceAll(s, "@", []string{"&#64;", "&commat;", "&#x40;", "&amp;#64;"}[rnd.IntN(4)])
	case 5:
		return strings.ReplaceAll(strings.ReplaceAll(s, "@", " [at] "), ".", " (dot) ")
	case 6:
		i := rnd.IntN(len(s))
		return "<span>" + s[:i] + "</span><b>" + s[i:] + "</b>"
	case 7:
		return strings.NewReplacer("@", `\@`, ".", `\.`, "-", `\-`).Replace(s)
	case 8:
		i := rnd.IntN(len(s))
		return s[:i] + "**" + s[i:] + "**"
	case 9: // Cyrillic and Greek look-alikes
		return strings.NewReplacer("o", "о", "a", "а", "e", "е", "c", "с", "p", "р", "x", "х").Replace(s)
	case 10: // a combining mark after each letter
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(r)
			b.WriteRune('\u0336')
		}
		return b.String()
	}
	return strings.ReplaceAll(s, "@", " @ ")
}

// address is any e-mail address, as the check reads one.
var address = regexp.MustCompile(`[\p{L}\p{N}._%+'\-]+@[\p{L}\p{N}\-]+`)

// leak says what the output leaks, "" when nothing.
func (w *world) leak(out string) string {
	for _, seen := range []string{out, learning.Readable(out)} {
		lower := strings.ToLower(seen)
		if m := address.FindString(seen); m != "" {
			return "an e-mail address: " + m
		}
		var names []string
		// People the records do not name are known to no one: their
		// addresses are withheld as every address is, but their names
		// in words cannot be told from other words.
		for p := range w.onRecord {
			s := string(p)
			if team, ok := strings.CutPrefix(s, "team:"); ok {
				names = append(names, s, team, strings.ReplaceAll(team, "-", " "))
				continue
			}
			local, _, _ := strings.Cut(s, "@")
			names = append(names, s, local)
			names = append(names, strings.Split(local, ".")...)
		}
		for _, ns := range w.namespaces {
			names = append(names, ns, strings.ReplaceAll(ns, "-", " "))
		}
		for _, n := range names {
			if containsWord(lower, strings.ToLower(n)) {
				return fmt.Sprintf("the name %q", n)
			}
		}
		for _, s := range w.secrets {
			if strings.Contains(lower, s) {
				return fmt.Sprintf("the secret %q", s)
			}
		}
	}
	return ""
}

// containsWord tells whether word stands in s as a whole word.
func containsWord(s, word string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return true
		}
		i = start + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// jsonText is every string of a JSON document, one a line, as a reader of
// the values sees them.
func jsonText(t *testing.T, b []byte) string {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out.WriteString(x + "\n")
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				out.WriteString(k + "\n")
				walk(e)
			}
		}
	}
	walk(v)
	return out.String()
}
