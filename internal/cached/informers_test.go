package cached

import (
	"context"
	"testing"

	"k8s.io/apimachinery/pkg/labels"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// indexedInformer is an informer over an indexer, as a cache hands out.
type indexedInformer struct {
	cache.Informer
	indexer toolscache.Indexer
}

func (i indexedInformer) GetIndexer() toolscache.Indexer { return i.indexer }

// informers serves one indexer per kind.
type informers struct {
	cache.Informers
	byKind map[string]toolscache.Indexer
}

func (f informers) GetInformer(_ context.Context, obj client.Object, _ ...cache.InformerGetOption) (cache.Informer, error) {
	return indexedInformer{indexer: f.byKind[kind(obj)]}, nil
}

func kind(obj client.Object) string {
	switch obj.(type) {
	case *v1alpha1.Incident:
		return "Incident"
	case *v1alpha1.RootCauseAnalysis:
		return "RootCauseAnalysis"
	case *v1alpha1.ImprovementAction:
		return "ImprovementAction"
	default:
		return "LessonsReport"
	}
}

func indexedCache(t *testing.T, objs ...client.Object) informers {
	f := informers{byKind: map[string]toolscache.Indexer{}}
	for _, k := range []string{"Incident", "RootCauseAnalysis", "ImprovementAction", "LessonsReport"} {
		f.byKind[k] = toolscache.NewIndexer(toolscache.MetaNamespaceKeyFunc, toolscache.Indexers{toolscache.NamespaceIndex: toolscache.MetaNamespaceIndexFunc})
	}
	for _, o := range objs {
		if err := f.byKind[kind(o)].Add(o); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func TestInformersHandOverTheCachedObjectsOfOneNamespace(t *testing.T) {
	live := fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("trust"))
	live.Labels = map[string]string{"lessons.dspt.io/review": "quarterly"}
	drill := fixtures.Incident("drill", fixtures.InNamespace[v1alpha1.Incident]("trust"))
	elsewhere := fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("care-home"))
	rca := fixtures.RCA("phishing-rca", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust"))
	action := fixtures.Action("mfa", "phishing", fixtures.T0, fixtures.InNamespace[v1alpha1.ImprovementAction]("trust"))
	otherAction := fixtures.Action("mfa", "phishing", fixtures.T0, fixtures.InNamespace[v1alpha1.ImprovementAction]("care-home"))
	in := Informers(indexedCache(t, live, drill, elsewhere, rca, action, otherAction))

	selector := labels.SelectorFromSet(labels.Set{"lessons.dspt.io/review": "quarterly"})
	r, err := in.Reviews(context.Background(), "trust", selector)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Incidents) != 1 || r.Incidents[0] != live {
		t.Errorf("incidents %v, want the cached quarterly incident itself, not the drill or another namespace's", r.Incidents)
	}
	if len(r.RCAs) != 1 || r.RCAs[0] != rca || len(r.Actions) != 1 || r.Actions[0] != action {
		t.Errorf("analyses %v, actions %v: want the namespace's own cached objects", r.RCAs, r.Actions)
	}
	all, err := in.Reviews(context.Background(), "trust", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Incidents) != 2 {
		t.Errorf("%d incidents with no selector, want both of the namespace's", len(all.Incidents))
	}
	reports, err := in.Reports(context.Background(), "trust")
	if err != nil || len(reports) != 0 {
		t.Errorf("reports %v (%v), want none", reports, err)
	}
}

func TestInformersRefuseAnInformerWithoutAnIndexer(t *testing.T) {
	in := Informers(bare{})
	if _, err := in.Reviews(context.Background(), "trust", nil); err == nil {
		t.Error("read an informer that holds no indexer, want an error")
	}
}

// bare serves informers with no indexer to read.
type bare struct{ cache.Informers }

func (bare) GetInformer(context.Context, client.Object, ...cache.InformerGetOption) (cache.Informer, error) {
	return struct{ cache.Informer }{}, nil
}
