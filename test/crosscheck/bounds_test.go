package crosscheck_test

import (
	"os"
	"path/filepath"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The operator keeps its status lists within what the API admits: a longer
// list would be refused at every status write, and the record would stop
// moving; a shorter bound would throw evidence away for nothing.
func TestStatusBoundsMatchTheAPI(t *testing.T) {
	for _, c := range []struct {
		crd, list string
		kept      int
	}{
		{"lessons.dspt.io_incidents.yaml", "timeline", review.TimelineLimit},
		{"lessons.dspt.io_incidents.yaml", "announcements", statuskit.AnnouncementsKept},
		{"lessons.dspt.io_improvementactions.yaml", "announcements", statuskit.AnnouncementsKept},
	} {
		data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "config", "crd", "bases", c.crd))
		if err != nil {
			t.Fatal(err)
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.Unmarshal(data, &crd); err != nil {
			t.Fatal(err)
		}
		status := crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["status"]
		list, ok := status.Properties[c.list]
		if !ok || list.MaxItems == nil {
			t.Fatalf("%s: status.%s has no maxItems", c.crd, c.list)
		}
		if int(*list.MaxItems) != c.kept {
			t.Errorf("%s: status.%s admits %d items, the operator keeps %d", c.crd, c.list, *list.MaxItems, c.kept)
		}
	}
}
