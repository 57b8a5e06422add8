package lint

import (
	"fmt"
	"strings"
	"time"

	yamlv3 "go.yaml.in/yaml/v3"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/yaml"
)

// origin is where an object was read, and how messages name it.
type origin struct {
	file  string
	order int    // the file's position in the run
	label string // kind/name, as kubectl names objects
}

// object is a lessons.dspt.io object read from a file: decoded for the
// checks, with its node tree to find the line of a field.
type object struct {
	origin
	root *yamlv3.Node
	kind string
	obj  map[string]any
}

func newObject(file string, order int, root *yamlv3.Node, obj map[string]any) *object {
	kind := str(obj, "kind")
	label := strings.ToLower(kind)
	if name := str(obj, "metadata", "name"); name != "" {
		label += "/" + name
	}
	return &object{origin: origin{file: file, order: order, label: label}, root: root, kind: kind, obj: obj}
}

// line is the line of a field path in the object's file.
func (o *object) line(path string) int { return lineOf(o.root, path) }

// checkedObject is what the cross-object rules need of an object once its
// schema is checked. It is kept in place of the object, whose decoded form
// and node tree take tens of times the memory of its YAML.
type checkedObject struct {
	origin
	kind, namespace, name string
	// Fields of the spec, "" when absent.
	incidentRef, owner, dueDate string
	// The lines of metadata.name and of those fields (of their parent
	// when absent).
	nameLine, incidentRefLine, ownerLine, dueDateLine int
	// For the priority timescale: an incident's detection, an action's
	// priority and deadline in force (the last extension's, else dueDate)
	// with its line; zero or "" when absent or unreadable.
	detectedAt time.Time
	priority   string
	dueAt      time.Time
	dueAtLine  int
	// An action's completedAt, zero when absent or unreadable.
	completedAt     time.Time
	completedAtLine int
	// An incident's spec.relatedIncidents, with their lines.
	related []named
	// An action's spec.processReviewRef.name, "" when absent, and its line
	// (of its parent when absent).
	processReviewRef     string
	processReviewRefLine int
	// A process review's spec.incidentsReviewed, with their lines, and
	// the groups of its participants.
	incidentsReviewed []named
	groups            []string
	// raw is the object as decoded, for the rules the core decides on typed
	// objects.
	raw map[string]any
}

// named is a name written in a list, at its line.
type named struct {
	name string
	line int
}

// checked keeps what the cross-object rules need of the object.
func (o *object) checked() *checkedObject {
	return &checkedObject{
		origin:          o.origin,
		kind:            o.kind,
		namespace:       str(o.obj, "metadata", "namespace"),
		name:            str(o.obj, "metadata", "name"),
		incidentRef:     str(o.obj, "spec", "incidentRef", "name"),
		owner:           str(o.obj, "spec", "owner"),
		dueDate:         str(o.obj, "spec", "dueDate"),
		nameLine:        o.line("metadata.name"),
		incidentRefLine: o.line("spec.incidentRef.name"),
		ownerLine:       o.line("spec.owner"),
		dueDateLine:     o.line("spec.dueDate"),
		detectedAt:      parseTime(str(o.obj, "spec", "detectedAt")),
		priority:        str(o.obj, "spec", "priority"),
		dueAt:           parseTime(o.deadlineInForce()),
		dueAtLine:       o.deadlineInForceLine(),
		completedAt:     parseTime(str(o.obj, "spec", "completedAt")),
		completedAtLine: o.line("spec.completedAt"),
		related:         o.names("relatedIncidents"),
		raw:             o.obj,

		processReviewRef:     str(o.obj, "spec", "processReviewRef", "name"),
		processReviewRefLine: o.line("spec.processReviewRef.name"),
		incidentsReviewed:    o.names("incidentsReviewed"),
		groups:               o.participantGroups(),
	}
}

// participantGroups reads the group of each of a process review's
// participants; entries that are not objects the schema check reports.
func (o *object) participantGroups() []string {
	spec, _ := o.obj["spec"].(map[string]any)
	list, _ := spec["participants"].([]any)
	var out []string
	for _, v := range list {
		if p, ok := v.(map[string]any); ok {
			out = append(out, str(p, "group"))
		}
	}
	return out
}

// names reads a list of names in the spec with the line of each; entries
// that are not strings the schema check reports.
func (o *object) names(field string) []named {
	spec, _ := o.obj["spec"].(map[string]any)
	list, _ := spec[field].([]any)
	var out []named
	for i, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, named{s, o.line(fmt.Sprintf("spec.%s.%d", field, i))})
		}
	}
	return out
}

// deadlineInForce is an action's last extension's dueDate, else its
// dueDate, as written.
func (o *object) deadlineInForce() string {
	if n := len(o.extensions()); n > 0 {
		if e, ok := o.extensions()[n-1].(map[string]any); ok {
			return str(e, "dueDate")
		}
	}
	return str(o.obj, "spec", "dueDate")
}

// deadlineInForceLine is the line of the deadline in force.
func (o *object) deadlineInForceLine() int {
	if n := len(o.extensions()); n > 0 {
		return o.line(fmt.Sprintf("spec.extensions.%d.dueDate", n-1))
	}
	return o.line("spec.dueDate")
}

func (o *object) extensions() []any {
	spec, _ := o.obj["spec"].(map[string]any)
	list, _ := spec["extensions"].([]any)
	return list
}

// parseTime reads an RFC 3339 time; zero when it cannot (the schema check
// reports that).
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

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
