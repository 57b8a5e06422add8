package render

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/dspt-lessons/lessons-operator/internal/visible"
)

//go:embed templates
var templates embed.FS

// funcs are the helpers the templates call, Markdown and HTML alike.
var funcs = map[string]any{
	"md":     markdownText,
	"mdpara": markdownParagraph,
	// mdblock is multi-line text under a list item.
	"mdblock": markdownBlock,
	"inc":     func(i int) int { return i + 1 },
	"table":   table,
	"tableID": tableID,
	"actions": actionTable,
	// lessonSource names a lesson's incident, with its namespace if another.
	"lessonSource": lessonSource,
	// plural counts: "1 exercise", "2 exercises".
	"plural": plural,
	// lessonShared says who heard a lesson, "" when nobody is on record.
	"lessonShared": lessonShared,
	// sum and n place chart shapes; n writes a coordinate with at most one decimal.
	"sum": func(a, b float64) float64 { return a + b },
	"n":   func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) },
}

// tableArgs hands a caption, a heading and rows to a table sub-template.
type tableArgs struct {
	ID, Caption, Head string
	Rows              any
}

func table(caption, head string, rows any) tableArgs {
	return tableArgs{Caption: caption, Head: head, Rows: rows}
}

func tableID(id, caption, head string, rows any) tableArgs {
	return tableArgs{ID: id, Caption: caption, Head: head, Rows: rows}
}

// actionTableArgs hands actions to the "actions" sub-template: the
// incident column is left out where the document is about one incident.
type actionTableArgs struct {
	ID, Caption  string
	Rows         []actionView
	ShowIncident bool
}

func actionTable(id, caption string, rows []actionView, showIncident bool) actionTableArgs {
	return actionTableArgs{ID: id, Caption: caption, Rows: rows, ShowIncident: showIncident}
}

// executor is a parsed text or HTML template.
type executor interface {
	Execute(w io.Writer, data any) error
}

// execute renders data whole before writing it, so that a template that
// fails half-way writes nothing. Whatever text from the cluster a template
// writes without escaping it for its format (HTML escaping leaves ESC and
// CR as they are), no character that acts reaches the document but line
// breaks and tabs: the document read on a terminal shows what it says.
func execute(w io.Writer, t executor, data any, what string) error {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("render %s: %w", what, err)
	}
	_, err := io.WriteString(w, visible.Text(buf.String()))
	return err
}
