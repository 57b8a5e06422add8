package validation_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Every validation rule of the CRDs is to be shown refusing something: the
// refusals record what the API server said (the causes of its Invalid
// errors) and the rules are read from the generated CRDs, so a rule added
// later without a refusal to show it working is caught.

// rule is one validation rule of a CRD: a constraint on the field at path
// ("spec.causes[].type"), for kind. what is the constraint (required,
// maxLength, minLength, maxItems, enum, pattern, format) or, for a CEL rule,
// "rule: " and its message.
type rule struct {
	kind, path, what string
}

func (r rule) String() string { return r.kind + " " + r.path + " " + r.what }

// updateOnly tells a CEL rule that only an update can break (it compares
// with oldSelf, which a create lacks unless it is optional); the update
// specs show those.
func updateOnly(v apiextensionsv1.ValidationRule) bool {
	return strings.Contains(v.Rule, "oldSelf") && (v.OptionalOldSelf == nil || !*v.OptionalOldSelf)
}

// crdRules reads every rule on the spec of every generated CRD (and the
// requirement of a spec itself).
func crdRules() ([]rule, error) {
	files, err := filepath.Glob(filepath.Join(testenv.RepoRoot(), "config", "crd", "bases", "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(files) != 5 {
		return nil, fmt.Errorf("want the 5 generated CRDs, found %v", files)
	}
	var rules []rule
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.Unmarshal(data, &crd); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		kind := crd.Spec.Names.Kind
		for _, v := range crd.Spec.Versions {
			root := v.Schema.OpenAPIV3Schema
			for _, name := range root.Required {
				if name == "spec" {
					rules = append(rules, rule{kind, "spec", "required"})
				}
			}
			spec := root.Properties["spec"]
			rules = append(rules, schemaRules(kind, "spec", &spec)...)
		}
	}
	return rules, nil
}

func schemaRules(kind, path string, s *apiextensionsv1.JSONSchemaProps) []rule {
	var rules []rule
	add := func(p, what string) { rules = append(rules, rule{kind, p, what}) }
	for _, name := range s.Required {
		add(path+"."+name, "required")
	}
	if s.MaxLength != nil {
		add(path, "maxLength")
	}
	if s.MinLength != nil && *s.MinLength > 0 {
		add(path, "minLength")
	}
	if s.MaxItems != nil {
		add(path, "maxItems")
	}
	if len(s.Enum) > 0 {
		add(path, "enum")
	}
	if s.Pattern != "" {
		add(path, "pattern")
	}
	if s.Format == "date-time" {
		add(path, "format")
	}
	for _, v := range s.XValidations {
		if !updateOnly(v) {
			add(path+v.FieldPath, "rule: "+v.Message)
		}
	}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		prop := s.Properties[name]
		rules = append(rules, schemaRules(kind, path+"."+name, &prop)...)
	}
	if s.Items != nil && s.Items.Schema != nil {
		rules = append(rules, schemaRules(kind, path+"[]", s.Items.Schema)...)
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		rules = append(rules, schemaRules(kind, path+"{}", s.AdditionalProperties.Schema)...)
	}
	return rules
}

// refusal is what the API server said when it refused an object.
type refusal struct {
	kind   string
	causes []metav1.StatusCause
}

// refused collects the refusals of the refusal table.
var refused []refusal

var listIndex = regexp.MustCompile(`\[[0-9]+\]`)

// recordRefusal keeps the causes of an Invalid error refusing obj.
func recordRefusal(obj client.Object, err error) {
	var status *apierrors.StatusError
	if !errors.As(err, &status) || status.ErrStatus.Details == nil {
		return
	}
	gvk, gvkErr := apiutil.GVKForObject(obj, testenv.Scheme)
	if gvkErr != nil {
		return
	}
	refused = append(refused, refusal{kind: gvk.Kind, causes: status.ErrStatus.Details.Causes})
}

// shows tells whether a cause of a refusal of kind shows rule r at work.
func shows(kind string, c metav1.StatusCause, r rule) bool {
	if kind != r.kind || listIndex.ReplaceAllString(c.Field, "[]") != r.path {
		return false
	}
	msg := c.Message
	switch r.what {
	case "required":
		return c.Type == metav1.CauseTypeFieldValueRequired
	case "maxLength":
		return c.Type == metav1.CauseTypeTooLong
	case "maxItems":
		return c.Type == metav1.CauseTypeTooMany
	case "enum":
		return c.Type == metav1.CauseTypeFieldValueNotSupported
	case "format":
		return c.Type == metav1.CauseTypeTypeInvalid && strings.Contains(msg, "must be of type date-time")
	case "minLength":
		return c.Type == metav1.CauseTypeFieldValueInvalid && strings.Contains(msg, "should be at least")
	case "pattern":
		return c.Type == metav1.CauseTypeFieldValueInvalid && strings.Contains(msg, "should match")
	}
	message, ok := strings.CutPrefix(r.what, "rule: ")
	return ok && c.Type == metav1.CauseTypeFieldValueInvalid && strings.Contains(msg, message)
}

// unshown lists the rules that no recorded refusal shows at work.
func unshown(rules []rule) []string {
	var missing []string
	for _, r := range rules {
		found := false
		for _, ref := range refused {
			for _, c := range ref.causes {
				found = found || shows(ref.kind, c, r)
			}
		}
		if !found {
			missing = append(missing, r.String())
		}
	}
	sort.Strings(missing)
	return missing
}
