package plugin

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

const lintSynopsis = "lint DIR|FILE... [--strict]"

const lintDescription = `
Validate a Git folder of review YAML offline, before it merges, as the API
server would when it is applied: every lessons.dspt.io object is checked
against the operator's CRD schemas and their CEL rules (unknown fields
included), then across the folder: an RCA or improvement action whose
incidentRef names no Incident in the folder, an Incident with no root cause
analysis, an action with no owner or due date, two RCAs for one incident,
an object defined twice. Objects are matched per namespace; objects with
no metadata.namespace (the GitOps application sets it) share one.

Directories are read recursively (*.yaml and *.yml; files named as
arguments are read whatever their name), every document of a multi-
document file is checked, and documents of other kinds are ignored, as are
the patch files a kustomization.yaml lists.

Every message starts with file:line. Problems are printed on standard
output; warnings start with "warning:" and fail the run only with
--strict. Exit status: 0 when clean, 1 when something is wrong, 2 for a
wrong invocation.

Examples:
  kubectl lessons lint reviews/
  kubectl lessons lint reviews/northshire-community-trust/2026-05-phishing/ --strict`

// LintCommand validates YAML files offline.
func LintCommand() Command {
	return Command{
		Name:    "lint",
		Summary: "Validate a folder of review YAML offline (CRD schemas, CEL rules, cross-object rules)",
		Run:     runLint,
	}
}

