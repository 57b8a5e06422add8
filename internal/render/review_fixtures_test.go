package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// loadCase reads testdata/reviews/NAME.yaml: one incident with its analysis
// and actions, as the API server returns them, status included. Each call
// reads afresh, so a test may change what it gets.
func loadCase(name string) review.Case {
	data, err := os.ReadFile(filepath.Join("testdata", "reviews", name+".yaml"))
	if err != nil {
		panic(err)
	}
	var c review.Case
	for i, doc := range strings.Split(string(data), "\n---\n") {
		var head struct{ Kind string }
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			panic(fmt.Sprintf("%s.yaml, document %d: %v", name, i+1, err))
		}
		switch head.Kind {
		case "Incident":
			c.Incident = decode[v1alpha1.Incident](name, doc)
		case "RootCauseAnalysis":
			c.RCA = decode[v1alpha1.RootCauseAnalysis](name, doc)
		case "ImprovementAction":
			c.Actions = append(c.Actions, decode[v1alpha1.ImprovementAction](name, doc))
		default:
			panic(fmt.Sprintf("%s.yaml, document %d: unexpected kind %q", name, i+1, head.Kind))
		}
	}
	return c
}

// decode reads one object, refusing one the API types cannot read whole.
func decode[T any, PT interface {
	*T
	Unreadable() string
}](file, doc string) *T {
	obj := PT(new(T))
	if err := yaml.Unmarshal([]byte(doc), obj); err != nil {
		panic(fmt.Sprintf("%s.yaml: %v", file, err))
	}
	if why := obj.Unreadable(); why != "" {
		panic(fmt.Sprintf("%s.yaml: %s", file, why))
	}
	return obj
}

// closedOnTimeCase is a misdirected letter, closed with everything on time.
func closedOnTimeCase() review.Case { return loadCase("closed-on-time") }

// cyberAttackCase is a phishing attack: a signed-off analysis, an action
// extended and linked, done after its original deadline, and one overdue
// at cyberAttackAsAt.
func cyberAttackCase() review.Case { return loadCase("cyber-attack") }

// cyberAttackAsAt is when cyberAttackCase is read: the alerting action is
// five days overdue.
var cyberAttackAsAt = ts("2027-02-03T09:00:00Z").Time

// noAnalysisCase is an incident with no analysis and no actions yet, whose
// SIRO was not told in time.
func noAnalysisCase() review.Case { return loadCase("no-analysis") }

// exerciseCase is a ransomware tabletop exercise with one action done and
// one open.
func exerciseCase() review.Case { return loadCase("exercise") }

// relatedToCyberAttack is the one of cyberAttackCase's related incidents
// the plugin could read: the other is named alone.
func relatedToCyberAttack() []v1alpha1.Incident {
	inc := v1alpha1.Incident{}
	inc.Name, inc.Namespace = "invoice-fraud-phishing-2025-11", "northshire-trust"
	inc.Spec.Title = "Supplier invoice fraud after a phishing e-mail"
	inc.Status.Phase = v1alpha1.IncidentClosed
	return []v1alpha1.Incident{inc}
}

// loadReviewCase reads testdata/reviews/NAME.yaml: one process review with
// the actions it raised, as the API server returns them.
func loadReviewCase(name string) review.ReviewCase {
	data, err := os.ReadFile(filepath.Join("testdata", "reviews", name+".yaml"))
	if err != nil {
		panic(err)
	}
	var c review.ReviewCase
	for i, doc := range strings.Split(string(data), "\n---\n") {
		var head struct{ Kind string }
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			panic(fmt.Sprintf("%s.yaml, document %d: %v", name, i+1, err))
		}
		switch head.Kind {
		case "ProcessReview":
			c.Review = decode[v1alpha1.ProcessReview](name, doc)
		case "ImprovementAction":
			c.Actions = append(c.Actions, decode[v1alpha1.ImprovementAction](name, doc))
		default:
			panic(fmt.Sprintf("%s.yaml, document %d: unexpected kind %q", name, i+1, head.Kind))
		}
	}
	return c
}

// processWorkshopCase is the year's process workshop: user representatives
// took part, two workarounds were found, and of its two actions one is
// done and one overdue at the realistic register's time.
func processWorkshopCase() review.ReviewCase { return loadReviewCase("process-review") }
