package validation_test

import (
	"slices"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The objects of this suite are the fixtures, which the API server accepts
// as they are (the "Valid objects" specs check this). A refusal passes
// options that change only what it is about, so each states the one thing
// it breaks.

// incidentName is the incident the reviews and actions belong to. No
// manager runs, so it need not exist.
const incidentName = "phishing-credential-compromise-2025-05"

// Times of the reviews, after the fixtures' detection at fixtures.T0.
var (
	signedAt    = fixtures.T0.Add(25 * 24 * time.Hour)
	actionDue   = fixtures.T0.Add(270 * 24 * time.Hour)
	completedAt = fixtures.T0.Add(220 * 24 * time.Hour)
)

// at parses an RFC 3339 timestamp.
func at(s string) metav1.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return metav1.NewTime(t)
}

// atPtr parses an RFC 3339 timestamp into a pointer, for optional fields.
func atPtr(s string) *metav1.Time {
	t := at(s)
	return &t
}

// validRCA is the fixtures' analysis, submitted, with every optional
// section filled in and a second cause: every field is there to break.
func validRCA(name string, opts ...fixtures.Option[v1alpha1.RootCauseAnalysis]) *v1alpha1.RootCauseAnalysis {
	return fixtures.RCA(name, incidentName, slices.Concat([]fixtures.Option[v1alpha1.RootCauseAnalysis]{
		fixtures.Submitted(), fixtures.WithCyberAttackSection(), fixtures.WithInvestigation(), fixtures.WithEvidence(), nonTechnicalCause,
	}, opts)...)
}

// nonTechnicalCause adds a cause beyond the technical one.
func nonTechnicalCause(r *v1alpha1.RootCauseAnalysis) {
	r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{
		Type:        v1alpha1.CauseNonTechnical,
		Description: "Remote teams had no protected time for phishing awareness training.",
	})
}
