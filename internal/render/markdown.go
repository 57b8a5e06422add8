// Package render writes a LessonsReport as the document a SIRO hands to an
// auditor as DSPT evidence ("lessons learned report"): Markdown for review
// in Git and chat, and a self-contained, printable HTML page with charts.
// It is pure: it reads only the object it is given and writes only to w.
package render

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"text/template"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

//go:embed templates
var templates embed.FS

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

var markdownTemplate = template.Must(template.New("report.md.tmpl").Funcs(template.FuncMap{
	"md":      markdownText,
	"mdblock": markdownBlock,
	"inc":     func(i int) int { return i + 1 },
	"table":   table,
}).ParseFS(templates, "templates/report.md.tmpl"))

// Markdown writes the report as Markdown (CommonMark with GitHub tables).
// Text from the cluster (names, people, lessons) is escaped, so it shows
// literally and never turns into markup or HTML.
func Markdown(w io.Writer, r *v1alpha1.LessonsReport) error {
	if r == nil {
		return fmt.Errorf("render: no report")
	}
	var buf bytes.Buffer
	if err := markdownTemplate.Execute(&buf, build(r)); err != nil {
		return fmt.Errorf("render markdown: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
