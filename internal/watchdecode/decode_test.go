package watchdecode

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/watch"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	restclientwatch "k8s.io/client-go/rest/watch"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/stored"
)

var (
	scheme    = newScheme()
	actionGVK = v1alpha1.GroupVersion.WithKind("ImprovementAction")
)

// reviewKinds are the kinds of a review, as the informers of each know
// theirs.
var reviewKinds = []kind{
	kindOf(v1alpha1.GroupVersion.WithKind("Incident"), &v1alpha1.Incident{}),
	kindOf(v1alpha1.GroupVersion.WithKind("RootCauseAnalysis"), &v1alpha1.RootCauseAnalysis{}),
	kindOf(actionGVK, &v1alpha1.ImprovementAction{}),
}

func newScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{clientgoscheme.AddToScheme, v1alpha1.AddToScheme} {
		if err := add(s); err != nil {
			panic(err)
		}
	}
	return s
}

func standard() runtime.NegotiatedSerializer {
	return serializer.WithoutConversionCodecFactory{CodecFactory: serializer.NewCodecFactory(scheme)}
}

// quick is the serializer of a client that knows the kinds of a review.
func quick(c *counts) runtime.NegotiatedSerializer {
	return newNegotiated(standard(), c, reviewKinds...)
}

// served is a watch event as the API server writes it: the object as a
// custom resource is written (untyped, its keys in order), in a
// metav1.WatchEvent written by the JSON serializer.
func served(t testing.TB, typ watch.EventType, obj runtime.Object) []byte {
	t.Helper()
	var object bytes.Buffer
	switch o := obj.(type) {
	case *metav1.Status:
		o.SetGroupVersionKind(metav1.SchemeGroupVersion.WithKind("Status"))
		if err := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{}).Encode(o, &object); err != nil {
			t.Fatal(err)
		}
	default:
		u, ok := obj.(*unstructured.Unstructured)
		if !ok {
			gvks, _, err := scheme.ObjectKinds(obj)
			if err != nil {
				t.Fatal(err)
			}
			content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
			if err != nil {
				t.Fatal(err)
			}
			u = &unstructured.Unstructured{Object: content}
			u.SetGroupVersionKind(gvks[0])
		}
		if err := unstructured.UnstructuredJSONScheme.Encode(u, &object); err != nil {
			t.Fatal(err)
		}
	}
	var event bytes.Buffer
	encoder := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{})
	if err := encoder.Encode(&metav1.WatchEvent{Type: string(typ), Object: runtime.RawExtension{Raw: object.Bytes()}}, &event); err != nil {
		t.Fatal(err)
	}
	return event.Bytes()
}

// decoded is a watch's events as a client with the serializer reads them,
// and the error that ended the stream (nil for its end).
func decoded(t testing.TB, ns runtime.NegotiatedSerializer, stream []byte) ([]watch.Event, error) {
	t.Helper()
	objects, events, framer, err := runtime.NewClientNegotiator(ns, v1alpha1.GroupVersion).StreamDecoder(runtime.ContentTypeJSON, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := restclientwatch.NewDecoder(streaming.NewDecoder(framer.NewFrameReader(io.NopCloser(bytes.NewReader(stream))), events), objects)
	var out []watch.Event
	for {
		typ, obj, err := d.Decode()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, watch.Event{Type: typ, Object: obj})
	}
}

// bothWays decodes a stream the standard way and the quick way, and says
// how the quick way went.
func bothWays(t *testing.T, stream []byte) (want, got []watch.Event, c *counts) {
	t.Helper()
	want, err := decoded(t, standard(), stream)
	if err != nil {
		t.Fatal(err)
	}
	c = &counts{}
	if got, err = decoded(t, quick(c), stream); err != nil {
		t.Fatal(err)
	}
	return want, got, c
}

func reviewsStream(t testing.TB, n int) ([]byte, []client.Object) {
	objs, err := stored.Reviews(n, false)
	if err != nil {
		t.Fatal(err)
	}
	var stream []byte
	for _, obj := range objs {
		stream = append(stream, served(t, watch.Added, obj)...)
	}
	return stream, objs
}

func TestQuickDecodingReadsWhatTheStandardDecodingReads(t *testing.T) {
	stream, objs := reviewsStream(t, 3)
	bookmark := &unstructured.Unstructured{}
	bookmark.SetGroupVersionKind(actionGVK)
	bookmark.SetResourceVersion("4711")
	bookmark.SetAnnotations(map[string]string{metav1.InitialEventsAnnotationKey: "true"})
	unreadable := fixtures.UnreadableAction("unreadable", "incident-0000")
	unreadable.SetNamespace("trust")
	for _, ev := range []struct {
		typ watch.EventType
		obj runtime.Object
	}{
		{watch.Modified, objs[2]},
		{watch.Deleted, objs[3]},
		{watch.Added, unreadable},
		{watch.Bookmark, bookmark},
		{watch.Error, &metav1.Status{Status: metav1.StatusFailure, Code: 410, Reason: metav1.StatusReasonExpired, Message: "too old resource version"}},
	} {
		stream = append(stream, served(t, ev.typ, ev.obj)...)
	}
	want, got, c := bothWays(t, stream)
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("event %d: %s %#v\nwant %s %#v", i, got[i].Type, got[i].Object, want[i].Type, want[i].Object)
		}
	}
	if a, ok := got[len(got)-3].Object.(*v1alpha1.ImprovementAction); !ok || a.Unreadable() == "" {
		t.Errorf("the unreadable action came out as %#v, want one that says why it is unreadable", got[len(got)-3].Object)
	}
	// Every object of the reviews takes the quick way (36 added, one
	// modified, one deleted, the unreadable action and the bookmark); the
	// Status does not.
	if q, s := c.quick.Load(), c.standard.Load(); q != 40 || s != 1 {
		t.Errorf("decoded %d the quick way and %d the standard way, want 40 and 1", q, s)
	}
	if split := c.split.Load(); split != int64(len(want)) {
		t.Errorf("split %d events without reading their objects, want every one (%d)", split, len(want))
	}
}

func TestAnObjectWrittenOtherwiseIsDecodedTheStandardWay(t *testing.T) {
	a := fixtures.Action("typed-order", "incident", fixtures.T0)
	a.SetGroupVersionKind(actionGVK)
	var object bytes.Buffer
	// A typed object's keys come as its struct has them: kind first.
	if err := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{}).Encode(a, &object); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(object.String(), `{"kind":"ImprovementAction"`) {
		t.Fatalf("the object begins %.40s, want the kind first", object.String())
	}
	stream := []byte(`{"object":` + strings.TrimSpace(object.String()) + `,"type":"ADDED"}` + "\n")
	want, got, c := bothWays(t, stream)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %#v, want %#v", got, want)
	}
	if c.quick.Load() != 0 || c.standard.Load() != 1 || c.split.Load() != 0 {
		t.Errorf("decoded %d the quick way and %d the standard way, split %d events, want 0, 1 and 0", c.quick.Load(), c.standard.Load(), c.split.Load())
	}
}

func TestAnObjectThatIsNotJSONFailsEitherWay(t *testing.T) {
	for _, object := range []string{
		`{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"ImprovementAction",,}`,
		`{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"ImprovementAction","metadata":{"name":x}}`,
	} {
		stream := []byte(`{"type":"ADDED","object":` + object + "}\n")
		for name, ns := range map[string]runtime.NegotiatedSerializer{"standard": standard(), "quick": quick(&counts{})} {
			if events, err := decoded(t, ns, stream); err == nil {
				t.Errorf("%s: %s decoded as %#v, want an error", name, object, events)
			}
		}
	}
}
