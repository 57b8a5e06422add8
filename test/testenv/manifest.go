package testenv

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"
)

// WriteManifest writes objects to path as one YAML file for kubectl, as a
// user would write them: a typed object loses what it carries empty and no
// user writes (its status, a null creationTimestamp), so that kubectl's
// strict field validation reads only the fields the object sets.
func WriteManifest(path string, objects ...client.Object) error {
	var docs []string
	for _, o := range objects {
		u, ok := o.(*unstructured.Unstructured)
		if !ok {
			var err error
			if u, err = ToUnstructured(o); err != nil {
				return err
			}
			unstructured.RemoveNestedField(u.Object, "status")
			unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
		}
		doc, err := yaml.Marshal(u.Object)
		if err != nil {
			return err
		}
		docs = append(docs, string(doc))
	}
	return os.WriteFile(path, []byte(strings.Join(docs, "---\n")), 0o600)
}

// DecodeManifest reads the objects of a multi-document YAML or JSON stream,
// such as kubectl kustomize or helm get manifest prints, skipping empty
// documents.
func DecodeManifest(data []byte) ([]*unstructured.Unstructured, error) {
	var objs []*unstructured.Unstructured
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		u := &unstructured.Unstructured{}
		err := dec.Decode(&u.Object)
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(u.Object) > 0 {
			objs = append(objs, u)
		}
	}
}
