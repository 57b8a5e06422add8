package cachetrim

import (
	"reflect"

	"k8s.io/apimachinery/pkg/runtime"
)

// walk applies the plan of obj's type to obj.
func walk(obj runtime.Object) {
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	if p := planFor(v.Elem().Type()); p != nil {
		p.apply(v.Elem())
	}
}

func (p *structPlan) apply(v reflect.Value) {
	for _, f := range p.fields {
		field := v.Field(f.index)
		switch f.what {
		case descend:
			descendInto(f, field)
		default:
			setString(field, f.what)
		}
	}
}

// descendInto trims what a struct, pointer or slice field holds.
func descendInto(f fieldPlan, field reflect.Value) {
	switch field.Kind() {
	case reflect.Struct:
		f.inner.apply(field)
	case reflect.Pointer:
		if !field.IsNil() {
			f.inner.apply(field.Elem())
		}
	case reflect.Slice:
		if field.Cap() > field.Len() {
			fitted := reflect.MakeSlice(field.Type(), field.Len(), field.Len())
			reflect.Copy(fitted, field)
			field.Set(fitted)
		}
		for i := range field.Len() {
			switch e := field.Index(i); {
			case f.inner != nil:
				f.inner.apply(e)
			case f.elems != nil:
				setString(e, *f.elems)
			}
		}
	}
}

func setString(v reflect.Value, w what) {
	s := v.String()
	if s == "" {
		return
	}
	var out string
	switch w {
	case internIt:
		out = shared.intern(s)
	case documentIt:
		out = Shorten(s)
	case quoteIt:
		out = ShortenQuoted(s)
	}
	v.SetString(out)
}
