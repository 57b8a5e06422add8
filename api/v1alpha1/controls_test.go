package v1alpha1_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// No text a user writes can hold a control character: every string of a
// spec is an enum, has a pattern that allows none, or carries the rule of
// Line (one line) or Text (lines and tabs allowed).

// The messages of the rules of Line and Text.
const (
	lineMessage = "must be a single line of printable text: no control characters (ESC, CR, LF, TAB, ...)"
	textMessage = "must be printable text: line breaks (LF) and tabs are allowed, but no other control characters (ESC, CR, NUL, ...)"
)

// freeTextAllowed lists the spec strings that need neither rule, each with
// its reason.
var freeTextAllowed = map[string]string{
	"ImprovementAction.spec.incidentRef.name":      "an object's name, which its own rule allows only lower-case letters, digits, '-' and '.' in",
	"RootCauseAnalysis.spec.incidentRef.name":      "an object's name, which its own rule allows only lower-case letters, digits, '-' and '.' in",
	"ImprovementAction.spec.processReviewRef.name": "an object's name, which its own rule allows only lower-case letters, digits, '-' and '.' in",
	"ProcessReview.spec.incidentsReviewed[]":       "an object's name, which its own rule allows only lower-case letters, digits, '-' and '.' in",
}

func TestEveryTextRefusesControlCharacters(t *testing.T) {
	for _, crd := range generatedCRDs(t) {
		for _, v := range crd.Spec.Versions {
			spec := v.Schema.OpenAPIV3Schema.Properties["spec"]
			var free []string
			freeText(crd.Spec.Names.Kind+".spec", &spec, &free)
			sort.Strings(free)
			for _, path := range free {
				if _, ok := freeTextAllowed[path]; !ok {
					t.Errorf("%s is text with no rule against control characters: make it a Line or a Text", path)
				}
			}
		}
	}
}

// freeText lists the strings under s (named path) that are not enums, have
// no pattern, and carry neither the rule of Line nor that of Text.
func freeText(path string, s *apiextensionsv1.JSONSchemaProps, free *[]string) {
	if strings.Contains(path, "elector.") {
		return // metav1.LabelSelector: Kubernetes' type, its keys and values validated as labels
	}
	if s.Type == "string" && len(s.Enum) == 0 && s.Pattern == "" && ruleMessage(s) == "" {
		*free = append(*free, path)
	}
	for name, prop := range s.Properties {
		freeText(path+"."+name, &prop, free)
	}
	if s.Items != nil && s.Items.Schema != nil {
		freeText(path+"[]", s.Items.Schema, free)
	}
}

// ruleMessage is the message of s's rule of Line or Text, or "".
func ruleMessage(s *apiextensionsv1.JSONSchemaProps) string {
	for _, r := range s.XValidations {
		if r.Message == lineMessage || r.Message == textMessage {
			return r.Message
		}
	}
	return ""
}

// TestLineAndTextRules reads the rules of Line and Text from the CRDs and
// checks what their expressions refuse: every C0 control, DEL and every C1
// control, but LF and TAB in a Text; nothing printable.
func TestLineAndTextRules(t *testing.T) {
	rules := map[string]*regexp.Regexp{}
	for _, crd := range generatedCRDs(t) {
		title := crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["title"]
		summary := crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["summary"]
		for _, s := range []apiextensionsv1.JSONSchemaProps{title, summary} {
			for _, r := range s.XValidations {
				if r.Message == lineMessage || r.Message == textMessage {
					rules[r.Message] = matched(t, r.Rule)
				}
			}
		}
	}
	line, text := rules[lineMessage], rules[textMessage]
	if line == nil || text == nil {
		t.Fatalf("the rules of Line and Text are not on an Incident's title and summary: %v", rules)
	}
	for r := rune(0); r <= 0xa0; r++ {
		control := r < 0x20 || (r >= 0x7f && r <= 0x9f)
		s := "a" + string(r) + "b"
		if line.MatchString(s) == control {
			t.Errorf("Line accepts %q: %t, want %t", r, !control, control)
		}
		if want := !control || r == '\n' || r == '\t'; text.MatchString(s) != want {
			t.Errorf("Text accepts %q: %t, want %t", r, !want, want)
		}
	}
	for _, s := range []string{"", "Zoë Brontë — £5, 東京, مرحبا, 👩‍⚕️", `\\fileserver\ig`, "jo.bloggs@example.nhs.uk"} {
		if !line.MatchString(s) || !text.MatchString(s) {
			t.Errorf("%q is refused", s)
		}
	}
}

// matched compiles the regular expression of a rule written
// self.matches('...'), as CEL reads the string.
func matched(t *testing.T, rule string) *regexp.Regexp {
	t.Helper()
	quoted, prefixed := strings.CutPrefix(rule, "self.matches('")
	quoted, suffixed := strings.CutSuffix(quoted, "')")
	if !prefixed || !suffixed {
		t.Fatalf("rule %q is not self.matches('...')", rule)
	}
	return regexp.MustCompile(strings.ReplaceAll(quoted, `\\`, `\`))
}
