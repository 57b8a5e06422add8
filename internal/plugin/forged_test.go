package plugin

import (
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// forgery is what an engineer wrote to forge an on-call screen: clear it,
// go home, and draw an "all is well" row; with a line break and a
// right-to-left override for good measure.
const forgery = "\x1b[2J\x1b[H\rOK\tphishing   Closed\n\u202egnihsihp\u009b"

// acting lists the characters of s that would act on a terminal.
func acting(s string) []rune {
	var out []rune
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			out = append(out, r)
		}
	}
	return out
}

// Records stored before the CRDs refused control characters show
// harmlessly in every output of the plugin: the on-call screen, the
// documents in Markdown and HTML, and the warnings.
func TestARecordCannotForgeTheReadersScreen(t *testing.T) {
	now := fixtures.T0.Add(40 * 24 * time.Hour)
	objs := []client.Object{
		fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("trust-a"), func(i *v1alpha1.Incident) {
			i.Spec.Title, i.Spec.Summary, i.Spec.Owner = forgery, forgery, v1alpha1.Person("jo"+forgery+"@example.nhs.uk")
		}),
		fixtures.Action("mfa", "phishing", fixtures.T0.Add(10*24*time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction]("trust-a"),
			func(a *v1alpha1.ImprovementAction) {
				a.Spec.Title, a.Spec.Owner = forgery, v1alpha1.Person("team:"+forgery)
				a.Spec.Links = []v1alpha1.Link{{Name: forgery, URL: "https://tickets.example/" + forgery}}
			}),
	}
	for _, args := range [][]string{
		{"status", "-A"},
		{"status", "-n", "trust-a"},
		{"review", "phishing", "-n", "trust-a", "--format", "md"},
		{"review", "phishing", "-n", "trust-a", "--format", "html", "-o", "-"},
	} {
		h := newHarness(t, objs...)
		code := h.runAt(now, args...)
		for name, out := range map[string]string{"stdout": h.stdout.String(), "stderr": h.stderr.String()} {
			if rs := acting(out); len(rs) > 0 {
				t.Errorf("%v (exit %d): %s holds %q, which would act on the reader's terminal:\n%s", args, code, name, rs, out)
			}
		}
		if code == 0 && !strings.Contains(h.stdout.String(), "␛") {
			t.Errorf("%v: the forgery is not shown for what it is:\n%s", args, h.stdout.String())
		}
		if args[0] == "status" {
			for _, line := range strings.Split(h.stdout.String(), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "OK") {
					t.Errorf("%v: a row of the forger's own: %q", args, line)
				}
			}
		}
	}
}
