package v1alpha1_test

import (
	"fmt"
	"maps"
	"regexp/syntax"
	"slices"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// What users write must be bounded, so that no object can grow without
// limit in etcd and in every watch of it: every string in a spec has a
// maxLength (or an enum, or a pattern that itself bounds its length), every
// list a maxItems and every map a maxProperties.

// labelSelector is why metav1.LabelSelector's fields are not bounded: the
// type is Kubernetes', and its schema comes without bounds.
const labelSelector = "metav1.LabelSelector is Kubernetes' type and comes without bounds; the API server's request size limit is its only bound"

// unboundedAllowed lists the spec fields allowed to be unbounded, each with
// its reason. A field that is bounded must not stay on the list.
var unboundedAllowed = map[string]string{
	"LessonsReport.spec.selector.matchExpressions":                     labelSelector,
	"LessonsReport.spec.selector.matchExpressions[].key":               labelSelector,
	"LessonsReport.spec.selector.matchExpressions[].operator":          labelSelector,
	"LessonsReport.spec.selector.matchExpressions[].values":            labelSelector,
	"LessonsReport.spec.selector.matchExpressions[].values[]":          labelSelector,
	"LessonsReport.spec.selector.matchLabels":                          labelSelector,
	"LessonsReport.spec.selector.matchLabels{}":                        labelSelector,
	"LessonsReport.spec.namespaceSelector.matchExpressions":            labelSelector,
	"LessonsReport.spec.namespaceSelector.matchExpressions[].key":      labelSelector,
	"LessonsReport.spec.namespaceSelector.matchExpressions[].operator": labelSelector,
	"LessonsReport.spec.namespaceSelector.matchExpressions[].values":   labelSelector,
	"LessonsReport.spec.namespaceSelector.matchExpressions[].values[]": labelSelector,
	"LessonsReport.spec.namespaceSelector.matchLabels":                 labelSelector,
	"LessonsReport.spec.namespaceSelector.matchLabels{}":               labelSelector,
}

// specBudget bounds the largest spec the schema admits, in characters: at
// one byte a character it leaves room under etcd's default 1.5 MiB limit
// for an object's metadata and status.
const specBudget = 1 << 20

// unbounded lists the paths under s (named path) that admit values of any
// size, and adds up the largest size in characters that the bounded rest
// admits (allowed paths count as nothing).
func unbounded(path string, s *apiextensionsv1.JSONSchemaProps, allowed map[string]string) (paths []string, size int64) {
	flag := func() { paths = append(paths, path) }
	if s.XPreserveUnknownFields != nil && *s.XPreserveUnknownFields {
		flag()
	}
	switch s.Type {
	case "string":
		n, ok := stringBound(s)
		if !ok {
			flag()
		}
		size = n
	case "array":
		var item int64
		if s.Items != nil && s.Items.Schema != nil {
			var inner []string
			inner, item = unbounded(path+"[]", s.Items.Schema, allowed)
			paths = append(paths, inner...)
		}
		if s.MaxItems == nil {
			flag()
		} else {
			size = *s.MaxItems * (item + 1)
		}
	case "object":
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			prop := s.Properties[name]
			inner, n := unbounded(path+"."+name, &prop, allowed)
			paths = append(paths, inner...)
			size += int64(len(name)) + n
		}
		if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
			inner, n := unbounded(path+"{}", s.AdditionalProperties.Schema, allowed)
			paths = append(paths, inner...)
			if s.MaxProperties == nil {
				flag()
			} else {
				size += *s.MaxProperties * (253 + n) // a key is a name of at most 253 characters
			}
		}
	default: // integer, number, boolean
		size = 20
	}
	if _, ok := allowed[path]; ok {
		size = 0
	}
	return paths, size
}

// stringBound is the most characters a string schema admits, and whether
// there is such a bound: its maxLength, its longest enum value, or the
// longest match of an anchored pattern without unbounded repetition.
func stringBound(s *apiextensionsv1.JSONSchemaProps) (int64, bool) {
	if s.MaxLength != nil {
		return *s.MaxLength, true
	}
	if len(s.Enum) > 0 {
		var longest int64
		for _, e := range s.Enum {
			longest = max(longest, int64(len(e.Raw)))
		}
		return longest, true
	}
	if s.Pattern != "" {
		if n, ok := patternBound(s.Pattern); ok {
			return n, true
		}
	}
	return 0, false
}

// patternBound is the longest string an anchored pattern matches, in
// characters, and whether it has one.
func patternBound(pattern string) (int64, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return 0, false
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[len(re.Sub)-1].Op != syntax.OpEndText {
		return 0, false // unanchored: matches inside a string of any length
	}
	var longest func(*syntax.Regexp) (int64, bool)
	longest = func(r *syntax.Regexp) (int64, bool) {
		switch r.Op {
		case syntax.OpLiteral:
			return int64(len(r.Rune)), true
		case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			return 1, true
		case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine,
			syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			return 0, true
		case syntax.OpCapture:
			return longest(r.Sub[0])
		case syntax.OpQuest:
			return longest(r.Sub[0])
		case syntax.OpRepeat:
			n, ok := longest(r.Sub[0])
			return n * int64(r.Max), ok && r.Max >= 0
		case syntax.OpConcat, syntax.OpAlternate:
			var total int64
			for _, sub := range r.Sub {
				n, ok := longest(sub)
				if !ok {
					return 0, false
				}
				if r.Op == syntax.OpConcat {
					total += n
				} else {
					total = max(total, n)
				}
			}
			return total, true
		}
		return 0, false // star, plus: unbounded
	}
	return longest(re)
}