func runLint(ctx context.Context, env *Env, args []string) error {
	var strict bool
	fs := newFlagSet("lint")
	fs.BoolVar(&strict, "strict", false, "fail on warnings too")
	usage := usageText{command: "lint", synopsis: lintSynopsis, description: lintDescription}
	paths, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usage.errorf("a folder or file to lint is required")
	}
	files, err := lintFiles(paths)
	if err != nil {
		return usage.errorf("%v", err)
	}
	res, err := Lint(ctx, files)
	if err != nil {
		return err
	}
	for _, f := range res.Findings {
		fmt.Fprintln(env.Stdout, f)
	}
	errs, warnings := res.Counts()
	summary := fmt.Sprintf("%s and %s in %s (%s)", plural(errs, "error"), plural(warnings, "warning"), plural(res.Objects, "object"), plural(len(files), "file"))
	switch {
	case errs > 0 || (strict && warnings > 0):
		if errs == 0 {
			summary += "; --strict fails on warnings"
		}
		return errors.New(summary)
	case res.Objects == 0:
		fmt.Fprintf(env.Stderr, "warning: no %s objects found in %s\n", v1alpha1.GroupVersion.Group, strings.Join(paths, " "))
	default:
		fmt.Fprintln(env.Stderr, summary)
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// lintFiles expands the arguments into the files to read, in order:
// directories recursively (*.yaml, *.yml; hidden directories and the patch
// files of a kustomization are skipped), files as named.
func lintFiles(paths []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, errors.Unwrap(err))
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		patches := map[string]bool{}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				for _, f := range kustomizePatches(path) {
					patches[f] = true
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".yaml", ".yml":
				if !patches[filepath.Clean(path)] {
					add(path)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// kustomizePatches lists the patch files a directory's kustomization
// names: they hold partial objects, which are not meant to validate alone.
func kustomizePatches(dir string) []string {
	for _, name := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		var k struct {
			Patches []struct {
				Path string `json:"path"`
			} `json:"patches"`
			PatchesStrategicMerge []string `json:"patchesStrategicMerge"`
			PatchesJSON6902       []struct {
				Path string `json:"path"`
			} `json:"patchesJson6902"`
		}
		if yaml.Unmarshal(b, &k) != nil {
			return nil
		}
		var out []string
		add := func(p string) {
			if p != "" && !strings.Contains(p, "\n") {
				out = append(out, filepath.Clean(filepath.Join(dir, p)))
			}
		}
		for _, p := range k.Patches {
			add(p.Path)
		}
		for _, p := range k.PatchesStrategicMerge {
			add(p)
		}
		for _, p := range k.PatchesJSON6902 {
			add(p.Path)
		}
		return out
	}
	return nil
}

// LintResult is what Lint found.
type LintResult struct {
	Findings []LintFinding
	// Objects counts the lessons.dspt.io objects checked.
	Objects int
}

// Counts returns the number of errors and of warnings.
func (r LintResult) Counts() (errs, warnings int) {
	for _, f := range r.Findings {
		if f.Warning {
			warnings++
		} else {
			errs++
		}
	}
	return errs, warnings
}

// LintFinding is one problem at a line of a file.
type LintFinding struct {
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
func (f LintFinding) String() string {
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

// lintObject is a lessons.dspt.io object read from a file.
type lintObject struct {
	file  string
	order int
	root  *yamlv3.Node
	kind  string
	obj   map[string]any
}

func (o *lintObject) name() string      { return str(o.obj, "metadata", "name") }
func (o *lintObject) namespace() string { return str(o.obj, "metadata", "namespace") }

// label is how messages name the object: kind/name, as kubectl does.
func (o *lintObject) label() string {
	if n := o.name(); n != "" {
		return strings.ToLower(o.kind) + "/" + n
	}
	return strings.ToLower(o.kind)
}

func (o *lintObject) line(path string) int { return lineOf(o.root, path) }

// str reads a string field of a decoded object; "" when absent.
func str(obj map[string]any, path ...string) string {
	var cur any = obj
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[p]
	}
	s, _ := cur.(string)
	return s
}

// linter accumulates findings and objects over the files of a run.
type linter struct {
	schemas  *crdSchemas
	findings []LintFinding
	objects  []*lintObject
}

// Lint checks files: each document against the CRDs, then the objects
// across the files.
func Lint(ctx context.Context, files []string) (LintResult, error) {
	schemas, err := loadCRDSchemas()
	if err != nil {
		return LintResult{}, fmt.Errorf("load the CRDs: %w", err)
	}
	l := &linter{schemas: schemas}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return LintResult{}, err
		}
		l.lintFile(ctx, f, i, data)
	}
	l.crossCheck()
	sort.SliceStable(l.findings, func(i, j int) bool {
		a, b := l.findings[i], l.findings[j]
		if a.order != b.order {
			return a.order < b.order
		}
		return a.Line < b.Line
	})
	return LintResult{Findings: l.findings, Objects: len(l.objects)}, nil
}

func (l *linter) add(f LintFinding) { l.findings = append(l.findings, f) }

func (l *linter) errorAt(o *lintObject, line int, format string, args ...any) {
	l.add(LintFinding{File: o.file, order: o.order, Line: line, Object: o.label(), Message: fmt.Sprintf(format, args...)})
}

func (l *linter) warnAt(o *lintObject, line int, format string, args ...any) {
	l.add(LintFinding{File: o.file, order: o.order, Line: line, Warning: true, Object: o.label(), Message: fmt.Sprintf(format, args...)})
}

func (l *linter) lintFile(ctx context.Context, file string, order int, data []byte) {
	for _, doc := range splitDocuments(data) {
		root, err := parseNode(doc)
		if err != nil {
			var ye *yamlError
			line := doc.line
			if errors.As(err, &ye) {
				line = ye.line
			}
			l.add(LintFinding{File: file, order: order, Line: line, Message: err.Error()})
			continue
		}
		if root == nil {
			continue
		}
		obj, err := decodeDocument(doc.data)
		if err != nil {
			l.add(LintFinding{File: file, order: order, Line: root.Line, Message: err.Error()})
			continue
		}
		if obj == nil {
			continue
		}
		gv, err := schema.ParseGroupVersion(str(obj, "apiVersion"))
		if err != nil || gv.Group != v1alpha1.GroupVersion.Group {
			continue // another kind of object: not ours to check
		}
		o := &lintObject{file: file, order: order, root: root, kind: str(obj, "kind"), obj: obj}
		l.checkObject(ctx, o, gv.WithKind(o.kind))
	}
}

// decodeDocument decodes a document as kubectl sends it: YAML to JSON, then
// JSON with whole numbers as int64. It returns nil for a document that is
// not an object.
func decodeDocument(data []byte) (map[string]any, error) {
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", strings.TrimPrefix(err.Error(), "error converting YAML to JSON: yaml: "))
	}
	var v any
	if err := utiljson.Unmarshal(j, &v); err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", err)
	}
	obj, _ := v.(map[string]any)
	return obj, nil
}

func (l *linter) checkObject(ctx context.Context, o *lintObject, gvk schema.GroupVersionKind) {
	sch, known := l.schemas.lookup(gvk)
	switch {
	case sch != nil:
	case known:
		versions := l.schemas.versions[gvk.GroupKind()]
		l.errorAt(o, o.line("apiVersion"), "no matches for kind %q in version %q: use %s/%s", gvk.Kind, gvk.GroupVersion(), gvk.Group, strings.Join(versions, " or "))
		return
	default:
		l.errorAt(o, o.line("kind"), "no matches for kind %q in version %q: the kinds of %s are %s", gvk.Kind, gvk.GroupVersion(), gvk.Group, strings.Join(l.schemas.kinds(gvk.Group), ", "))
		return
	}
	for _, p := range sch.validateCreate(ctx, o.obj) {
		l.errorAt(o, o.line(p.path), "%s", p.message)
	}
	l.objects = append(l.objects, o)
}
