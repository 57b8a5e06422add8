package learning

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Withheld stands in the pack wherever a name, an address or a namespace
// stood.
const Withheld = "[withheld]"

// What leaves the organisation is decided here, once, whatever the format:
// text is first brought to the form a reader sees (Unicode folded to its
// plain letters, invisible characters removed, HTML entities and tags and
// Markdown markup undone, spelled-out "at" and "dot" joined), so that an
// address or a name cannot hide behind a trick of writing; then every
// e-mail address, every name the records hold of a person or a team, and
// every namespace is replaced by Withheld. The documents render only what
// Redactor returns.

// Redactor withholds, from free text, the names it knows and any e-mail
// address.
type Redactor struct {
	// names are the words withheld wherever they stand as whole words:
	// people's addresses and the names in them, teams' names, namespaces.
	// Longest first, so that a longer name is withheld before a part of it.
	names []string
}

// roleMailboxes are the local parts of addresses that name a role, not a
// person: a mailbox such as siro@ or dpo@ leaves its word in the text,
// where it names the role ("the SIRO was told").
var roleMailboxes = []string{"siro", "dpo", "caldicott", "ig", "info", "lead", "admin", "security", "servicedesk", "team", "it", "cyber", "incidents", "rca", "governance", "privacy"}

// NewRedactor knows the people (addresses or team:<name>) and namespaces
// given.
func NewRedactor(people []v1alpha1.Person, namespaces []string) *Redactor {
	seen := map[string]bool{}
	var names []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(Readable(s)))
		if len([]rune(s)) < 2 || seen[s] {
			return
		}
		seen[s] = true
		names = append(names, s)
	}
	for _, p := range people {
		s := string(p)
		if team, ok := strings.CutPrefix(s, "team:"); ok {
			add(s)
			add(team)
			add(strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(team))
			continue
		}
		add(s)
		local, _, _ := strings.Cut(s, "@")
		if !slices.Contains(roleMailboxes, strings.ToLower(local)) {
			add(local)
		}
		for _, part := range strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == '+' }) {
			if !slices.Contains(roleMailboxes, strings.ToLower(part)) {
				add(part)
			}
		}
	}
	for _, ns := range namespaces {
		add(ns)
		add(strings.NewReplacer("-", " ", ".", " ").Replace(ns))
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := len(b) - len(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return &Redactor{names: names}
}

// Text is free text fit to leave: readable, with every e-mail address and
// every known name withheld. It reports how many it withheld.
func (r *Redactor) Text(s string) (string, int) {
	s = Readable(s)
	n := 0
	s = emailAddress.ReplaceAllStringFunc(s, func(string) string { n++; return Withheld })
	for _, name := range r.names {
		s, n = replaceWord(s, name, n)
	}
	return s, n
}

// Mentions tells whether s, made readable, holds an e-mail address or a
// known name as a whole word.
func (r *Redactor) Mentions(s string) bool {
	s = Readable(s)
	if emailAddress.MatchString(s) {
		return true
	}
	for _, name := range r.names {
		if _, n := replaceWord(s, name, 0); n > 0 {
			return true
		}
	}
	return false
}

// emailAddress matches an e-mail address, erring on the side of
// withholding: any name@host, with or without a dot in the host.
var emailAddress = regexp.MustCompile(`[\p{L}\p{N}._%+'\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*`)

// replaceWord withholds every whole-word occurrence of name (lower case)
// in s, whatever its case, and adds the count to n. A word is a run of
// letters and digits: "ward" in "forward" is no occurrence.
func replaceWord(s, name string, n int) (string, int) {
	lower := strings.ToLower(s)
	if len(lower) != len(s) { // a case fold changed a length: compare rune by rune
		return replaceWordRunes(s, name, n)
	}
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(lower[i:], name)
		if j < 0 {
			break
		}
		j += i
		end := j + len(name)
		if wordEdge(s, j, true) && wordEdge(s, end, false) {
			b.WriteString(s[i:j])
			b.WriteString(Withheld)
			n++
		} else {
			b.WriteString(s[i:end])
		}
		i = end
	}
	if i == 0 {
		return s, n
	}
	b.WriteString(s[i:])
	return b.String(), n
}

// replaceWordRunes is replaceWord for text whose case folding changes its
// length in bytes.
func replaceWordRunes(s, name string, n int) (string, int) {
	rs, want := []rune(s), []rune(name)
	var out []rune
	for i := 0; i < len(rs); {
		if i+len(want) <= len(rs) && strings.EqualFold(string(rs[i:i+len(want)]), name) &&
			(i == 0 || !wordRune(rs[i-1])) && (i+len(want) == len(rs) || !wordRune(rs[i+len(want)])) {
			out = append(out, []rune(Withheld)...)
			n++
			i += len(want)
			continue
		}
		out = append(out, rs[i])
		i++
	}
	return string(out), n
}

// wordEdge tells whether byte offset i of s is the edge of a word: before
// it (start) or after it (!start) there is no letter or digit.
func wordEdge(s string, i int, start bool) bool {
	if start {
		if i == 0 {
			return true
		}
		r := []rune(s[:i])
		return !wordRune(r[len(r)-1])
	}
	if i >= len(s) {
		return true
	}
	for _, r := range s[i:] {
		return !wordRune(r)
	}
	return true
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Readable is text as a reader sees it, whatever tricks of writing it
// holds: HTML entities decoded and tags removed, Unicode folded to its
// compatibility form (full-width letters, ligatures, the small "＠") with
// look-alike letters of other scripts read as Latin, invisible and
// control characters removed (zero-width spaces and joiners, soft hyphens,
// direction marks; line breaks and tabs are kept), Markdown's escapes and
// emphasis undone, and "[at]", "(dot)" and their kin read as "@" and ".".
func Readable(s string) string {
	// Undoing one trick may reveal another (an entity encoded twice, a tag
	// inside a tag): read again until nothing changes.
	for range 16 {
		r := readOnce(s)
		if r == s {
			break
		}
		s = r
	}
	return s
}

// readOnce undoes each trick of writing once.
func readOnce(s string) string {
	s = html.UnescapeString(s)
	s = htmlTag.ReplaceAllString(s, "")
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case unicode.Is(unicode.Cf, r), unicode.IsControl(r), unicode.Is(unicode.Mn, r):
			return -1
		case r == '*' || r == '`' || r == '~' || r == '\\':
			return -1
		}
		if l, ok := lookAlikes[r]; ok {
			return l
		}
		return r
	}, s)
	s = spelledAt.ReplaceAllString(s, "@")
	s = spelledDot.ReplaceAllString(s, ".")
	return spacedAt.ReplaceAllString(s, "@")
}

var (
	// htmlTag matches an HTML tag or comment.
	htmlTag = regexp.MustCompile(`(?s)<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	// spelledAt and spelledDot match "@" and "." written out in brackets,
	// as people write addresses to hide them from harvesters.
	spelledAt  = regexp.MustCompile(`(?i)\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*`)
	spelledDot = regexp.MustCompile(`(?i)\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*`)
	// spacedAt matches an "@" with space around it: "jo @ example.org".
	spacedAt = regexp.MustCompile(`\s*@\s*`)
)

// lookAlikes are letters of other scripts that look like Latin ones, read
// as the Latin letter.
var lookAlikes = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w', 'к': 'k', 'м': 'm', 'н': 'h', 'т': 't', 'в': 'b',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'І': 'I', 'Ј': 'J', 'Ѕ': 'S',
	'α': 'a', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	'ı': 'i', 'ℓ': 'l',
}
