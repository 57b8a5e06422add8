package render

import (
	"fmt"
	"html/template"
	"io"
	texttemplate "text/template"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

var (
	reviewMarkdownTemplate = texttemplate.Must(texttemplate.New("review.md.tmpl").Funcs(funcs).
				ParseFS(templates, "templates/review.md.tmpl", "templates/common.md.tmpl"))
	reviewHTMLTemplate = template.Must(template.New("review.html.tmpl").Funcs(funcs).
				ParseFS(templates, "templates/review.html.tmpl", "templates/page.html.tmpl", "templates/style.css.tmpl"))
)

// ReviewMarkdown writes one incident's review as Markdown: the incident,
// its root cause analysis with the sign-off, its improvement actions with
// their agreed extensions and links, and its timeline. Phases and
// deadlines are judged at asAt, when the objects were read. related are
// the incidents named in spec.relatedIncidents that could be read: their
// titles and phases are shown, the others by name alone. Text from the
// cluster is escaped, as in the report.
func ReviewMarkdown(w io.Writer, c review.Case, asAt time.Time, related ...v1alpha1.Incident) error {
	if c.Incident == nil {
		return fmt.Errorf("render: no incident")
	}
	return execute(w, reviewMarkdownTemplate, buildReview(c, asAt, related), "markdown")
}

// ReviewHTML writes one incident's review as a self-contained, printable
// HTML page in the report's style: no script and nothing loaded from
// elsewhere; links to tickets and evidence are plain links. All text is
// escaped. related are as for ReviewMarkdown.
func ReviewHTML(w io.Writer, c review.Case, asAt time.Time, related ...v1alpha1.Incident) error {
	if c.Incident == nil {
		return fmt.Errorf("render: no incident")
	}
	return execute(w, reviewHTMLTemplate, buildReview(c, asAt, related), "html")
}
