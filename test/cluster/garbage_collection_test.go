package cluster_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// ownedBy is a ConfigMap in incident's namespace that incident owns, so
// that the garbage collector deletes it with the incident: proof that the
// collector runs.
func ownedBy(incident *v1alpha1.Incident) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
		Name:      testenv.UniqueName("owned"),
		Namespace: incident.Namespace,
		OwnerReferences: []metav1.OwnerReference{{
			APIVersion:         v1alpha1.GroupVersion.String(),
			Kind:               "Incident",
			Name:               incident.Name,
			UID:                incident.UID,
			BlockOwnerDeletion: ptr.To(true),
		}},
	}}
}

var _ = Describe("Deleting an incident", func() {
	DescribeTable("leaves its RCA and actions, while the garbage collector deletes what the incident owns",
		func(cascade string) {
			ns := newNamespace("gc")
			incident := fixtures.Incident(testenv.UniqueName("incident"), fixtures.InNamespace[v1alpha1.Incident](ns))
			Expect(admin.Create(ctx, incident)).To(Succeed())
			rca := fixtures.RCA(testenv.UniqueName("rca"), incident.Name, fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns))
			evidence := []client.Object{rca}
			for range 2 {
				evidence = append(evidence, fixtures.Action(testenv.UniqueName("action"), incident.Name,
					fixtures.T0.Add(30*24*time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction](ns)))
			}
			for _, obj := range evidence {
				Expect(admin.Create(ctx, obj)).To(Succeed())
			}
			owned := ownedBy(incident)
			Expect(admin.Create(ctx, owned)).To(Succeed())

			// kubectl waits until the incident is gone: in the foreground,
			// that is once the collector has deleted the ConfigMap, which
			// blocks its owner's deletion.
			kubectl("delete", "incident", incident.Name, "-n", ns, "--cascade="+cascade, "--timeout=30s")
			Eventually(func() error {
				return admin.Get(ctx, client.ObjectKeyFromObject(owned), &corev1.ConfigMap{})
			}).Should(Satisfy(apierrors.IsNotFound), "the garbage collector deletes the ConfigMap the incident owned")
			Consistently(func(g Gomega) {
				for _, obj := range evidence {
					stillStored(g, obj)
				}
			}, 3*time.Second, 300*time.Millisecond).Should(Succeed(), "the RCA and actions outlive their incident")
		},
		Entry("in the foreground", "foreground"),
		Entry("in the background", "background"),
	)
})
