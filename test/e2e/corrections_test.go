package e2e

import (
	"context"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("A fact on record", Ordered, func() {
	const refusal = "spec.severity was High and becomes Medium: a fact on record changes only with its correction"
	var ns string
	medium := func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.SeverityMedium }

	// manifest is the incident as created, changed by opts, written for
	// kubectl under name.
	manifest := func(name string, opts ...fixtures.Option[v1alpha1.Incident]) string {
		inc := fixtures.Incident("misdirected-discharge-letter", append([]fixtures.Option[v1alpha1.Incident]{fixtures.InNamespace[v1alpha1.Incident](ns)}, opts...)...)
		inc.Generation = 0
		return writeManifest(name, inc)
	}

	BeforeAll(func() {
		ns = newNamespace("corrections")
		mustKubectl("apply", "-f", manifest("correct-original.yaml"))
	})

	It("changes only with its correction, whichever way the write comes", func() {
		for _, path := range [][]string{
			{"apply"},
			{"apply", "--server-side", "--field-manager", "argocd-controller", "--force-conflicts"},
			{"replace"}, // what kubectl edit sends
		} {
			By("kubectl " + path[0] + " without the correction is refused, naming the fact and the entry")
			out, err := kubectl(append(path, "-f", manifest("correct-bare.yaml", medium))...)
			Expect(err).To(HaveOccurred(), "kubectl %v accepted a changed fact with no correction", path)
			Expect(out).To(ContainSubstring(refusal))
			Expect(out).To(ContainSubstring("{field: severity, from: High, to: Medium, reason: why, by: who agreed, at: when}"))
		}

		By("with the correction in the same write it is taken, and kept")
		mustKubectl("apply", "--server-side", "--field-manager", "argocd-controller", "--force-conflicts",
			"-f", manifest("correct-corrected.yaml", fixtures.Corrected(v1alpha1.FactSeverity, "High", "Medium", medium)))
		stored := &v1alpha1.Incident{}
		Expect(k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: "misdirected-discharge-letter"}, stored)).To(Succeed())
		Expect(stored.Spec.Severity).To(Equal(v1alpha1.SeverityMedium))
		Expect(stored.Spec.Corrections).To(HaveLen(1))

		By("a later write of the whole object without the correction is refused: corrections are append-only")
		out, err := kubectl("replace", "-f", manifest("correct-dropped.yaml", medium))
		Expect(err).To(HaveOccurred())
		Expect(out).To(ContainSubstring("spec.corrections is append-only"))
		Expect(testenv.Fresh(k8s, stored).Spec.Corrections).To(HaveLen(1))
	})
})
