package validation_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// without returns obj as unstructured with the field at the dotted path
// removed: a field left out of the YAML, which the Go types cannot express
// for fields they always write. A number in the path indexes a list
// ("spec.causes.0.type").
func without(obj client.Object, path string) *unstructured.Unstructured {
	u := asWritten(obj)
	if parent, last := walkTo(u.Object, path, false); parent != nil {
		delete(parent, last)
	}
	return u
}

// withRaw returns obj as unstructured with the field at the dotted path set
// to value as written in YAML, for values the Go types cannot express (a
// timestamp without a zone, a duration in words, an empty string where the
// Go types omit it). A number in the path indexes a list.
func withRaw(obj client.Object, path string, value any) *unstructured.Unstructured {
	u := asWritten(obj)
	parent, last := walkTo(u.Object, path, true)
	parent[last] = runtime.DeepCopyJSONValue(value)
	return u
}

// walkTo follows the dotted path in obj and returns the object holding the
// last field and that field's name. It makes the objects the path lacks if
// asked to, and otherwise returns a nil object when one is lacking.
func walkTo(obj map[string]any, path string, makeMissing bool) (map[string]any, string) {
	fields := strings.Split(path, ".")
	var node any = obj
	for _, f := range fields[:len(fields)-1] {
		switch n := node.(type) {
		case map[string]any:
			if _, ok := n[f]; !ok {
				if !makeMissing {
					return nil, ""
				}
				n[f] = map[string]any{}
			}
			node = n[f]
		case []any:
			i, err := strconv.Atoi(f)
			if err != nil || i < 0 || i >= len(n) {
				panic(fmt.Sprintf("%s: %q is not an index of a list of %d", path, f, len(n)))
			}
			node = n[i]
		default:
			panic(fmt.Sprintf("%s: cannot go into %q", path, f))
		}
	}
	parent, ok := node.(map[string]any)
	if !ok {
		panic(fmt.Sprintf("%s: the field's parent is not an object", path))
	}
	return parent, fields[len(fields)-1]
}

// asWritten is a typed object as a user writes it: unstructured, without
// the (empty) status.
func asWritten(obj client.Object) *unstructured.Unstructured {
	u, err := testenv.ToUnstructured(obj)
	if err != nil {
		panic(err)
	}
	delete(u.Object, "status")
	return u
}

var dottedIndex = regexp.MustCompile(`\.([0-9]+)(\.|$)`)

// fieldPath writes a dotted path as the API server names the field:
// spec.externalReports.0.reportedAt is spec.externalReports[0].reportedAt.
func fieldPath(path string) string { return dottedIndex.ReplaceAllString(path, "[$1]$2") }
