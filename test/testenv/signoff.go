package testenv

import (
	"context"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// SignOffFieldManager is the field manager `kubectl lessons sign-off`
// writes spec.signOff with.
const SignOffFieldManager = "kubectl-lessons"

// ApplySignOff writes spec.signOff of obj (an RCA or a report) alone,
// through signer's client, with server-side apply under the sign-off
// command's field manager, as the command does, so that a GitOps applier
// leaves it alone. It returns the API server's answer.
func ApplySignOff(signer client.Client, obj client.Object, signOff *v1alpha1.SignOff) error {
	gvk, err := apiutil.GVKForObject(obj, Scheme)
	if err != nil {
		return err
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(signOff)
	if err != nil {
		return err
	}
	u := &unstructured.Unstructured{Object: map[string]any{"spec": map[string]any{"signOff": content}}}
	u.SetGroupVersionKind(gvk)
	u.SetName(obj.GetName())
	u.SetNamespace(obj.GetNamespace())
	return signer.Apply(context.Background(), client.ApplyConfigurationFromUnstructured(u), client.FieldOwner(SignOffFieldManager))
}
