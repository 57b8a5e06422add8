package lint

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsinternal "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	metavalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/config/crd"
)

// crdSchema is what the API server builds from one served version of a CRD
// to check a create: the structural schema (pruning, defaulting, list
// types), the OpenAPI schema validator and the compiled CEL rules.
type crdSchema struct {
	gvk        schema.GroupVersionKind
	namespaced bool
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	cel        *cel.Validator
}

// crdSchemas holds the schemas of the embedded CRDs, by group and kind, and
// the served versions of each kind.
type crdSchemas struct {
	byGVK    map[schema.GroupVersionKind]*crdSchema
	versions map[schema.GroupKind][]string
}

// loadCRDSchemas builds the schemas of the operator's CRDs once: compiling
// the CEL rules is the expensive part.
var loadCRDSchemas = sync.OnceValues(func() (*crdSchemas, error) { return buildCRDSchemas(crd.Bases()) })

func buildCRDSchemas(fsys fs.FS) (*crdSchemas, error) {
	files, err := fs.Glob(fsys, "bases/*.yaml")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no CRDs embedded")
	}
	out := &crdSchemas{byGVK: map[schema.GroupVersionKind]*crdSchema{}, versions: map[schema.GroupKind][]string{}}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		c := &apiextensionsv1.CustomResourceDefinition{}
		if err := yaml.UnmarshalStrict(b, c); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, v := range c.Spec.Versions {
			if !v.Served {
				continue
			}
			s, err := newCRDSchema(c, v.Name)
			if err != nil {
				return nil, fmt.Errorf("%s, version %s: %w", f, v.Name, err)
			}
			out.byGVK[s.gvk] = s
			gk := s.gvk.GroupKind()
			out.versions[gk] = append(out.versions[gk], v.Name)
		}
	}
	return out, nil
}

