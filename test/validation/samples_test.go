package validation_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// samplesDir holds one sample per kind, telling one story.
var samplesDir = filepath.Join(testenv.RepoRoot(), "config", "samples")

// sampleDoc is one YAML document of a sample file, or the error met reading it.
type sampleDoc struct {
	file string
	obj  *unstructured.Unstructured
	err  error
}

// sampleFiles lists the sample manifests, kustomization.yaml excepted.
func sampleFiles() ([]string, error) {
	files, err := filepath.Glob(filepath.Join(samplesDir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var samples []string
	for _, f := range files {
		if filepath.Base(f) != "kustomization.yaml" {
			samples = append(samples, f)
		}
	}
	return samples, nil
}

// readDocuments splits a YAML file into its documents, skipping empty ones
// (a document of comments only).
func readDocuments(file string) ([]*unstructured.Unstructured, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var objs []*unstructured.Unstructured
	for {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, err
		}
		var content map[string]any
		if err := yaml.Unmarshal(raw, &content); err != nil {
			return nil, err
		}
		if len(content) == 0 {
			continue
		}
		objs = append(objs, &unstructured.Unstructured{Object: content})
	}
}

// sampleEntries makes one table entry per document of every sample file. A
// file that cannot be read, or no sample at all, makes a failing entry.
func sampleEntries() []TableEntry {
	files, err := sampleFiles()
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no sample manifests in %s", samplesDir)
	}
	if err != nil {
		return []TableEntry{Entry("the samples", sampleDoc{err: err})}
	}
	var entries []TableEntry
	for _, f := range files {
		objs, err := readDocuments(f)
		if err == nil && len(objs) == 0 {
			err = errors.New("the file has no document")
		}
		if err != nil {
			entries = append(entries, Entry(filepath.Base(f), sampleDoc{file: f, err: err}))
			continue
		}
		for _, obj := range objs {
			entries = append(entries, Entry(
				fmt.Sprintf("%s: %s %s", filepath.Base(f), obj.GetKind(), obj.GetName()),
				sampleDoc{file: f, obj: obj}))
		}
	}
	return entries
}

var _ = Describe("The samples", func() {
	DescribeTable("are accepted by the API server as they are written",
		func(doc sampleDoc) {
			Expect(doc.err).NotTo(HaveOccurred(), "reading %s", doc.file)
			obj := doc.obj.DeepCopy()
			Expect(obj.GetNamespace()).To(BeEmpty(), "samples carry no namespace: the user chooses it")
			obj.SetNamespace(namespace)

			// Strict: a misspelt or unknown field is an error, not a warning.
			Expect(k8sClient.Create(ctx, obj, client.FieldValidation("Strict"))).To(Succeed())

			// The operator reads it back into its Go types.
			typed, err := testenv.Scheme.New(obj.GroupVersionKind())
			Expect(err).NotTo(HaveOccurred())
			Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(obj), typed.(client.Object))).To(Succeed())
		},
		sampleEntries(),
	)

	It("are all listed in kustomization.yaml, and nothing else is", func() {
		files, err := sampleFiles()
		Expect(err).NotTo(HaveOccurred())
		var names []string
		for _, f := range files {
			names = append(names, filepath.Base(f))
		}

		data, err := os.ReadFile(filepath.Join(samplesDir, "kustomization.yaml"))
		Expect(err).NotTo(HaveOccurred())
		var kustomization struct {
			Resources []string `json:"resources"`
		}
		Expect(yaml.Unmarshal(data, &kustomization)).To(Succeed())
		listed := append([]string(nil), kustomization.Resources...)
		sort.Strings(listed)
		sort.Strings(names)
		Expect(listed).To(Equal(names))
	})

	It("tell one story: every review and action belongs to a sample incident", func() {
		files, err := sampleFiles()
		Expect(err).NotTo(HaveOccurred())
		incidents, reviews := map[string]bool{}, map[string]bool{}
		var refs, reviewRefs []string
		kinds := map[string]int{}
		for _, f := range files {
			objs, err := readDocuments(f)
			Expect(err).NotTo(HaveOccurred())
			for _, obj := range objs {
				kinds[obj.GetKind()]++
				if obj.GetKind() == "Incident" {
					incidents[obj.GetName()] = true
				}
				if ref, found, _ := unstructured.NestedString(obj.Object, "spec", "incidentRef", "name"); found {
					refs = append(refs, ref)
				}
				related, _, _ := unstructured.NestedStringSlice(obj.Object, "spec", "relatedIncidents")
				refs = append(refs, related...)
				reviewed, _, _ := unstructured.NestedStringSlice(obj.Object, "spec", "incidentsReviewed")
				refs = append(refs, reviewed...)
				if ref, found, _ := unstructured.NestedString(obj.Object, "spec", "processReviewRef", "name"); found {
					reviewRefs = append(reviewRefs, ref)
				}
				if obj.GetKind() == "ProcessReview" {
					reviews[obj.GetName()] = true
				}
			}
		}
		// The phishing incident and, for the report to learn across, a
		// second phishing incident, a near miss and an exercise; the first
		// incident's three actions, one each for the second incident and
		// the exercise; the year's process review workshop and the two
		// actions it raised. Every name referred to, related and reviewed
		// incidents included, is a sample incident; every review named, a
		// sample review.
		Expect(kinds).To(HaveKeyWithValue("Incident", 4))
		Expect(kinds).To(HaveKeyWithValue("RootCauseAnalysis", 4))
		Expect(kinds).To(HaveKeyWithValue("ImprovementAction", 7))
		Expect(kinds).To(HaveKeyWithValue("ProcessReview", 1))
		Expect(kinds).To(HaveKeyWithValue("LessonsReport", 1))
		Expect(refs).To(HaveLen(13))
		for _, ref := range refs {
			Expect(incidents).To(HaveKey(ref))
		}
		Expect(reviewRefs).To(HaveLen(2))
		for _, ref := range reviewRefs {
			Expect(reviews).To(HaveKey(ref))
		}
	})
})
