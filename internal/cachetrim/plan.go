package cachetrim

import (
	"reflect"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Tag is the struct tag that marks free text the rules do not read in
// full: `lessons:"document"` for text only the documents read (the rules
// read at most whether it is there), `lessons:"document,quoted"` for text
// the report also quotes from.
const Tag = "lessons"

// what is done to one field.
type what int

const (
	internIt   what = iota // a string many objects share
	documentIt             // free text only the documents read in full
	quoteIt                // free text the report quotes from
	descend                // a struct, a pointer to one, or a slice (of them)
)

type fieldPlan struct {
	index int
	what  what
	// inner is the plan of the struct the field holds, points to or holds
	// a slice of; nil when there is nothing to do inside.
	inner *structPlan
	// elems is what is done to each string of a slice of strings.
	elems *what
}

type structPlan struct {
	fields []fieldPlan
}

var (
	apiPackage = reflect.TypeFor[v1alpha1.Incident]().PkgPath()
	stringType = reflect.TypeFor[string]()
	// metaTypes are the Kubernetes types whose strings are worth keeping
	// once: the rest of ObjectMeta is the object's own (name, uid, ...).
	metaTypes = map[reflect.Type]map[string]bool{
		reflect.TypeFor[metav1.TypeMeta]():   {"APIVersion": true, "Kind": true},
		reflect.TypeFor[metav1.ObjectMeta](): {"Namespace": true},
		reflect.TypeFor[metav1.Condition]():  {"Type": true, "Status": true, "Reason": true, "Message": true},
	}
	plans sync.Map // reflect.Type -> *structPlan
)

// planFor is what is done to a struct of type t; nil when nothing is.
func planFor(t reflect.Type) *structPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := build(t, map[reflect.Type]bool{})
	plans.Store(t, p)
	return p
}

func build(t reflect.Type, building map[reflect.Type]bool) *structPlan {
	shared, isMeta := metaTypes[t]
	if building[t] || (!isMeta && t.PkgPath() != apiPackage) {
		return nil
	}
	building[t] = true
	defer delete(building, t)
	var p structPlan
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if fp, ok := fieldFor(t, f, isMeta, shared, building); ok {
			fp.index = i
			p.fields = append(p.fields, fp)
		}
	}
	if len(p.fields) == 0 {
		return nil
	}
	return &p
}

// fieldFor decides what is done to one field of a struct.
func fieldFor(parent reflect.Type, f reflect.StructField, isMeta bool, shared map[string]bool, building map[reflect.Type]bool) (fieldPlan, bool) {
	text, ok := textOf(f)
	switch t := f.Type; t.Kind() {
	case reflect.String:
		switch {
		case isMeta:
			return fieldPlan{what: internIt}, shared[f.Name]
		case ok:
			return fieldPlan{what: text}, true
		default:
			return fieldPlan{what: internIt}, sharedString(parent, f)
		}
	case reflect.Struct:
		inner := build(t, building)
		return fieldPlan{what: descend, inner: inner}, inner != nil
	case reflect.Pointer:
		if t.Elem().Kind() != reflect.Struct {
			return fieldPlan{}, false
		}
		inner := build(t.Elem(), building)
		return fieldPlan{what: descend, inner: inner}, inner != nil
	case reflect.Slice:
		fp := fieldPlan{what: descend}
		switch e := t.Elem(); {
		case e.Kind() == reflect.Struct:
			fp.inner = build(e, building)
		case e.Kind() == reflect.String && ok:
			fp.elems = &text
		case e.Kind() == reflect.String && e != stringType:
			shared := internIt
			fp.elems = &shared
		}
		// A slice's spare capacity goes, whatever it holds.
		return fp, !isMeta
	}
	return fieldPlan{}, false
}

// textOf reads a field's Tag: documentIt, quoteIt, or false for none.
func textOf(f reflect.StructField) (what, bool) {
	tag, ok := f.Tag.Lookup(Tag)
	if !ok {
		return 0, false
	}
	parts := strings.Split(tag, ",")
	if parts[0] != "document" {
		return 0, false
	}
	if len(parts) > 1 && parts[1] == "quoted" {
		return quoteIt, true
	}
	return documentIt, true
}

// sharedString tells whether an API string field holds what many objects
// share: a value of a named type (an enumeration, a person, a reason), or
// the name in a reference (the incident an analysis and its actions name).
// Titles, names and free text are an object's own.
func sharedString(parent reflect.Type, f reflect.StructField) bool {
	if f.Type == stringType {
		return f.Name == "Name" && strings.HasSuffix(parent.Name(), "Reference")
	}
	return true
}
