package testenv

import (
	"fmt"
	"io/fs"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/config/crd"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// ShippedCRDs reads the CRDs the operator ships (config/crd/bases), one per
// kind, in a form a test may change anywhere.
func ShippedCRDs() ([]*unstructured.Unstructured, error) {
	files, err := fs.Glob(crd.Bases(), "bases/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []*unstructured.Unstructured
	for _, f := range files {
		data, err := fs.ReadFile(crd.Bases(), f)
		if err != nil {
			return nil, err
		}
		var obj map[string]any
		if err := yaml.Unmarshal(data, &obj); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, &unstructured.Unstructured{Object: obj})
	}
	return out, nil
}

// RelaxTimes returns a copy of a CRD that stores any string as a time, as
// an older release's CRD might have: the time fields lose their format and
// pattern, and every CEL rule goes, since any rule may read a time. Tests
// store with it an object the operator cannot read, whatever the shipped
// CRD refuses today.
func RelaxTimes(crd *unstructured.Unstructured) *unstructured.Unstructured {
	out := crd.DeepCopy()
	relax(out.Object["spec"])
	return out
}

func relax(node any) {
	switch n := node.(type) {
	case map[string]any:
		if n["format"] == "date-time" {
			delete(n, "format")
			delete(n, "pattern")
		}
		delete(n, "x-kubernetes-validations")
		for _, v := range n {
			relax(v)
		}
	case []any:
		for _, v := range n {
			relax(v)
		}
	}
}

// RuleRefused is the start of the API server's answer to TryBreakingARule
// while the shipped CRD of actions is in force.
const RuleRefused = "spec.completedAt is required when spec.state is Done"

// TryBreakingARule dry-runs the creation in ns of an action that breaks a
// CEL rule of the shipped CRD, telling which CRD the API server validates
// with (it takes a moment to switch): the shipped one refuses it with
// RuleRefused, a RelaxTimes copy accepts it.
func TryBreakingARule(c client.Client, ns string) error {
	return TryCreate(c, ns, fixtures.DoneWithoutCompletion(), client.DryRunAll)
}
