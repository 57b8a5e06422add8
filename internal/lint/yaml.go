package lint

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
)

// yamlDocument is one document of a multi-document YAML file.
type yamlDocument struct {
	// line is the line of the file the document starts on (1-based).
	line int
	data []byte
}

// splitDocuments splits a file into documents the way kubectl does: at
// lines that start with "---", followed by nothing but blanks or a
// comment. Each document remembers the line it starts on.
func splitDocuments(data []byte) []yamlDocument {
	var docs []yamlDocument
	cur := yamlDocument{line: 1}
	for i, l := range bytes.SplitAfter(data, []byte("\n")) {
		if isDocumentSeparator(l) {
			docs = append(docs, cur)
			cur = yamlDocument{line: i + 2}
			continue
		}
		cur.data = append(cur.data, l...)
	}
	return append(docs, cur)
}

func isDocumentSeparator(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("---"))
	if !ok {
		return false
	}
	rest = bytes.TrimSpace(rest)
	return len(rest) == 0 || rest[0] == '#'
}

// parseNode parses a document into its node tree, with lines of the file.
// It returns nil for a document with no content (comments only).
func parseNode(doc yamlDocument) (*yamlv3.Node, error) {
	var n yamlv3.Node
	if err := yamlv3.Unmarshal(doc.data, &n); err != nil {
		return nil, shiftYAMLError(err, doc.line-1)
	}
	if n.Kind == 0 || len(n.Content) == 0 {
		return nil, nil
	}
	shiftLines(&n, doc.line-1, map[*yamlv3.Node]bool{})
	return n.Content[0], nil
}

func shiftLines(n *yamlv3.Node, by int, seen map[*yamlv3.Node]bool) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by, seen)
	}
}

var yamlErrorLine = regexp.MustCompile(`\bline (\d+)\b`)

// yamlError is a YAML syntax error at a line of the file.
type yamlError struct {
	line    int
	message string
}

func (e *yamlError) Error() string { return e.message }

// shiftYAMLError moves the line numbers in a parser error from the
// document's to the file's, and strips the "yaml: line N:" prefix into the
// error's line.
func shiftYAMLError(err error, by int) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := by + 1
	if m := yamlErrorLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = n + by
	}
	msg = yamlErrorLine.ReplaceAllStringFunc(msg, func(s string) string {
		n, _ := strconv.Atoi(strings.TrimPrefix(s, "line "))
		return "line " + strconv.Itoa(n+by)
	})
	if prefix := "line " + strconv.Itoa(line) + ": "; strings.HasPrefix(msg, prefix) {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return &yamlError{line: line, message: "invalid YAML: " + msg}
}

// lineOf finds the line of a field path ("spec.causes[0].type", as field
// errors and pruning write them) in a document: the line of the deepest
// part of the path that is present, so a missing field points at its
// parent, and an empty path at the object's first line.
func lineOf(root *yamlv3.Node, path string) int {
	n := root
	line := root.Line
	for _, seg := range splitFieldPath(path) {
		n = resolveAlias(n)
		next, at := child(n, seg)
		if next == nil {
			break
		}
		n, line = next, at
	}
	return line
}

// child finds a mapping key or sequence index, and the line to point at:
// a key's own line, or an item's.
func child(n *yamlv3.Node, seg string) (*yamlv3.Node, int) {
	switch n.Kind {
	case yamlv3.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i+1], n.Content[i].Line
			}
		}
	case yamlv3.SequenceNode:
		i, err := strconv.Atoi(seg)
		if err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i].Line
		}
	}
	return nil, 0
}

func resolveAlias(n *yamlv3.Node) *yamlv3.Node {
	for n != nil && n.Kind == yamlv3.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// splitFieldPath splits "spec.causes[0].type" into spec, causes, 0, type,
// and "metadata.labels[a.b/c]" into metadata, labels, a.b/c.
func splitFieldPath(path string) []string {
	var segs []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			segs = append(segs, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '.':
			flush()
		case '[':
			flush()
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				cur.WriteString(path[i+1:])
				i = len(path)
				continue
			}
			segs = append(segs, path[i+1:i+end])
			i += end
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return segs
}
