package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// organisationReport is the realistic report made organisation-wide: it
// lives in the information governance namespace, rolls up four namespaces,
// one confidential, and quotes a lesson of its own namespace and one of
// another.
func organisationReport() *v1alpha1.LessonsReport {
	r := realisticReport()
	r.Namespace = "information-governance"
	r.Status.Namespaces, r.Status.ConfidentialNamespaces = 4, 1
	r.Status.Lessons = []v1alpha1.Lesson{
		{Incident: "inc-ig", Lesson: "Governance lesson."},
		{Namespace: "wards", Incident: "inc-ward", Lesson: "Ward lesson."},
	}
	return r
}

// organisationRegister has the realistic register's incidents in the
// wards namespace, and says pharmacy could not be read.
func organisationRegister() Register {
	reg := realisticRegister()
	reg.Namespace = "information-governance"
	reg.Unread = []string{"pharmacy"}
	var moved []review.Case
	for _, m := range reg.Members {
		m.Incident = m.Incident.DeepCopy()
		m.Incident.Namespace = "wards"
		actions := make([]v1alpha1.ImprovementAction, len(m.Actions))
		for i := range m.Actions {
			m.Actions[i].DeepCopyInto(&actions[i])
			actions[i].Namespace = "wards"
		}
		m.Actions = review.Refs(actions)
		moved = append(moved, m)
	}
	reg.Members = moved
	return reg
}

func TestOrganisationWideDocumentsSayWhereFrom(t *testing.T) {
	r, reg := organisationReport(), organisationRegister()
	incident := reg.Members[0].Incident.Name
	for _, c := range []struct {
		format string
		render func(*bytes.Buffer) error
		want   []string
	}{
		{"markdown", func(b *bytes.Buffer) error { return Markdown(b, r, reg) }, []string{
			"**inc-ig**: Governance lesson.",
			"**wards/inc-ward**: Ward lesson.",
			"| wards/" + incident + " |",
		}},
		{"html", func(b *bytes.Buffer) error { return HTML(b, r, reg) }, []string{
			`<p class="lesson-incident">inc-ig</p>`,
			`<p class="lesson-incident">wards/inc-ward</p>`,
			`<td class="object-name">wards/` + incident + `</td>`,
		}},
	} {
		t.Run(c.format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.render(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, want := range append(c.want,
				"This organisation-wide report rolls up the incidents of 4 namespaces.",
				"The figures include those of 1 namespace labelled confidential, whose incidents, actions and lessons are not named in this report.",
				"The action register leaves out the actions of 1 namespace, which could not be read: pharmacy.",
			) {
				if !strings.Contains(out, want) {
					t.Errorf("the %s document lacks %q", c.format, want)
				}
			}
		})
	}
}

func TestOneNamespaceDocumentsNameNoNamespace(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, realisticReport(), realisticRegister()); err != nil {
		t.Fatal(err)
	}
	for _, unwanted := range []string{"organisation-wide", "confidential"} {
		if strings.Contains(buf.String(), unwanted) {
			t.Errorf("a one-namespace report's document says %q", unwanted)
		}
	}
}
