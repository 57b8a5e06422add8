package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// htmlDocument is the document with its charts drawn.
type htmlDocument struct {
	*document
	MonthsChart, AreasChart, OnTimeChart chart
}

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	// n writes a coordinate with at most one decimal.
	"sum":     func(a, b float64) float64 { return a + b },
	"n":       func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) },
	"inc":     func(i int) int { return i + 1 },
	"table":   table,
	"tableID": tableID,
}).ParseFS(templates,
	"templates/report.html.tmpl", "templates/style.css.tmpl", "templates/chart.html.tmpl"))

// HTML writes the report as one self-contained, printable HTML page: no
// script, and no external style sheet, font or image, so that it opens
// offline and prints as it shows. Three inline SVG charts, each with a data
// table holding the same numbers, show incidents per month, actions by
// area and state, and the on-time rates. All text is escaped.
func HTML(w io.Writer, r *v1alpha1.LessonsReport) error {
	if r == nil {
		return fmt.Errorf("render: no report")
	}
	d := build(r)
	doc := htmlDocument{document: d, MonthsChart: incidentsByMonth(d), AreasChart: actionsByArea(d), OnTimeChart: onTime(d)}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, doc); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
