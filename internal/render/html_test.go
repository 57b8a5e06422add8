package render

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

func renderHTML(t *testing.T, r *v1alpha1.LessonsReport) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, r, Register{}); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), doc
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// findAll lists the elements under n with the tag, in document order.
func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && c.Data == tag {
			out = append(out, c)
		}
	}
	return out
}

func byID(root *html.Node, id string) *html.Node {
	for c := range root.Descendants() {
		if c.Type == html.ElementNode && attr(c, "id") == id {
			return c
		}
	}
	return nil
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// bodyRows returns each tbody row of a table as its cells' text.
func bodyRows(table *html.Node) [][]string {
	var rows [][]string
	for _, tb := range findAll(table, "tbody") {
		for _, tr := range findAll(tb, "tr") {
			var cells []string
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					cells = append(cells, strings.TrimSpace(text(c)))
				}
			}
			rows = append(rows, cells)
		}
	}
	return rows
}

func TestHTMLChartsHaveTitlesBarsAndDataTables(t *testing.T) {
	_, doc := renderHTML(t, realisticReport())
	wantRows := map[string]int{"chart-incidents-by-month": 12, "chart-actions-by-area": 9, "chart-on-time": 2}
	for id, rows := range wantRows {
		svg := byID(doc, id)
		if svg == nil || svg.Data != "svg" {
			t.Fatalf("no <svg id=%q>", id)
		}
		titles := findAll(svg, "title")
		if len(titles) == 0 || strings.TrimSpace(text(titles[0])) == "" || attr(titles[0], "id") != id+"-title" {
			t.Errorf("%s: the first <title> must name the chart", id)
		}
		if n := len(findAll(svg, "rect")); n == 0 {
			t.Errorf("%s: no bars drawn", id)
		}
		table := byID(doc, attr(svg, "aria-describedby"))
		if table == nil || table.Data != "table" {
			t.Fatalf("%s: aria-describedby=%q names no table", id, attr(svg, "aria-describedby"))
		}
		if got := len(bodyRows(table)); got != rows {
			t.Errorf("%s: data table has %d rows, want %d", id, got, rows)
		}
	}

	areas := bodyRows(byID(doc, "table-actions-by-area"))
	for i, a := range v1alpha1.ImprovementAreas {
		if areas[i][0] != areaName(a) {
			t.Errorf("area row %d = %q, want %q", i, areas[i][0], areaName(a))
		}
	}
	if got := areas[0]; strings.Join(got, ",") != "Policies, processes and procedures,7,5,1,1,0" {
		t.Errorf("first area row = %v", got)
	}
	months := bodyRows(byID(doc, "table-incidents-by-month"))
	if got := strings.Join(months[4], ","); got != "Aug 2026,0,0,0" {
		t.Errorf("a month without incidents must be listed with zeros, got %q", got)
	}
	onTime := bodyRows(byID(doc, "table-on-time"))
	if got := strings.Join(onTime[0], ","); got != "Actions completed on time,Completed actions,79%,no data" {
		t.Errorf("on-time row = %q", got)
	}
}

func TestHTMLEscapesUserText(t *testing.T) {
	r := realisticReport()
	hostile := `<script>alert(1)</script>`
	r.Status.Lessons[0].Lesson = hostile
	r.Spec.SIRO = `"><img src=x onerror=alert(2)>`
	out, doc := renderHTML(t, r)
	if n := len(findAll(doc, "script")) + len(findAll(doc, "img")); n != 0 {
		t.Fatalf("user text became %d elements", n)
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile lesson is not shown escaped")
	}
	var found bool
	for _, p := range findAll(doc, "p") {
		if attr(p, "class") == "lesson-text" && text(p) == hostile {
			found = true
		}
	}
	if !found {
		t.Error("the lesson's text is not shown literally")
	}
}

