package lint

import (
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
)

// Placeholder marks a value still to fill in in the YAML that
// `kubectl lessons new` prints. Many such values would pass the schema
// (a title, a summary), so lint refuses the marker itself: a skeleton
// never reaches the cluster half filled.
const Placeholder = "REPLACE-ME"

// checkPlaceholders reports every value of the object that still holds
// the placeholder, at its line.
func (l *linter) checkPlaceholders(o *object) {
	walkScalars(o.root, "", map[*yamlv3.Node]bool{}, func(path string, n *yamlv3.Node) {
		if strings.Contains(n.Value, Placeholder) {
			l.errorAt(o.origin, n.Line, "%s: %s is a placeholder: fill it in", path, Placeholder)
		}
	})
}

// walkScalars calls visit with the field path of every scalar value under
// n; seen guards against alias cycles.
func walkScalars(n *yamlv3.Node, path string, seen map[*yamlv3.Node]bool, visit func(string, *yamlv3.Node)) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	switch n.Kind {
	case yamlv3.DocumentNode:
		for _, c := range n.Content {
			walkScalars(c, path, seen, visit)
		}
	case yamlv3.AliasNode:
		walkScalars(n.Alias, path, seen, visit)
	case yamlv3.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkScalars(n.Content[i+1], joinPath(path, n.Content[i].Value), seen, visit)
		}
	case yamlv3.SequenceNode:
		for i, c := range n.Content {
			walkScalars(c, path+"["+strconv.Itoa(i)+"]", seen, visit)
		}
	case yamlv3.ScalarNode:
		visit(path, n)
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
