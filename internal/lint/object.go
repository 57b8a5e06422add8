package lint

import (
	"fmt"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/yaml"
)

// object is a lessons.dspt.io object read from a file: decoded for the
// checks, with its node tree to find the line of a field.
type object struct {
	file  string
	order int // the file's position in the run
	root  *yamlv3.Node
	kind  string
	obj   map[string]any
}

func (o *object) name() string      { return str(o.obj, "metadata", "name") }
func (o *object) namespace() string { return str(o.obj, "metadata", "namespace") }

// label is how messages name the object: kind/name, as kubectl does.
func (o *object) label() string {
	if n := o.name(); n != "" {
		return strings.ToLower(o.kind) + "/" + n
	}
	return strings.ToLower(o.kind)
}

// line is the line of a field path in the object's file.
func (o *object) line(path string) int { return lineOf(o.root, path) }

// str reads a string field of a decoded object; "" when absent.
func str(obj map[string]any, path ...string) string {
	var cur any = obj
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[p]
	}
	s, _ := cur.(string)
	return s
}

// decodeDocument decodes a document as kubectl sends it: YAML to JSON, then
// JSON with whole numbers as int64. It returns nil for a document that is
// not an object.
func decodeDocument(data []byte) (map[string]any, error) {
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", strings.TrimPrefix(err.Error(), "error converting YAML to JSON: yaml: "))
	}
	var v any
	if err := utiljson.Unmarshal(j, &v); err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", err)
	}
	obj, _ := v.(map[string]any)
	return obj, nil
}
