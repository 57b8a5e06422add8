package cached

import (
	"context"
	"errors"
	"slices"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// twoNamespaces are reviews in trust and care-home, one incident labelled
// for the quarterly review.
func twoNamespaces() []client.Object {
	live := fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("trust"))
	live.Labels = map[string]string{"lessons.dspt.io/review": "quarterly"}
	return []client.Object{
		live,
		fixtures.Incident("drill", fixtures.InNamespace[v1alpha1.Incident]("trust")),
		fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("care-home")),
		fixtures.RCA("phishing-rca", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust")),
		fixtures.Action("mfa", "phishing", fixtures.T0, fixtures.InNamespace[v1alpha1.ImprovementAction]("trust")),
		fixtures.Action("mfa", "phishing", fixtures.T0, fixtures.InNamespace[v1alpha1.ImprovementAction]("care-home")),
	}
}

func fakeClient(t *testing.T, objs ...client.Object) client.WithWatch {
	scheme := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	return fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).Build()
}

// names are the namespace/name of objects, sorted: informers hand them
// over in no particular order.
func names[T client.Object](objs []T) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.GetNamespace() + "/" + o.GetName()
	}
	slices.Sort(out)
	return out
}

// The manager's and the plugin's readers read the same things.
func TestInformersAndListsReadTheSame(t *testing.T) {
	quarterly := labels.SelectorFromSet(labels.Set{"lessons.dspt.io/review": "quarterly"})
	for _, c := range []struct {
		name          string
		namespace     string
		selector      labels.Selector
		wantIncidents []string
		wantRCAs      []string
		wantActions   []string
	}{
		{"one namespace", "trust", nil, []string{"trust/drill", "trust/phishing"}, []string{"trust/phishing-rca"}, []string{"trust/mfa"}},
		{"chosen incidents, every analysis and action", "trust", quarterly, []string{"trust/phishing"}, []string{"trust/phishing-rca"}, []string{"trust/mfa"}},
		{"every namespace", "", nil, []string{"care-home/phishing", "trust/drill", "trust/phishing"}, []string{"trust/phishing-rca"}, []string{"care-home/mfa", "trust/mfa"}},
		{"a namespace with none", "elsewhere", nil, []string{}, []string{}, []string{}},
	} {
		for _, src := range []struct {
			name string
			r    Reader
		}{
			{"informers", Informers(indexedCache(t, twoNamespaces()...))},
			{"lists", Lists(fakeClient(t, twoNamespaces()...))},
		} {
			t.Run(c.name+"/"+src.name, func(t *testing.T) {
				r, err := src.r.Reviews(context.Background(), c.namespace, c.selector)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(r.Incidents); !slices.Equal(got, c.wantIncidents) {
					t.Errorf("incidents %q, want %q", got, c.wantIncidents)
				}
				if got := names(r.RCAs); !slices.Equal(got, c.wantRCAs) {
					t.Errorf("analyses %q, want %q", got, c.wantRCAs)
				}
				if got := names(r.Actions); !slices.Equal(got, c.wantActions) {
					t.Errorf("actions %q, want %q", got, c.wantActions)
				}
			})
		}
	}
}

// A refused list names the resource and the namespace, and is still the
// API server's refusal underneath, so the plugin can say what to do.
func TestAFailedReadNamesWhatItRead(t *testing.T) {
	refusal := apierrors.NewForbidden(schema.GroupResource{Group: "lessons.dspt.io", Resource: "rootcauseanalyses"}, "", nil)
	c := interceptor.NewClient(fakeClient(t, twoNamespaces()...), interceptor.Funcs{
		List: func(ctx context.Context, c client.WithWatch, list client.ObjectList, opts ...client.ListOption) error {
			if _, rcas := list.(*v1alpha1.RootCauseAnalysisList); rcas {
				return refusal
			}
			return c.List(ctx, list, opts...)
		},
	})
	for _, ns := range []string{"trust", ""} {
		_, err := Lists(c).Reviews(context.Background(), ns, nil)
		le, ok := errors.AsType[*ListError](err)
		if !ok || le.Resource != "rootcauseanalyses" || le.Namespace != ns || !apierrors.IsForbidden(err) {
			t.Fatalf("%q: error %v, want the refusal to list rootcauseanalyses", ns, err)
		}
	}
	_, err := Lists(c).RCAs(context.Background(), "trust")
	if want := `list rootcauseanalyses in namespace "trust": ` + refusal.Error(); err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	_, err = Lists(c).RCAs(context.Background(), "")
	if want := `list rootcauseanalyses in any namespace: ` + refusal.Error(); err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}
