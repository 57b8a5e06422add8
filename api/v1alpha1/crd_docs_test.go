package v1alpha1_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

// TestEveryFieldIsDocumented keeps `kubectl explain` a user manual: every
// property of every generated CRD schema carries a description.
func TestEveryFieldIsDocumented(t *testing.T) {
	for _, crd := range generatedCRDs(t) {
		for _, v := range crd.Spec.Versions {
			var undocumented []string
			walk(crd.Spec.Names.Kind, *v.Schema.OpenAPIV3Schema, &undocumented)
			sort.Strings(undocumented)
			for _, path := range undocumented {
				t.Errorf("%s has no description: add a doc comment to the Go field", path)
			}
		}
	}
}

// generatedCRDs reads the four CRDs that controller-gen writes.
func generatedCRDs(t *testing.T) []apiextensionsv1.CustomResourceDefinition {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "config", "crd", "bases", "*.yaml"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want the 5 generated CRDs, found %v (%v)", files, err)
	}
	crds := make([]apiextensionsv1.CustomResourceDefinition, len(files))
	for i, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, &crds[i]); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	return crds
}

func walk(path string, s apiextensionsv1.JSONSchemaProps, undocumented *[]string) {
	for name, prop := range s.Properties {
		p := path + "." + name
		// kubectl explain documents metadata from ObjectMeta itself.
		isObjectMeta := name == "metadata" && !strings.Contains(path, ".")
		if prop.Description == "" && !isObjectMeta {
			*undocumented = append(*undocumented, p)
		}
		walk(p, prop, undocumented)
	}
	if s.Items != nil && s.Items.Schema != nil {
		walk(path+"[]", *s.Items.Schema, undocumented)
	}
}
