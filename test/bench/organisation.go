package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The organisation-wide report: it lives in its own namespace, as an
// information governance team's would, and selects every namespace of the
// workload and of the deadline timing by a label, so it recomputes while
// the operator converges and while actions are created and fall overdue.
const (
	organisationNamespace = "information-governance"
	organisationName      = "organisation"
	organisationLabel     = "bench.lessons.dspt.io/organisation"
)

// organisationLabels are a selected namespace's labels, none without an
// organisation-wide report; the first workload namespace is confidential,
// to measure the redaction too.
func organisationLabels(confidential, organisation bool) map[string]string {
	if !organisation {
		return nil
	}
	l := map[string]string{organisationLabel: "northshire"}
	if confidential {
		l[report.ConfidentialLabel] = "true"
	}
	return l
}

// organisationReport is the organisation-wide report over the past year.
func organisationReport(now time.Time) *v1alpha1.LessonsReport {
	return fixtures.Report(organisationName, fixtures.InNamespace[v1alpha1.LessonsReport](organisationNamespace),
		fixtures.Period(now.Add(-365*24*time.Hour).Truncate(time.Second), now.Add(24*time.Hour).Truncate(time.Second)),
		func(r *v1alpha1.LessonsReport) {
			r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{organisationLabel: "northshire"}}
		})
}

// organisationRecomputes is how often the organisation-wide report was
// recomputed and written in a phase of the run.
type organisationRecomputes struct {
	// reconciles of the lessonsreport controller: every report's, which
	// in the deadline phase is the organisation-wide report's alone (no
	// other report selects the namespace of the timed actions).
	reconciles int
	// writes of the organisation-wide report's status, seen by a watch.
	writes int64
}

func (o organisationRecomputes) String() string {
	return fmt.Sprintf("%d reconciles, %d status writes", o.reconciles, o.writes)
}

// organisationWrites counts, through the watcher's informer, the status
// writes of the organisation-wide report from now on.
func (w *watcher) organisationWrites(ctx context.Context) (*atomic.Int64, error) {
	inf, err := w.cache.GetInformer(ctx, &v1alpha1.LessonsReport{})
	if err != nil {
		return nil, err
	}
	var n atomic.Int64
	_, err = inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			// The informer replays the report as it is when the handler
			// is added: a status already written counts.
			if r, ok := obj.(*v1alpha1.LessonsReport); ok && isOrganisation(r) && r.Status.ObservedGeneration > 0 {
				n.Add(1)
			}
		},
		UpdateFunc: func(old, updated any) {
			o, okOld := old.(*v1alpha1.LessonsReport)
			r, ok := updated.(*v1alpha1.LessonsReport)
			if okOld && ok && isOrganisation(r) && o.ResourceVersion != r.ResourceVersion {
				n.Add(1)
			}
		},
	})
	return &n, err
}

func isOrganisation(r *v1alpha1.LessonsReport) bool {
	return r.Namespace == organisationNamespace && r.Name == organisationName
}

// reportReconciles reads the lessonsreport controller's reconciles so far.
func (m *manager) reportReconciles() (int, error) {
	stats, err := m.reconciles()
	return stats["lessonsreport"].count, err
}
