// Package render writes the documents a SIRO hands to an auditor as DSPT
// evidence: the LessonsReport ("lessons learned report", with its action
// register) and one incident's review ("reports and findings from root
// cause analysis investigations"). Each is Markdown, for review in Git and
// chat, or a self-contained, printable HTML page. It is pure: it reads only
// the objects it is given and writes only to w.
package render

import (
	"fmt"
	"io"
	"text/template"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

var markdownTemplate = template.Must(template.New("report.md.tmpl").Funcs(funcs).
	ParseFS(templates, "templates/report.md.tmpl", "templates/common.md.tmpl"))

// Markdown writes the report as Markdown (CommonMark with GitHub tables),
// with the action register drawn from reg. Text from the cluster (names,
// people, lessons) is escaped, so it shows literally and never turns into
// markup or HTML.
func Markdown(w io.Writer, r *v1alpha1.LessonsReport, reg Register) error {
	if r == nil {
		return fmt.Errorf("render: no report")
	}
	return execute(w, markdownTemplate, build(r, reg), "markdown")
}