// specSchemas reads the spec schema of every version of every generated CRD,
// by kind.
func specSchemas(t *testing.T) map[string]*apiextensionsv1.JSONSchemaProps {
	t.Helper()
	out := map[string]*apiextensionsv1.JSONSchemaProps{}
	for _, crd := range generatedCRDs(t) {
		for _, v := range crd.Spec.Versions {
			spec, ok := v.Schema.OpenAPIV3Schema.Properties["spec"]
			if !ok {
				t.Fatalf("%s %s has no spec", crd.Spec.Names.Kind, v.Name)
			}
			out[crd.Spec.Names.Kind] = &spec
		}
	}
	return out
}

func TestEverySpecFieldIsBounded(t *testing.T) {
	seen := map[string]bool{}
	for kind, spec := range specSchemas(t) {
		paths, size := unbounded(kind+".spec", spec, unboundedAllowed)
		for _, p := range paths {
			seen[p] = true
			if _, ok := unboundedAllowed[p]; !ok {
				t.Errorf("%s admits a value of any size: give it a maxLength (strings), maxItems (lists) or maxProperties (maps) in the API types", p)
			}
		}
		t.Logf("the largest %s spec the schema admits has about %d characters", kind, size)
		if size > specBudget {
			t.Errorf("the largest %s spec the schema admits has about %d characters, more than the budget of %d: lower a maxLength or maxItems", kind, size, specBudget)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(unboundedAllowed)) {
		if !seen[p] {
			t.Errorf("%s is bounded (or gone) now: remove it from unboundedAllowed", p)
		}
	}
}

// TestBoundsAreFoundWhereTheyAreMissing shows that the walk finds each kind
// of unbounded field, and only those.
func TestBoundsAreFoundWhereTheyAreMissing(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	str := func(mod func(*apiextensionsv1.JSONSchemaProps)) apiextensionsv1.JSONSchemaProps {
		s := apiextensionsv1.JSONSchemaProps{Type: "string"}
		mod(&s)
		return s
	}
	preserve := true
	schema := &apiextensionsv1.JSONSchemaProps{Type: "object", Properties: map[string]apiextensionsv1.JSONSchemaProps{
		"bounded":      str(func(s *apiextensionsv1.JSONSchemaProps) { s.MaxLength = n(10) }),
		"enum":         str(func(s *apiextensionsv1.JSONSchemaProps) { s.Enum = []apiextensionsv1.JSON{{Raw: []byte(`"A"`)}} }),
		"shortPattern": str(func(s *apiextensionsv1.JSONSchemaProps) { s.Pattern = `^[0-9]{4}-(0[1-9]|1[0-2])$` }),
		"free":         str(func(*apiextensionsv1.JSONSchemaProps) {}),
		"longPattern":  str(func(s *apiextensionsv1.JSONSchemaProps) { s.Pattern = `^[0-9]+(\.[0-9]+)?$` }),
		"unanchored":   str(func(s *apiextensionsv1.JSONSchemaProps) { s.Pattern = `[0-9]{4}` }),
		"list":         {Type: "array", Items: &apiextensionsv1.JSONSchemaPropsOrArray{Schema: &apiextensionsv1.JSONSchemaProps{Type: "string", MaxLength: n(5)}}},
		"boundedList":  {Type: "array", MaxItems: n(3), Items: &apiextensionsv1.JSONSchemaPropsOrArray{Schema: &apiextensionsv1.JSONSchemaProps{Type: "string"}}},
		"map":          {Type: "object", AdditionalProperties: &apiextensionsv1.JSONSchemaPropsOrBool{Schema: &apiextensionsv1.JSONSchemaProps{Type: "string", MaxLength: n(5)}}},
		"anything":     {Type: "object", XPreserveUnknownFields: &preserve},
		"allowed":      str(func(*apiextensionsv1.JSONSchemaProps) {}),
	}}
	got, size := unbounded("X.spec", schema, map[string]string{"X.spec.allowed": "test"})
	want := []string{"X.spec.allowed", "X.spec.anything", "X.spec.boundedList[]", "X.spec.free", "X.spec.list", "X.spec.longPattern", "X.spec.map", "X.spec.unanchored"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("unbounded fields found:\n got %v\nwant %v", got, want)
	}
	if size <= 0 {
		t.Errorf("the bounded fields add up to %d characters", size)
	}
	for pattern, want := range map[string]string{
		`^[0-9]{4}-[0-9]{2}$`:      "7 true",
		`^(a|bcd)?x{2,3}$`:         "6 true",
		`^[0-9]+$`:                 "0 false",
		`^a{2,}$`:                  "0 false",
		`a`:                        "0 false",
		`^(team:[a-z]{1,5}|none)$`: "10 true",
	} {
		n, ok := patternBound(pattern)
		if got := fmt.Sprint(n, " ", ok); got != want {
			t.Errorf("patternBound(%q) = %s, want %s", pattern, got, want)
		}
	}
}
