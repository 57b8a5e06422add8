// Package controller wires the review rules (package review) to the API
// server: each reconciler fetches from the cache, asks the pure core for the
// status, writes it only when it changed, announces transitions as events
// and requeues for the next deadline.
package controller

import (
	"context"
	"fmt"
	"time"

	"k8s.io/utils/clock"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/controller"

	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// The manager reads the review kinds and writes only their status (never
// spec, labels or annotations), and records events; it lists them to
// learn, when it starts leading, which exist already.
// +kubebuilder:rbac:groups=lessons.dspt.io,resources=improvementactions;incidents;rootcauseanalyses;lessonsreports;processreviews,verbs=get;list;watch
// +kubebuilder:rbac:groups=lessons.dspt.io,resources=improvementactions/status;incidents/status;rootcauseanalyses/status;lessonsreports/status;processreviews/status,verbs=get;update;patch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;list

// Deps is what every reconciler needs.
type Deps struct {
	// Clock tells the time; tests inject a fake one and move it.
	Clock clock.WithTicker
	// Policy holds the deadlines.
	Policy review.Policy
	// Announcer records the announcements as events, exactly once each.
	Announcer *Announcer
	// Coalesce is how long an organisation-wide report waits after a
	// change before it recomputes (OrganisationCoalesce in a manager);
	// zero recomputes at once.
	Coalesce time.Duration
	// ReportWorkers is how many reports are recomputed at once; zero
	// leaves it to the manager's MaxConcurrentReconciles.
	ReportWorkers int
}

// Setup registers the field indexes and every controller with the manager.
func Setup(ctx context.Context, mgr ctrl.Manager, deps Deps) error {
	if err := deps.Policy.Validate(); err != nil {
		return err
	}
	if err := setupIndexes(ctx, mgr); err != nil {
		return fmt.Errorf("field indexes: %w", err)
	}
	if deps.Announcer != nil {
		if err := mgr.Add(recallOnStart{announcer: deps.Announcer, clock: deps.Clock}); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		name  string
		setup func(ctrl.Manager, Deps) error
	}{
		{"incident", setupIncident},
		{"rootcauseanalysis", setupRCA},
		{"improvementaction", setupAction},
		{"processreview", setupProcessReview},
		{"lessonsreport", setupReport},
	} {
		if err := c.setup(mgr, deps); err != nil {
			return fmt.Errorf("%s controller: %w", c.name, err)
		}
	}
	return nil
}

// options gives each controller its work queue (newQueue) and warms it up:
// a standby starts its controllers' watches as it starts, not as it takes
// over, so that it has queued every review, and takes over with its
// workers at once. (A controller that starts its watches as it starts to
// lead waits until each has handed it every object: seconds at 100,000
// reviews, with no leader.)
func options(c clock.WithTicker) controller.Options {
	return controller.Options{NewQueue: newQueue(c), EnableWarmup: ptr.To(true)}
}

// reportOptions bounds the recomputes running at once on their own: each is
// CPU work holding its namespace's cases in memory, unlike the other
// kinds' reconciles, which mostly wait on the API server.
func reportOptions(deps Deps) controller.Options {
	o := options(deps.Clock)
	o.MaxConcurrentReconciles = deps.ReportWorkers
	return o
}