// newCRDSchema does what the API server does when it starts serving a CRD
// version: convert the schema to the internal version, make it structural
// and build the validators from it.
func newCRDSchema(c *apiextensionsv1.CustomResourceDefinition, version string) (*crdSchema, error) {
	v1Validation, err := apihelpers.GetSchemaForVersion(c, version)
	if err != nil {
		return nil, err
	}
	if v1Validation == nil || v1Validation.OpenAPIV3Schema == nil {
		return nil, fmt.Errorf("no schema")
	}
	internal := &apiextensionsinternal.CustomResourceValidation{}
	if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(v1Validation, internal, nil); err != nil {
		return nil, fmt.Errorf("convert the schema: %w", err)
	}
	structural, err := structuralschema.NewStructural(internal.OpenAPIV3Schema)
	if err != nil {
		return nil, fmt.Errorf("the schema is not structural: %w", err)
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(internal.OpenAPIV3Schema)
	if err != nil {
		return nil, fmt.Errorf("build the schema validator: %w", err)
	}
	return &crdSchema{
		gvk:        schema.GroupVersionKind{Group: c.Spec.Group, Version: version, Kind: c.Spec.Names.Kind},
		namespaced: c.Spec.Scope == apiextensionsv1.NamespaceScoped,
		structural: structural,
		validator:  validator,
		cel:        cel.NewValidator(structural, true, celconfig.PerCallLimit),
	}, nil
}

// lookup finds the schema of a kind in a version; known tells whether the
// group and kind exist in some other version.
func (s *crdSchemas) lookup(gvk schema.GroupVersionKind) (sch *crdSchema, known bool) {
	sch = s.byGVK[gvk]
	_, known = s.versions[gvk.GroupKind()]
	return sch, known
}

// kinds lists the kinds of a group, sorted.
func (s *crdSchemas) kinds(group string) []string {
	var kinds []string
	for gk := range s.versions {
		if gk.Group == group {
			kinds = append(kinds, gk.Kind)
		}
	}
	sort.Strings(kinds)
	return kinds
}

// validateCreate checks obj (decoded from JSON) as the API server checks a
// create: unknown fields are refused (kubectl's default strict field
// validation), nulls are dropped and defaults applied, status is ignored
// (it has its own subresource), then object metadata, the OpenAPI schema,
// list types and, unless a blocking error came first, the CEL rules.
// obj is modified. Each problem has the field path it is about ("" for the
// object as a whole) and the API server's message.
func (s *crdSchema) validateCreate(ctx context.Context, obj map[string]any) []schemaProblem {
	var problems []schemaProblem

	// Decoding: unknown metadata and schema fields, then nulls and defaults.
	_, _, unknownMeta, err := schemaobjectmeta.GetObjectMetaWithOptions(obj, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return fieldProblems(field.ErrorList{field.Invalid(field.NewPath("metadata"), nil, err.Error())})
	}
	unknown := append(unknownMeta, structuralpruning.PruneWithOptions(obj, s.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	for _, p := range unknown {
		problems = append(problems, schemaProblem{path: p, message: fmt.Sprintf("unknown field %q", p)})
	}
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(obj, s.structural)
	if ferr, _ := schemaobjectmeta.CoerceWithOptions(nil, obj, s.structural, true, schemaobjectmeta.CoerceOptions{}); ferr != nil {
		return append(problems, fieldProblems(field.ErrorList{ferr})...)
	}
	structuraldefaulting.Default(obj, s.structural)

	// Creating: status is the operator's and is dropped.
	delete(obj, "status")

	// Validating.
	var validation field.ErrorList
	validation = append(validation, s.validateObjectMeta(obj)...)
	validation = append(validation, apiservervalidation.ValidateCustomResource(nil, obj, s.validator)...)
	validation = append(validation, schemaobjectmeta.Validate(ctx, nil, obj, s.structural, false)...)
	validation = append(validation, structurallisttype.ValidateListSetsAndMaps(nil, s.structural, obj)...)
	if blocked, notice := blockingError(validation); blocked {
		validation = append(validation, notice)
	} else {
		celErrs, _ := s.cel.Validate(ctx, nil, s.structural, obj, nil, celconfig.RuntimeCELCostBudget)
		validation = append(validation, celErrs...)
	}
	return append(problems, fieldProblems(validation)...)
}

// schemaProblem is one refusal: the field path it is about ("" for the
// whole object) and the message.
type schemaProblem struct {
	path, message string
}

// fieldProblems turns field errors into problems with the API server's
// wording ("spec.siro: Invalid value: ..."); an error about the whole
// object says only what is wrong.
func fieldProblems(errs field.ErrorList) []schemaProblem {
	out := make([]schemaProblem, 0, len(errs))
	for _, e := range errs {
		if e.Field == "" || e.Field == "<nil>" {
			out = append(out, schemaProblem{message: e.Detail})
			continue
		}
		out = append(out, schemaProblem{path: e.Field, message: e.Error()})
	}
	return out
}

// validateObjectMeta checks the name (a DNS subdomain, as for every custom
// resource). A namespace left out is fine in a Git folder: kubectl or the
// GitOps tool fills it in when applying.
func (s *crdSchema) validateObjectMeta(obj map[string]any) field.ErrorList {
	meta, found, err := schemaobjectmeta.GetObjectMeta(obj, false)
	if err != nil {
		return field.ErrorList{field.Invalid(field.NewPath("metadata"), nil, err.Error())}
	}
	if !found {
		meta = &metav1.ObjectMeta{} // no metadata at all: no name, said below
	}
	if s.namespaced && meta.Namespace == "" {
		meta.Namespace = "default"
	}
	return metavalidation.ValidateObjectMeta(meta, s.namespaced, metavalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
}

// blockingError is the API server's rule: CEL rules are not evaluated on an
// object missing required fields or with values of the wrong type or size.
func blockingError(errs field.ErrorList) (bool, *field.Error) {
	for _, err := range errs {
		switch err.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong, field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return true, field.Invalid(nil, nil, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation")
		}
	}
	return false, nil
}
