package controller_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/controller"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestCacheTransformKeepsWhatTheControllersRead(t *testing.T) {
	applied := fixtures.Action("mfa-for-remote-access", "phishing", metav1.Now().Time)
	applied.Annotations = map[string]string{
		corev1.LastAppliedConfigAnnotation:     `{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"ImprovementAction","spec":{}}`,
		"lessons.dspt.io/release-for-deletion": "true",
	}
	applied.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "argocd-controller", Operation: metav1.ManagedFieldsOperationApply}}
	applied.Status.Phase = v1alpha1.ActionOpen
	want := applied.DeepCopy()
	want.ManagedFields = nil
	delete(want.Annotations, corev1.LastAppliedConfigAnnotation)

	got, err := controller.CacheTransform()(applied)
	if err != nil {
		t.Fatal(err)
	}
	if !equality.Semantic.DeepEqual(got, want) {
		t.Errorf("cached\n%+v\nwant\n%+v", got.(*v1alpha1.ImprovementAction).ObjectMeta, want.ObjectMeta)
	}

	tombstone := toolscache.DeletedFinalStateUnknown{Key: "ns/gone"}
	if got, err := controller.CacheTransform()(tombstone); err != nil || got != tombstone {
		t.Errorf("a tombstone became %v, %v", got, err)
	}
}
