package v1alpha1_test

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// A list holding one object Go cannot read is read whole, as the manager's
// cache reads it: the bad object keeps its metadata and says why.
func TestAListWithAnUnreadableObjectIsReadWhole(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	decoder := serializer.NewCodecFactory(scheme).UniversalDeserializer()
	for _, c := range []struct {
		kind, item string
		get        func(runtime.Object) []interface{ Unreadable() string }
	}{
		{"ImprovementActionList", `"spec":{"incidentRef":{"name":"phishing"},"title":"t","area":"SystemConfiguration","priority":"High","owner":"a@b.example","dueDate":"DUE"}`,
			func(o runtime.Object) []interface{ Unreadable() string } {
				var out []interface{ Unreadable() string }
				for i := range o.(*v1alpha1.ImprovementActionList).Items {
					out = append(out, &o.(*v1alpha1.ImprovementActionList).Items[i])
				}
				return out
			}},
		{"IncidentList", `"spec":{"title":"t","type":"Incident","category":"PersonalDataBreach","severity":"High","owner":"a@b.example","siro":"s@b.example","detectedAt":"DUE"}`,
			func(o runtime.Object) []interface{ Unreadable() string } {
				var out []interface{ Unreadable() string }
				for i := range o.(*v1alpha1.IncidentList).Items {
					out = append(out, &o.(*v1alpha1.IncidentList).Items[i])
				}
				return out
			}},
	} {
		item := func(name, due string) string {
			return `{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"` + strings.TrimSuffix(c.kind, "List") + `","metadata":{"name":"` + name + `","namespace":"trust","uid":"u-` + name + `"},` + strings.Replace(c.item, "DUE", due, 1) + `}`
		}
		list := `{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"` + c.kind + `","metadata":{},"items":[` +
			item("good", "2027-01-01T00:00:00Z") + "," + item("bad", "2027-01-01T00:00:00+25:00") + "]}"
		obj, _, err := decoder.Decode([]byte(list), nil, nil)
		if err != nil {
			t.Fatalf("%s: one bad item fails the whole list: %v", c.kind, err)
		}
		items := c.get(obj)
		if len(items) != 2 {
			t.Fatalf("%s: %d items, want 2", c.kind, len(items))
		}
		if why := items[0].Unreadable(); why != "" {
			t.Errorf("%s: the good item is unreadable: %s", c.kind, why)
		}
		if why := items[1].Unreadable(); !strings.Contains(why, "+25:00") {
			t.Errorf("%s: the bad item says %q, want the reason naming the value", c.kind, why)
		}
	}
}

func TestAnObjectWithoutReadableMetadataIsStillAnError(t *testing.T) {
	var inc v1alpha1.Incident
	if err := inc.UnmarshalJSON([]byte(`{"metadata":"not an object","spec":{}}`)); err == nil {
		t.Error("an object whose metadata cannot be read must fail to decode")
	}
}
