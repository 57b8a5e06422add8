package testenv

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/retry"
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

// Update re-reads obj through c, changes it and writes it back, on a fresh
// read again whenever the write loses a race (see TryUpdate); any other
// refusal fails the running spec. obj ends as the API server stored it.
func Update[T client.Object](c client.Client, obj T, change func(T)) {
	read, err := writeOnFreshRead(c, c, obj, change)
	ExpectWithOffset(1, read).To(Succeed(), "reading %s", client.ObjectKeyFromObject(obj))
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "updating %s", client.ObjectKeyFromObject(obj))
}

// TryUpdate reads the stored obj through reader, changes a copy with mutate
// and writes it through writer: it returns what was sent and the API
// server's answer. A manager writing status meanwhile makes the write
// conflict; it is then read and changed afresh, so the answer a test sees is
// about its change, never about that race. obj itself is left as it was.
func TryUpdate[T client.Object](reader, writer client.Client, obj T, mutate func(T)) (T, error) {
	stored := obj.DeepCopyObject().(T)
	var sent T
	read, err := writeOnFreshRead(reader, writer, stored, func(o T) {
		mutate(o)
		sent = o.DeepCopyObject().(T)
	})
	ExpectWithOffset(1, read).To(Succeed(), "reading %s", client.ObjectKeyFromObject(obj))
	return sent, err
}

// raceBackoff bounds the fresh reads after conflicts: a manager writes a
// review's status a few times in a row at most, so ten tries over about two
// seconds outlast any such burst.
var raceBackoff = wait.Backoff{Steps: 10, Duration: 10 * time.Millisecond, Factor: 2, Jitter: 0.1, Cap: time.Second}

// writeOnFreshRead reads target through reader, changes it with mutate and
// writes it through writer, again from the read whenever the write is
// refused for a conflict. It returns a failed read apart from the write's
// answer, which a test may expect to be a refusal.
func writeOnFreshRead[T client.Object](reader, writer client.Client, target T, mutate func(T)) (read, write error) {
	ctx := context.Background()
	key := client.ObjectKeyFromObject(target)
	write = retry.RetryOnConflict(raceBackoff, func() error {
		if read = reader.Get(ctx, key, target); read != nil {
			return nil
		}
		mutate(target)
		return writer.Update(ctx, target)
	})
	return read, write
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
