package render

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/learning"
)

// packAsAt is when the golden packs are made.
var packAsAt = ts("2027-04-20T10:00:00Z").Time

// goldenPack is the pack of the review fixtures for an audience: the
// closed incident and the cyber attack, both signed off, and, with draft,
// a copy of the first awaiting sign-off.
func goldenPack(audience v1alpha1.Audience, draft bool) *learning.Pack {
	sources := []learning.Source{{Case: closedOnTimeCase()}, {Case: cyberAttackCase()}}
	if draft {
		c := closedOnTimeCase()
		c.Incident.Name, c.RCA.Name = "second-"+c.Incident.Name, "second-"+c.RCA.Name
		c.RCA.Spec.SignOff = nil
		sources = append(sources, learning.Source{Case: c})
	}
	return learning.Build(sources, learning.Options{Audience: audience, Draft: draft, Now: packAsAt,
		From: ts("2026-04-01T00:00:00Z").Time, To: ts("2027-04-01T00:00:00Z").Time, Namespaces: []string{"northshire-trust"}})
}

func renderPack(t *testing.T, f func(io.Writer, *learning.Pack) error, p *learning.Pack) string {
	t.Helper()
	var buf bytes.Buffer
	if err := f(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestPackGolden(t *testing.T) {
	icb := goldenPack(v1alpha1.AudienceICB, false)
	checkGoldenFile(t, "pack-icb.golden.md", renderPack(t, PackMarkdown, icb))
	checkGoldenFile(t, "pack-icb.golden.html", renderPack(t, PackHTML, icb))
	checkGoldenFile(t, "pack-icb.golden.json", renderPack(t, PackJSON, icb))
	checkGoldenFile(t, "pack-staff-draft.golden.md", renderPack(t, PackMarkdown, goldenPack(v1alpha1.AudienceStaff, true)))
}

// A draft says so at its head, on every incident not signed off and at its
// foot; on paper, the HTML's fixed mark prints on every page.
func TestDraftPackIsMarkedDraft(t *testing.T) {
	p := goldenPack(v1alpha1.AudienceStaff, true)
	md := renderPack(t, PackMarkdown, p)
	if !strings.HasPrefix(md, "**DRAFT") || !strings.HasSuffix(strings.TrimSpace(md), "learning.**") || !strings.Contains(md, "(DRAFT)") {
		t.Errorf("the Markdown draft is not marked DRAFT at its head, its foot and on the draft incident:\n%s", md)
	}
	page := renderPack(t, PackHTML, p)
	for _, want := range []string{`<title>DRAFT: Learning pack`, `class="draft-mark"`, `id="draft"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the HTML draft lacks %s", want)
		}
	}
	if strings.Contains(renderPack(t, PackHTML, goldenPack(v1alpha1.AudienceStaff, false)), "DRAFT") {
		t.Errorf("a signed-off pack says DRAFT")
	}
}

// packSchema compiles the published schema of the pack's JSON form.
func packSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "docs", "learning-pack.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.NewCompiler().Compile(path)
	if err != nil {
		t.Fatalf("the published schema does not compile: %v", err)
	}
	return s
}

func TestPackJSONMatchesThePublishedSchema(t *testing.T) {
	schema := packSchema(t)
	valid := func(t *testing.T, doc string) error {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		return schema.Validate(v)
	}
	for name, p := range map[string]*learning.Pack{
		"for the ICB":          goldenPack(v1alpha1.AudienceICB, false),
		"a draft for staff":    goldenPack(v1alpha1.AudienceStaff, true),
		"empty, for the board": learning.Build(nil, learning.Options{Audience: v1alpha1.AudienceBoard, Now: packAsAt}),
	} {
		t.Run(name, func(t *testing.T) {
			if err := valid(t, renderPack(t, PackJSON, p)); err != nil {
				t.Errorf("the pack does not match the schema: %v", err)
			}
		})
	}
	good := renderPack(t, PackJSON, goldenPack(v1alpha1.AudienceICB, false))
	for name, broken := range map[string]func(map[string]any){
		"another apiVersion":   func(m map[string]any) { m["apiVersion"] = "lessons.dspt.io/learning-pack/v2" },
		"an unknown audience":  func(m map[string]any) { m["audience"] = "Press" },
		"a field it never has": func(m map[string]any) { m["namespace"] = "northshire-trust" },
		"a name for reference": func(m map[string]any) { incident(m)["reference"] = "phishing-2026-05" },
		"an incident's owner":  func(m map[string]any) { incident(m)["owner"] = "team:cyber-security" },
		"an address in text":   func(m map[string]any) { incident(m)["lessons"] = "Ask jo.bloggs@example.nhs.uk" },
		"a time, not a day":    func(m map[string]any) { incident(m)["detectedOn"] = "2026-05-04T09:30:00Z" },
		"nothing withheld":     func(m map[string]any) { m["withheld"] = []any{} },
	} {
		t.Run("refuses "+name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(good), &m); err != nil {
				t.Fatal(err)
			}
			broken(m)
			b, _ := json.Marshal(m)
			if valid(t, string(b)) == nil {
				t.Errorf("the schema accepts a pack with %s", name)
			}
		})
	}
}

// incident is the first incident of a pack read as JSON.
func incident(m map[string]any) map[string]any { return m["incidents"].([]any)[0].(map[string]any) }

func TestPackInHeadlessChromium(t *testing.T) {
	bin := chromium(t)
	p := goldenPack(v1alpha1.AudienceStaff, true)
	page := writePage(t, "pack.html", func(w io.Writer) error { return PackHTML(w, p) })
	doc := browserDOM(t, bin, page)
	for _, id := range []string{"incidents", "withheld", "draft", "L1", "L2", "L3"} {
		if byID(doc, id) == nil {
			t.Errorf("the browser's DOM has no element with id %q", id)
		}
	}
	if got := len(bodyRows(byID(doc, "table-withheld"))); got != len(p.Withheld) {
		t.Errorf("the withheld table has %d rows in the browser's DOM, want %d", got, len(p.Withheld))
	}
	body := text(findAll(doc, "main")[0])
	for _, i := range p.Incidents {
		if !strings.Contains(body, i.Lessons) {
			t.Errorf("the lessons of %s are missing from the rendered page", i.Reference)
		}
	}
	for _, never := range []string{"northshire-trust", "@", "team:"} {
		if strings.Contains(body, never) {
			t.Errorf("the rendered page holds %q", never)
		}
	}
	pdf := strings.TrimSuffix(page, ".html") + ".pdf"
	runChromium(t, bin, page, "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	if st, err := os.Stat(pdf); err != nil || st.Size() < 10_000 {
		t.Errorf("the pack did not print to PDF: %v", err)
	}
	t.Run("screenshot", func(t *testing.T) { checkScreenshot(t, bin, page, 2000) })
}
