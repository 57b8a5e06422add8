package testenv

import (
	"context"
	"fmt"
	"sync/atomic"

	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
)

// The helpers below fail the running spec through Gomega when the API
// server refuses what a test takes for granted; the Try ones return the
// API server's answer instead, for tests about that answer.

var names atomic.Int64

// UniqueName makes a name unique within the test binary, so that an object
// a spec leaves behind never makes a later spec fail for the wrong reason.
func UniqueName(base string) string { return fmt.Sprintf("%s-%d", base, names.Add(1)) }

// Create places obj in ns and creates it through c.
func Create(c client.Client, ns string, obj client.Object) {
	obj.SetNamespace(ns)
	ExpectWithOffset(1, c.Create(context.Background(), obj)).To(Succeed())
}

// TryCreate creates a copy of obj in ns under a unique name and returns the
// API server's answer. A copy that is wrongly accepted is deleted at once,
// so that later specs start clean.
func TryCreate(c client.Client, ns string, obj client.Object, opts ...client.CreateOption) error {
	obj = obj.DeepCopyObject().(client.Object)
	obj.SetNamespace(ns)
	obj.SetName(UniqueName(obj.GetName()))
	err := c.Create(context.Background(), obj, opts...)
	if err == nil {
		_ = c.Delete(context.Background(), obj)
	}
	return err
}

// Fresh reads obj anew through c, into obj, and returns it.
func Fresh[T client.Object](c client.Client, obj T) T {
	ExpectWithOffset(1, c.Get(context.Background(), client.ObjectKeyFromObject(obj), obj)).To(Succeed())
	return obj
}

// Update re-reads obj through c, changes it and writes it back, retrying on
// conflict until the change is stored.
func Update[T client.Object](c client.Client, obj T, change func(T)) {
	EventuallyWithOffset(1, func() error {
		if err := c.Get(context.Background(), client.ObjectKeyFromObject(obj), obj); err != nil {
			return err
		}
		change(obj)
		return c.Update(context.Background(), obj)
	}).Should(Succeed())
}

// TryUpdate reads the stored obj through reader, changes a copy with mutate
// and writes it once through writer: it returns what was sent and the API
// server's answer. obj itself is left as it was.
func TryUpdate[T client.Object](reader, writer client.Client, obj T, mutate func(T)) (T, error) {
	stored := obj.DeepCopyObject().(T)
	ExpectWithOffset(1, reader.Get(context.Background(), client.ObjectKeyFromObject(obj), stored)).To(Succeed())
	mutate(stored)
	sent := stored.DeepCopyObject().(T)
	return sent, writer.Update(context.Background(), stored)
}

// ToUnstructured converts a typed object of Scheme into the form tools that
// know no Go types read (kstatus, Argo CD, YAML), with its apiVersion and
// kind set.
func ToUnstructured(obj runtime.Object) (*unstructured.Unstructured, error) {
	gvk, err := apiutil.GVKForObject(obj, Scheme)
	if err != nil {
		return nil, err
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{Object: content}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

// NewNamespace creates a namespace named base and a generated suffix
// through c, and returns its name.
func NewNamespace(c client.Client, base string) string {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: base + "-"}}
	ExpectWithOffset(1, c.Create(context.Background(), ns)).To(Succeed())
	return ns.Name
}