func TestHTMLIsSelfContainedAndPrintable(t *testing.T) {
	out, doc := renderHTML(t, realisticReport())
	for _, tag := range []string{"script", "link", "img", "iframe", "object"} {
		if n := len(findAll(doc, tag)); n > 0 {
			t.Errorf("found %d <%s>: the page must need nothing from outside", n, tag)
		}
	}
	stripped := strings.ReplaceAll(out, `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, s := range []string{"http://", "https://", "url(", "@import", " src="} {
		if strings.Contains(stripped, s) {
			t.Errorf("page refers to something outside it: %q", s)
		}
	}
	for _, s := range []string{"@media print", "@page"} {
		if !strings.Contains(out, s) {
			t.Errorf("no %s rules", s)
		}
	}
	if got := len(findAll(doc, "svg")); got != 3 {
		t.Errorf("%d charts, want 3", got)
	}
	if !strings.Contains(text(doc), "excluded from the incident-response figures") {
		t.Error("the near-miss exclusion (D2.b) is not stated")
	}
}

func TestHTMLNoDataIsNeverZero(t *testing.T) {
	_, doc := renderHTML(t, emptyReport())
	svg := byID(doc, "chart-on-time")
	var shown int
	for _, n := range findAll(svg, "text") {
		if text(n) == noData {
			shown++
		}
	}
	if shown != 2 {
		t.Errorf("on-time chart shows %q for %d rates, want 2", noData, shown)
	}
	for _, r := range findAll(svg, "rect") {
		if attr(r, "class") == "bar-ontime" && text(r) != "" { // the legend key has no title
			t.Errorf("a rate with no data is drawn as a bar: %q", text(r))
		}
	}
	for _, row := range bodyRows(byID(doc, "table-kpis")) {
		if row[2] != noData {
			t.Errorf("KPI %q = %q, want %q", row[0], row[2], noData)
		}
	}
	if !strings.Contains(text(byID(doc, "chart-incidents-by-month")), "No incidents or near misses") {
		t.Error("an empty month chart must say so")
	}
}

func TestHTMLSignOffStates(t *testing.T) {
	for _, tc := range []struct {
		report      *v1alpha1.LessonsReport
		class, want string
	}{
		{realisticReport(), "signoff signoff-none", "Not signed off"},
		{signedOffReport(), "signoff signoff-approved", "Approved by siro@northshire.example.nhs.uk on 10 April 2027 14:30 UTC"},
		{staleReport(), "signoff signoff-stale", "the approval no longer stands"},
	} {
		_, doc := renderHTML(t, tc.report)
		box := byID(doc, "sign-off")
		if attr(box, "class") != tc.class || !strings.Contains(text(box), tc.want) {
			t.Errorf("sign-off box = %q %q, want %q containing %q", attr(box, "class"), text(box), tc.class, tc.want)
		}
	}
}

func TestHTMLTitleNamesReportAndPeriod(t *testing.T) {
	_, doc := renderHTML(t, uncomputedReport())
	title := text(findAll(doc, "title")[0])
	if title != "Lessons learned report: since-go-live (1 October 2026 to date)" {
		t.Errorf("title = %q", title)
	}
	if !strings.Contains(text(doc), "has not computed this report's figures yet") {
		t.Error("an uncomputed report must say so")
	}
}

func TestHTMLActionRegister(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, realisticReport(), realisticRegister()); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows := bodyRows(byID(doc, "table-action-register"))
	if len(rows) != 4 {
		t.Fatalf("%d register rows, want 4 (the exercise's and the process review's open actions too)", len(rows))
	}
	if got := strings.Join(rows[0][1:], " | "); got != "phishing-credential-compromise-2026-05 | team:security-operations | High | Overdue | 29 Jan 2027 17:00 | 29 Jan 2027 17:00" {
		t.Errorf("overdue row = %q", got)
	}
	if got := strings.Join(rows[1][1:], " | "); got != "review/process-workshop-2027-02 | team:clinical-systems | High | Overdue | 31 Mar 2027 17:00 | 31 Mar 2027 17:00" {
		t.Errorf("a process review's overdue action is named with its review: %q", got)
	}
	_, unread := renderHTML(t, realisticReport())
	if section := byID(unread, "action-register"); !strings.Contains(text(section), "The actions were not read with this report.") {
		t.Errorf("a register not read must say so: %q", text(section))
	}
}
