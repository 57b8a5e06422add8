package lint

import (
	"reflect"
	"testing"
)

func TestSplitDocuments(t *testing.T) {
	in := "a: 1\n---\nb: 2\n--- # second\n# only a comment\n---x: not a separator\n---\n"
	got := splitDocuments([]byte(in))
	want := []yamlDocument{
		{line: 1, data: []byte("a: 1\n")},
		{line: 3, data: []byte("b: 2\n")},
		{line: 5, data: []byte("# only a comment\n---x: not a separator\n")},
		{line: 8},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestLineOf(t *testing.T) {
	doc := yamlDocument{line: 10, data: []byte(`# comment
kind: X
metadata:
  labels:
    app.kubernetes.io/name: x
spec:
  causes:
  - type: A
  - type: B
    description: d
  list: &l [1, 2]
  again: *l
`)}
	root, err := parseNode(doc)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{
		"":      11,
		"<nil>": 11,
		"kind":  11,
		"metadata.labels[app.kubernetes.io/name]": 14,
		"spec.causes[1].description":              19,
		"spec.causes[1]":                          18,
		"spec.causes[5].type":                     16,
		"spec.missing.deeper":                     15,
		"spec.again[1]":                           20,
	} {
		if got := lineOf(root, path); got != want {
			t.Errorf("lineOf(%q) = %d, want %d", path, got, want)
		}
	}
	if _, err := parseNode(yamlDocument{line: 5, data: []byte("a: b\n c: d: e\n")}); err == nil || err.Error() != "invalid YAML: mapping values are not allowed in this context" || err.(*yamlError).line != 6 {
		t.Errorf("syntax error = %v", err)
	}
	if n, err := parseNode(yamlDocument{line: 1, data: []byte("# nothing\n")}); n != nil || err != nil {
		t.Errorf("an empty document: %v, %v", n, err)
	}
}

func TestSplitFieldPath(t *testing.T) {
	for in, want := range map[string][]string{
		"spec.causes[0].type":                     {"spec", "causes", "0", "type"},
		"metadata.labels[app.kubernetes.io/name]": {"metadata", "labels", "app.kubernetes.io/name"},
		"spec": {"spec"},
		"":     nil,
	} {
		if got := splitFieldPath(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitFieldPath(%q) = %q, want %q", in, got, want)
		}
	}
}
