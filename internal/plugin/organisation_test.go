package plugin

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// organisation is an organisation-wide report in information-governance
// over the northshire namespaces (wards, pharmacy and the confidential
// occupational-health), each with an incident of the period and its overdue
// action, and one namespace outside the organisation.
func organisation() []client.Object {
	northshire := map[string]string{"org": "northshire"}
	r := lessonsReport("information-governance", "fy-2026-27", true)
	r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: northshire}
	r.Status.Namespaces, r.Status.ConfidentialNamespaces = 3, 1
	objs := []client.Object{r}
	for _, ns := range []struct {
		name   string
		labels map[string]string
	}{
		{"wards", northshire},
		{"pharmacy", northshire},
		{"occupational-health", map[string]string{"org": "northshire", report.ConfidentialLabel: "true"}},
		{"elsewhere", nil},
	} {
		objs = append(objs,
			&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns.name, Labels: ns.labels}},
			fixtures.Incident(ns.name+"-incident", fixtures.InNamespace[v1alpha1.Incident](ns.name)),
			fixtures.Action(ns.name+"-action", ns.name+"-incident", fixtures.T0.Add(30*24*time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction](ns.name)),
		)
	}
	return objs
}

// refusing is a harness whose client refuses the lists that refuse says
// to, as RBAC would.
func refusing(t *testing.T, refuse func(list client.ObjectList, namespace string) bool) *harness {
	h := newHarness(t, organisation()...)
	h.client = interceptor.NewClient(h.client.(client.WithWatch), interceptor.Funcs{
		List: func(ctx context.Context, c client.WithWatch, list client.ObjectList, opts ...client.ListOption) error {
			o := (&client.ListOptions{}).ApplyOptions(opts)
			if refuse(list, o.Namespace) {
				return apierrors.NewForbidden(schema.GroupResource{Resource: "things"}, "", nil)
			}
			return c.List(ctx, list, opts...)
		},
	})
	return h
}

func TestOrganisationRegisterNamesNoConfidentialNamespace(t *testing.T) {
	h := newHarness(t, organisation()...)
	if code := h.runAt(reviewNow, "report", "fy-2026-27", "-n", "information-governance"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	out := h.stdout.String()
	for _, want := range []string{
		"1 namespace labelled confidential, whose incidents, actions and lessons are not named",
		"(wards-action) | wards/wards-incident |",
		"(pharmacy-action) | pharmacy/pharmacy-incident |",
		"2 open, of which 2 overdue",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in the document:\n%s", want, out)
		}
	}
	for _, absent := range []string{"occupational-health", "elsewhere"} {
		if strings.Contains(out, absent) {
			t.Errorf("%q must not be in the document:\n%s", absent, out)
		}
	}
}

func TestOrganisationRegisterReadsWhatItMay(t *testing.T) {
	t.Run("a confidential namespace is never read", func(t *testing.T) {
		h := refusing(t, func(_ client.ObjectList, ns string) bool { return ns == "occupational-health" })
		if code := h.runAt(reviewNow, "report", "fy-2026-27", "-n", "information-governance"); code != 0 || h.stderr.Len() > 0 {
			t.Fatalf("exit %d: %s", code, h.stderr.String())
		}
	})
	t.Run("a namespace that may not be read is left out and named", func(t *testing.T) {
		h := refusing(t, func(list client.ObjectList, ns string) bool {
			_, actions := list.(*v1alpha1.ImprovementActionList)
			return actions && ns == "pharmacy"
		})
		if code := h.runAt(reviewNow, "report", "fy-2026-27", "-n", "information-governance"); code != 0 {
			t.Fatalf("exit %d: %s", code, h.stderr.String())
		}
		if !strings.Contains(h.stderr.String(), `the action register leaves out namespace "pharmacy"`) {
			t.Errorf("stderr:\n%s", h.stderr.String())
		}
		out := h.stdout.String()
		if !strings.Contains(out, "The action register leaves out the actions of 1 namespace, which could not be read: pharmacy.") || !strings.Contains(out, "wards/wards-incident") || strings.Contains(out, "pharmacy/pharmacy-incident") {
			t.Errorf("the document:\n%s", out)
		}
	})
	t.Run("without the right to list namespaces, the register is left out", func(t *testing.T) {
		h := refusing(t, func(list client.ObjectList, _ string) bool {
			_, namespaces := list.(*corev1.NamespaceList)
			return namespaces
		})
		if code := h.runAt(reviewNow, "report", "fy-2026-27", "-n", "information-governance"); code != 0 {
			t.Fatalf("exit %d: %s", code, h.stderr.String())
		}
		if !strings.Contains(h.stderr.String(), "you may not list namespaces") || !strings.Contains(h.stdout.String(), "The actions were not read with this report.") {
			t.Errorf("stderr:\n%s\ndocument:\n%s", h.stderr.String(), h.stdout.String())
		}
	})
}
