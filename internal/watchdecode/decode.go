package watchdecode

import (
	"bytes"
	"encoding/json"
	"sync/atomic"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

// counts is how many objects each way decoded, and how many events were
// split without reading their object.
type counts struct {
	quick, standard, split atomic.Int64
}

// events decodes a frame of a watch into its metav1.WatchEvent. The API
// server writes each as {"type":"…","object":{…}}: the object is then the
// rest of the frame, found without reading it. Anything else goes to the
// standard serializer.
type events struct {
	runtime.Serializer
	counts *counts
}

var (
	eventStart  = []byte(`{"type":"`)
	objectStart = []byte(`","object":`)
	watchEvent  = metav1.SchemeGroupVersion.WithKind("WatchEvent")
)

func (e events) Decode(data []byte, defaults *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	if ev, ok := into.(*metav1.WatchEvent); ok {
		if typ, object, ok := splitEvent(data); ok {
			// object is part of the stream's buffer, which the caller
			// decodes before it reads the next frame.
			ev.Type, ev.Object = typ, runtime.RawExtension{Raw: object}
			e.counts.split.Add(1)
			return ev, &watchEvent, nil
		}
	}
	return e.Serializer.Decode(data, defaults, into)
}

// splitEvent finds the type and the object of a watch event as the API
// server writes it: metav1.WatchEvent's two fields, in this order, and
// nothing else. Were a server to write a field after the object, the
// object found here would not be valid JSON and its decoding would fail
// the watch loudly; it could not be read wrong.
func splitEvent(data []byte) (string, []byte, bool) {
	rest, ok := bytes.CutPrefix(data, eventStart)
	if !ok {
		return "", nil, false
	}
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return "", nil, false
	}
	typ := rest[:end]
	object, ok := bytes.CutPrefix(rest[end:], objectStart)
	if !ok || len(object) < 2 || object[0] != '{' || object[len(object)-1] != '}' {
		return "", nil, false
	}
	// The frame's closing brace; what is left is the object.
	return string(typ), object[:len(object)-1], true
}

// objects decodes an object of a kind it knows straight into its type, as
// the standard decoder would, without first reading the whole object for
// its kind: the API server writes a custom resource's apiVersion and kind
// first, so the kind is in its first bytes. Anything else (a Status in an
// ERROR event, another kind, a list) goes to the standard decoder.
type objects struct {
	standard runtime.Decoder
	kinds    []kind
	counts   *counts
}

// kind is one kind objects knows, by how its objects begin.
type kind struct {
	prefix []byte
	gvk    schema.GroupVersionKind
	new    func() runtime.Object
}

func (o objects) Decode(data []byte, defaults *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	if into == nil {
		for _, k := range o.kinds {
			if bytes.HasPrefix(data, k.prefix) {
				obj, err := decodeAs(k, data)
				if err != nil {
					return nil, nil, err
				}
				o.counts.quick.Add(1)
				gvk := k.gvk
				return obj, &gvk, nil
			}
		}
	}
	o.counts.standard.Add(1)
	return o.standard.Decode(data, defaults, into)
}

// decodeAs decodes data into a new object of kind k. A kind that reads
// itself (json.Unmarshaler, as every kind of the project does to tolerate
// an unreadable object) is handed data directly, instead of after the
// decoder has validated and skipped over it once more. The kind is then
// cleared, as the standard decoder of a client without conversion does.
func decodeAs(k kind, data []byte) (runtime.Object, error) {
	obj := k.new()
	var err error
	if u, ok := obj.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(data)
	} else {
		err = utiljson.Unmarshal(data, obj)
	}
	if err != nil {
		return nil, err
	}
	obj.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	return obj, nil
}
