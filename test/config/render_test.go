package config_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var (
	renderMu    sync.Mutex
	renderCache = map[string][]byte{}
)

// render renders config/<tree> and returns its output, rendering each tree
// once per test binary.
func render(t *testing.T, tree string) []byte {
	t.Helper()
	renderMu.Lock()
	defer renderMu.Unlock()
	if out, ok := renderCache[tree]; ok {
		return out
	}
	out := testenv.KustomizeT(t, testenv.ConfigDir(tree))
	renderCache[tree] = out
	return out
}

// object is one rendered document.
type object struct {
	apiVersion, kind, name, namespace string
	json                              []byte
}

func (o object) String() string {
	if o.namespace == "" {
		return o.kind + " " + o.name
	}
	return o.kind + " " + o.namespace + "/" + o.name
}

// decode splits multi-document YAML and converts each document to JSON.
func decode(out []byte) ([]object, error) {
	var objs []object
	for i, doc := range strings.Split("\n"+string(out), "\n---\n") {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		js, err := yaml.YAMLToJSON([]byte(doc))
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		var meta metav1.PartialObjectMetadata
		if err := json.Unmarshal(js, &meta); err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		if meta.APIVersion == "" || meta.Kind == "" || meta.Name == "" {
			return nil, fmt.Errorf("document %d has no apiVersion, kind or metadata.name:\n%s", i, doc)
		}
		objs = append(objs, object{apiVersion: meta.APIVersion, kind: meta.Kind, name: meta.Name, namespace: meta.Namespace, json: js})
	}
	return objs, nil
}

// strict decodes JSON into a typed object, refusing unknown fields, so that a
// misspelt field (which Kubernetes would silently drop) fails the test.
func strict(js []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}
