package v1alpha1_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/randfill"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Instants RFC 3339 can write: the years 0001 to 9999.
var (
	firstSecond = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	lastSecond  = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
)

// filler fills the API types with random values that the API can carry.
// metav1.Time is written to the second in JSON, so filled times are whole
// seconds in UTC (or the zero time, written as null, where a time is
// required; an optional one is then absent); managed fields carry a JSON
// object, as the API server writes them.
func filler(f *randfill.Filler) *randfill.Filler {
	return f.NilChance(.3).NumElements(0, 3).Funcs(
		func(t *metav1.Time, c randfill.Continue) {
			if c.Intn(8) == 0 {
				*t = metav1.Time{}
				return
			}
			*t = someTime(c)
		},
		// An optional time is absent or a time: JSON writes the zero time
		// as null, which reads back as absent.
		func(t **metav1.Time, c randfill.Continue) {
			*t = nil
			if c.Intn(3) > 0 {
				v := someTime(c)
				*t = &v
			}
		},
		func(d *metav1.Duration, c randfill.Continue) {
			switch c.Intn(4) {
			case 0:
				d.Duration = time.Duration(c.Int63n(1000)) * time.Hour
			case 1:
				d.Duration = time.Duration(math.MinInt64 + c.Int63n(3))
			default:
				d.Duration = time.Duration(int64(c.Uint64()))
			}
		},
		func(f *metav1.FieldsV1, c randfill.Continue) {
			f.Raw = []byte(fmt.Sprintf(`{"f:spec":{"f:title":{}},"f:x-%d":{}}`, c.Intn(100)))
		},
		// ReadError says how an object was read, and is never written.
		func(in *v1alpha1.Incident, c randfill.Continue) { c.FillNoCustom(in); in.ReadError = "" },
		func(in *v1alpha1.RootCauseAnalysis, c randfill.Continue) { c.FillNoCustom(in); in.ReadError = "" },
		func(in *v1alpha1.ImprovementAction, c randfill.Continue) { c.FillNoCustom(in); in.ReadError = "" },
		func(in *v1alpha1.LessonsReport, c randfill.Continue) { c.FillNoCustom(in); in.ReadError = "" },
	)
}

// someTime is a whole second in UTC between the years 0001 and 9999, never
// the zero time itself: JSON writes that as null, so an optional time set to
// it would read back as absent.
func someTime(c randfill.Continue) metav1.Time {
	return metav1.Unix(firstSecond+1+c.Int63n(lastSecond-firstSecond), 0).Rfc3339Copy()
}

// kinds returns an empty value of each kind and list.
func kinds() []runtime.Object {
	return []runtime.Object{
		&v1alpha1.Incident{}, &v1alpha1.IncidentList{},
		&v1alpha1.RootCauseAnalysis{}, &v1alpha1.RootCauseAnalysisList{},
		&v1alpha1.ImprovementAction{}, &v1alpha1.ImprovementActionList{},
		&v1alpha1.LessonsReport{}, &v1alpha1.LessonsReportList{},
	}
}

// roundTrips checks that obj survives what the API does to it: JSON out
// and back in (read strictly, as the API machinery reads it), to the same
// bytes when written again; the unstructured form of dynamic clients and
// server-side apply; and DeepCopy, which must equal the original and share
// no memory with it.
func roundTrips(t *testing.T, obj runtime.Object) {
	t.Helper()
	kind := reflect.TypeOf(obj).Elem().Name()
	data, err := json.Marshal(obj)
	if err != nil {
		t.Fatalf("%s: marshal: %v", kind, err)
	}
	back := reflect.New(reflect.TypeOf(obj).Elem()).Interface().(runtime.Object)
	if err := kjson.Unmarshal(data, back); err != nil {
		t.Fatalf("%s: unmarshal %s: %v", kind, data, err)
	}
	if !apiequality.Semantic.DeepEqual(obj, back) {
		t.Errorf("%s changed in a JSON round trip\nbefore: %#v\nafter:  %#v\nJSON:   %s", kind, obj, back, data)
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatalf("%s: marshal again: %v", kind, err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("%s is written differently once read back\nfirst:  %s\nsecond: %s", kind, data, again)
	}

	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatalf("%s: to unstructured: %v", kind, err)
	}
	fromU := reflect.New(reflect.TypeOf(obj).Elem()).Interface().(runtime.Object)
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u, fromU); err != nil {
		t.Fatalf("%s: from unstructured: %v", kind, err)
	}
	if !apiequality.Semantic.DeepEqual(obj, fromU) {
		t.Errorf("%s changed in an unstructured round trip\nbefore: %#v\nafter:  %#v", kind, obj, fromU)
	}

	cp := obj.DeepCopyObject()
	if !reflect.DeepEqual(obj, cp) {
		t.Errorf("%s: DeepCopy differs from the original\noriginal: %#v\ncopy:     %#v", kind, obj, cp)
	}
	if path := shared(reflect.ValueOf(obj), reflect.ValueOf(cp), kind); path != "" {
		t.Errorf("DeepCopy shares %s with the original: changing the copy would change the original", path)
	}
}

// shared returns the path of the first pointer, slice or map that a and b
// (equal values) share, "" when they share none. Times are values whose
// location may be shared.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		return shared(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() == 0 {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	case reflect.Map:
		if a.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		for _, k := range a.MapKeys() {
			if p := shared(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); p != "" {
				return p
			}
		}
	case reflect.Struct:
		if a.Type() == reflect.TypeOf(time.Time{}) {
			return ""
		}
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0})
	f.Add([]byte("lessons.dspt.io/v1alpha1"))
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	f.Add(bytes.Repeat([]byte{0x00, 0x7f, 0x80, 0xff}, 256))
	f.Fuzz(func(t *testing.T, data []byte) {
		fill := filler(randfill.NewFromGoFuzz(data))
		for _, obj := range kinds() {
			fill.Fill(obj)
			roundTrips(t, obj)
		}
	})
}

// TestRoundTrip runs the round trip on many seeded fillings, so that the
// plain test run covers more than the fuzz seeds.
func TestRoundTrip(t *testing.T) {
	for seed := range int64(200) {
		fill := filler(randfill.NewWithSeed(seed))
		for _, obj := range kinds() {
			fill.Fill(obj)
			roundTrips(t, obj)
		}
	}
}

// TestRoundTripCatchesALossyField shows that the round trip sees a value
// JSON cannot carry (a time with a fraction of a second) and a copy that
// shares memory.
func TestRoundTripCatchesALossyField(t *testing.T) {
	lossy := &v1alpha1.Incident{Spec: v1alpha1.IncidentSpec{DetectedAt: metav1.NewTime(time.Date(2026, 5, 4, 9, 30, 0, 5e8, time.UTC))}}
	data, _ := json.Marshal(lossy)
	var back v1alpha1.Incident
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if apiequality.Semantic.DeepEqual(lossy, &back) {
		t.Errorf("a time with a fraction of a second survived JSON: the round trip could not catch a lossy field")
	}
	a := &v1alpha1.Incident{Status: v1alpha1.IncidentStatus{Timeline: []v1alpha1.TimelineEntry{{Type: "Open"}}}}
	b := a.DeepCopy()
	b.Status.Timeline = a.Status.Timeline
	if shared(reflect.ValueOf(a), reflect.ValueOf(b), "Incident") != "Incident.Status.Timeline" {
		t.Errorf("a copy sharing its timeline went unnoticed")
	}
}
