package testenv

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
)

// FakeClient holds objs, and a Namespace for each namespace they name, as
// a cluster would: for the readers that list namespaces first (the metrics,
// organisation-wide reports) in tests that need no control plane.
func FakeClient(objs ...client.Object) client.WithWatch {
	seen := map[string]bool{}
	for _, o := range objs {
		if ns, ok := o.(*corev1.Namespace); ok {
			seen[ns.Name] = true // given, with its labels
		}
	}
	for _, o := range objs {
		if ns := o.GetNamespace(); ns != "" && !seen[ns] {
			seen[ns] = true
			objs = append(objs, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}})
		}
	}
	return fake.NewClientBuilder().WithScheme(Scheme).WithObjects(objs...).Build()
}
