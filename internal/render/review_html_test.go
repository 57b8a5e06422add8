package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

func renderReviewHTML(t *testing.T, c review.Case, asAt time.Time, related ...v1alpha1.Incident) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := ReviewHTML(&buf, c, asAt, related...); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), doc
}

func TestReviewHTMLIsSelfContained(t *testing.T) {
	out, doc := renderReviewHTML(t, cyberAttackCase(), cyberAttackAsAt)
	for _, tag := range []string{"script", "link", "img", "iframe", "object"} {
		if n := len(findAll(doc, tag)); n > 0 {
			t.Errorf("found %d <%s>: the page must need nothing from outside", n, tag)
		}
	}
	for _, s := range []string{"url(", "@import", " src="} {
		if strings.Contains(out, s) {
			t.Errorf("page loads something from outside it: %q", s)
		}
	}
	// Tickets and evidence are links to follow, never loaded.
	var hrefs []string
	for _, a := range findAll(doc, "a") {
		hrefs = append(hrefs, attr(a, "href"))
	}
	want := "https://servicedesk.example.nhs.uk/incidents/INC-2026-0412 https://servicedesk.example.nhs.uk/changes/CHG0042 https://jira.example.nhs.uk/browse/IG-318 https://jira.example.nhs.uk/browse/SEC-1234"
	if got := strings.Join(hrefs, " "); got != want {
		t.Errorf("links %q, want %q", got, want)
	}
	if got := text(findAll(doc, "title")[0]); got != "Incident review: Staff account compromised after a phishing e-mail imitating the IT service desk (phishing-credential-compromise-2026-05)" {
		t.Errorf("title = %q", got)
	}
}

func TestReviewHTMLEscapesUserText(t *testing.T) {
	c := cyberAttackCase()
	hostile := `<script>alert(1)</script>`
	c.Incident.Spec.Summary = hostile
	c.Incident.Spec.Owner = `"><img src=x onerror=alert(2)>`
	c.Actions[1].Spec.Links[0].URL = "javascript:alert(3)"
	out, doc := renderReviewHTML(t, c, cyberAttackAsAt)
	if n := len(findAll(doc, "script")) + len(findAll(doc, "img")); n != 0 {
		t.Fatalf("user text became %d elements", n)
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile summary is not shown escaped")
	}
	for _, a := range findAll(doc, "a") {
		if strings.HasPrefix(attr(a, "href"), "javascript:") {
			t.Errorf("a link runs script: %q", attr(a, "href"))
		}
	}
}

func TestReviewHTMLShowsWhatIsNotRecorded(t *testing.T) {
	_, doc := renderReviewHTML(t, noAnalysisCase(), cyberAttackAsAt)
	rows := map[string]string{}
	for _, r := range bodyRows(byID(doc, "table-incident")) {
		rows[r[0]] = r[1]
	}
	if rows["Contained"] != notRecorded || rows["SIRO notified"] != notRecorded {
		t.Errorf("missing times must show %q: %v", notRecorded, rows)
	}
	var marked int
	for _, span := range findAll(byID(doc, "table-incident"), "span") {
		if attr(span, "class") == "nodata" && text(span) == notRecorded {
			marked++
		}
	}
	if marked != 4 {
		t.Errorf("%d facts marked as not recorded, want 4 (occurred, contained, resolved, SIRO notified)", marked)
	}
	box := byID(doc, "sign-off")
	if attr(box, "class") != "signoff signoff-none" || !strings.Contains(text(box), "no root cause analysis yet") {
		t.Errorf("sign-off box = %q %q", attr(box, "class"), text(box))
	}
	if n := len(findAll(byID(doc, "actions"), "table")); n != 0 {
		t.Errorf("an incident without actions has %d action tables", n)
	}
}

func TestReviewHTMLActions(t *testing.T) {
	c := cyberAttackCase()
	_, doc := renderReviewHTML(t, c, cyberAttackAsAt)
	rows := bodyRows(byID(doc, "table-actions"))
	if len(rows) != 3 {
		t.Fatalf("%d action rows, want 3", len(rows))
	}
	if got := strings.Join(rows[1], " | "); got != "Give community teams protected time for phishing awareness trainingphishing-2026-05-phishing-awareness-training | rachel.mensah@example.nhs.uk | High | Done | 30 Sep 2026 17:00 | 31 Oct 2026 17:00extended once" {
		t.Errorf("extended action row = %q", got)
	}
	overdue := byID(doc, "action-phishing-2026-05-impossible-travel-alerting")
	if attr(overdue, "class") != "action phase-overdue" || !strings.Contains(text(overdue), "Overdue by 4d16h.") {
		t.Errorf("overdue action = %q %q", attr(overdue, "class"), text(overdue))
	}
}
