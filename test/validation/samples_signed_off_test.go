package validation_test

import (
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The signed-off sample is the sample report with the patch of
// config/samples-signed-off applied: the API server takes it as it is
// written, and it is the financial year signed off with an assessment.
var _ = Describe("The signed-off sample report", func() {
	It("is the sample report with the SIRO's approval and assessment, accepted as written", func() {
		docs, err := readDocuments(filepath.Join(samplesDir, "lessons_v1alpha1_lessonsreport.yaml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(docs).To(HaveLen(1))
		report := docs[0]

		data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "config", "samples-signed-off", "sign-off.yaml"))
		Expect(err).NotTo(HaveOccurred())
		var patch map[string]any
		Expect(yaml.Unmarshal(data, &patch)).To(Succeed())
		Expect(patch["metadata"]).To(HaveKeyWithValue("name", report.GetName()), "the patch names the sample report")
		signOff, found, err := unstructured.NestedMap(patch, "spec", "signOff")
		Expect(err).NotTo(HaveOccurred())
		Expect(found).To(BeTrue())
		Expect(unstructured.SetNestedMap(report.Object, signOff, "spec", "signOff")).To(Succeed())

		obj := report.DeepCopy()
		obj.SetNamespace(namespace)
		obj.SetName("signed-off-" + obj.GetName())
		Expect(k8sClient.Create(ctx, obj, client.FieldValidation("Strict"))).To(Succeed())

		var typed v1alpha1.LessonsReport
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(obj), &typed)).To(Succeed())
		Expect(typed.Spec.Period.From.UTC().Format("2006-01-02")).To(Equal("2025-04-01"))
		Expect(typed.Spec.Period.To.UTC().Format("2006-01-02")).To(Equal("2026-04-01"))
		Expect(typed.Spec.SignOff.At.Time).To(BeTemporally(">", typed.Spec.Period.To.Time), "signed off once the year ended")
		Expect(typed.Spec.SignOff.At.Time).To(BeTemporally("<=", typed.Spec.Period.To.Add(30*24*time.Hour)), "within the sign-off window")
		Expect(typed.Spec.SignOff.Decision).To(Equal(v1alpha1.SignOffApproved))
		Expect(typed.Spec.SignOff.By).To(Equal(typed.Spec.SIRO))
		Expect(typed.Spec.SignOff.Assessment).To(ContainSubstring("Phishing"))
	})
})
