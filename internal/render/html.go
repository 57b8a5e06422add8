package render

import (
	"fmt"
	"html/template"
	"io"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// htmlDocument is the document with its charts drawn.
type htmlDocument struct {
	*document
	MonthsChart, AreasChart, OnTimeChart chart
}

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(funcs).ParseFS(templates,
	"templates/report.html.tmpl", "templates/page.html.tmpl", "templates/style.css.tmpl", "templates/chart.html.tmpl"))

// HTML writes the report as one self-contained, printable HTML page: no
// script, and no external style sheet, font or image, so that it opens
// offline and prints as it shows. Three inline SVG charts, each with a data
// table holding the same numbers, show incidents per month, actions by
// area and state, and the on-time rates; the action register, drawn from
// reg, follows them. All text is escaped.
func HTML(w io.Writer, r *v1alpha1.LessonsReport, reg Register) error {
	if r == nil {
		return fmt.Errorf("render: no report")
	}
	d := build(r, reg)
	doc := htmlDocument{document: d, MonthsChart: incidentsByMonth(d), AreasChart: actionsByArea(d), OnTimeChart: onTime(d)}
	return execute(w, htmlTemplate, doc, "html")
}
