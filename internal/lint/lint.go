// Package lint checks a Git folder of review YAML offline, before it
// merges, as the API server would when it is applied: every
// lessons.dspt.io object against the operator's CRD schemas and their CEL
// rules, then the objects across the folder (references resolve, every
// incident has one analysis, every action an owner and a deadline, no
// object twice). Every finding names a file and a line.
//
// FindFiles chooses the files of a folder, Check checks them.
package lint

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Result is what Check found.
type Result struct {
	// Findings are in the order of the files checked, then of lines.
	Findings []Finding
	// Objects counts the lessons.dspt.io objects checked.
	Objects int
}

// Counts returns the number of errors and of warnings.
func (r Result) Counts() (errs, warnings int) {
	for _, f := range r.Findings {
		if f.Warning {
			warnings++
		} else {
			errs++
		}
	}
	return errs, warnings
}

// Finding is one problem at a line of a file.
type Finding struct {
	File    string
	Line    int
	Warning bool
	// Object is the object it is about, e.g. "incident/x"; empty for a
	// problem with the file itself.
	Object  string
	Message string

	order int // the file's position in the run, to sort by
}

// String renders the finding as file:line: [warning: ][object: ]message.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", f.File, f.Line)
	if f.Warning {
		b.WriteString("warning: ")
	}
	if f.Object != "" {
		b.WriteString(f.Object + ": ")
	}
	b.WriteString(f.Message)
	return b.String()
}

// Check checks files (as FindFiles lists them): each document against the
// CRDs, then the objects across the files. The error is for a file that
// cannot be read, or is refused (ErrRefused): not a regular file, over
// MaxFileSize, or past MaxTotalSize for the run. What is wrong in the
// files is in the findings. now is the present the checks judge times
// against (a completedAt after it has not come yet): the caller's clock,
// so that the findings depend on the files and on now alone.
func Check(ctx context.Context, files []string, now time.Time) (Result, error) {
	l, err := check(ctx, files, now)
	if err != nil {
		return Result{}, err
	}
	return Result{Findings: l.findings, Objects: len(l.objects)}, nil
}

// linter accumulates findings and objects over the files of a run.
type linter struct {
	schemas  *crdSchemas
	now      time.Time
	findings []Finding
	objects  []*checkedObject
}

// check runs the checks and returns the linter, for tests to see which
// objects were checked.
func check(ctx context.Context, files []string, now time.Time) (*linter, error) {
	schemas, err := loadCRDSchemas()
	if err != nil {
		return nil, fmt.Errorf("load the CRDs: %w", err)
	}
	l := &linter{schemas: schemas, now: now}
	allowance := int64(MaxTotalSize) // what the run may still read
	for i, f := range files {
		data, err := readYAML(f, min(MaxFileSize, allowance))
		if err != nil {
			return nil, err
		}
		allowance -= int64(len(data))
		l.checkFile(ctx, f, i, data)
	}
	l.crossCheck()
	sort.SliceStable(l.findings, func(i, j int) bool {
		a, b := l.findings[i], l.findings[j]
		if a.order != b.order {
			return a.order < b.order
		}
		return a.Line < b.Line
	})
	return l, nil
}

func (l *linter) add(f Finding) { l.findings = append(l.findings, f) }

func (l *linter) errorAt(o origin, line int, format string, args ...any) {
	l.add(Finding{File: o.file, order: o.order, Line: line, Object: o.label, Message: fmt.Sprintf(format, args...)})
}

func (l *linter) warnAt(o origin, line int, format string, args ...any) {
	l.add(Finding{File: o.file, order: o.order, Line: line, Warning: true, Object: o.label, Message: fmt.Sprintf(format, args...)})
}

// checkFile checks each document of a file; order is the file's position
// in the run.
func (l *linter) checkFile(ctx context.Context, file string, order int, data []byte) {
	for _, doc := range splitDocuments(data) {
		root, err := parseNode(doc)
		if err != nil {
			var ye *yamlError
			line := doc.line
			if errors.As(err, &ye) {
				line = ye.line
			}
			l.add(Finding{File: file, order: order, Line: line, Message: err.Error()})
			continue
		}
		if root == nil {
			continue
		}
		obj, err := decodeDocument(doc.data)
		if err != nil {
			l.add(Finding{File: file, order: order, Line: root.Line, Message: err.Error()})
			continue
		}
		if obj == nil {
			continue
		}
		gv, err := schema.ParseGroupVersion(str(obj, "apiVersion"))
		if err != nil || gv.Group != v1alpha1.GroupVersion.Group {
			continue // another kind of object: not ours to check
		}
		o := newObject(file, order, root, obj)
		l.checkObject(ctx, o, gv.WithKind(o.kind))
	}
}

// checkObject checks an object against the schema of its kind and
// version, and keeps it for the cross-object rules when the kind exists.
func (l *linter) checkObject(ctx context.Context, o *object, gvk schema.GroupVersionKind) {
	sch, known := l.schemas.lookup(gvk)
	switch {
	case sch != nil:
	case known:
		versions := l.schemas.versions[gvk.GroupKind()]
		l.errorAt(o.origin, o.line("apiVersion"), "no matches for kind %q in version %q: use %s/%s", gvk.Kind, gvk.GroupVersion(), gvk.Group, strings.Join(versions, " or "))
		return
	default:
		l.errorAt(o.origin, o.line("kind"), "no matches for kind %q in version %q: the kinds of %s are %s", gvk.Kind, gvk.GroupVersion(), gvk.Group, strings.Join(l.schemas.kinds(gvk.Group), ", "))
		return
	}
	for _, p := range sch.validateCreate(ctx, o.obj) {
		l.errorAt(o.origin, o.line(p.path), "%s", p.message)
	}
	l.checkPlaceholders(o)
	l.objects = append(l.objects, o.checked())
}
