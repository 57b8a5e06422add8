package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

var (
	overdueActions = prometheus.NewDesc("lessons_actions_overdue",
		"Improvement actions past their due date and not Done or Cancelled.", []string{"namespace", "priority", "area"}, nil)
	oldestOverdue = prometheus.NewDesc("lessons_oldest_overdue_action_age_seconds",
		"How long the longest-overdue improvement action has been overdue (0 when none is).", []string{"namespace"}, nil)
	incidentsByPhase = prometheus.NewDesc("lessons_incidents",
		"Incidents and near misses by phase.", []string{"namespace", "phase"}, nil)
	siroOverdue = prometheus.NewDesc("lessons_siro_notifications_overdue",
		"Incidents past the SIRO notification deadline whose SIRO has not been told.", []string{"namespace"}, nil)
	siroLate = prometheus.NewDesc("lessons_siro_notifications_late",
		"Incidents whose SIRO was told after the notification deadline.", []string{"namespace"}, nil)
	awaitingSignOff = prometheus.NewDesc("lessons_rcas_awaiting_signoff",
		"Root cause analyses submitted and waiting for the SIRO's sign-off.", []string{"namespace"}, nil)
	unreadable = prometheus.NewDesc("lessons_unreadable_objects",
		"Objects the API server holds that the operator cannot read (say a time with an impossible offset): each is left out, with a Warning event naming it, until it is corrected.", []string{"namespace", "kind"}, nil)
)

var incidentPhases = []v1alpha1.IncidentPhase{
	v1alpha1.IncidentOpen, v1alpha1.IncidentInvestigating, v1alpha1.IncidentAwaitingSignOff,
	v1alpha1.IncidentRemediating, v1alpha1.IncidentClosed,
}

// Collector computes the gauges from the manager's cache at each scrape.
type Collector struct {
	// Reader lists the namespaces.
	Reader client.Reader
	// Reviews reads each namespace's reviews and reports.
	Reviews cached.Reader
	Clock   clock.PassiveClock
	Policy  review.Policy
}

// Describe sends the gauges' descriptions.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{overdueActions, oldestOverdue, incidentsByPhase, siroOverdue, siroLate, awaitingSignOff, unreadable} {
		ch <- d
	}
	for _, d := range itemDescs {
		ch <- d
	}
	ch <- reportSignOffOverdueItem
}

// Collect sends the gauges, reading the reviews from the cache one
// namespace at a time: every series is a namespace's, and a scrape then
// holds one namespace's reviews at once rather than the whole cluster's
// (at 100,000 reviews, enough to take the manager past its memory limit).
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	namespaces := &metav1.PartialObjectMetadataList{}
	namespaces.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("NamespaceList"))
	if err := c.Reader.List(ctx, namespaces, client.UnsafeDisableDeepCopy); err != nil {
		ctrl.Log.WithName("metrics").Error(err, "listing namespaces for the metrics")
		return
	}
	now := c.Clock.Now()
	for i := range namespaces.Items {
		ns := &namespaces.Items[i]
		if err := c.collectNamespace(ctx, ch, ns.Name, report.Confidential(ns.Labels), now); err != nil {
			ctrl.Log.WithName("metrics").Error(err, "listing reviews for the metrics", "namespace", namespaces.Items[i].Name)
			return
		}
	}
}

// collectNamespace sends the gauges of one namespace's reviews; of a
// confidential one, the counts alone.
func (c *Collector) collectNamespace(ctx context.Context, ch chan<- prometheus.Metric, namespace string, confidential bool, now time.Time) error {
	all, err := c.Reviews.Reviews(ctx, namespace, nil)
	if err != nil {
		return err
	}
	reports, err := c.Reviews.Reports(ctx, namespace)
	if err != nil {
		return err
	}
	reviews, bad := all.Readable()
	for _, r := range reports {
		if r.Unreadable() != "" {
			bad = append(bad, review.Unreadable{Kind: "LessonsReport", Namespace: r.Namespace, Name: r.Name, Why: r.Unreadable()})
		}
	}
	s := Compute(c.Policy, reviews, reports, now)
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	if confidential {
		sendWithheld(ch, namespace, s.Duties)
	} else {
		sendDuties(ch, s.Duties, s.OverdueIncidents, now)
	}
	for k, n := range s.OverdueActions {
		gauge(overdueActions, float64(n), k.Namespace, string(k.Priority), string(k.Area))
	}
	unreadableIn := map[[2]string]int{}
	for _, u := range bad {
		unreadableIn[[2]string{u.Namespace, u.Kind}]++
	}
	for k, n := range unreadableIn {
		gauge(unreadable, float64(n), k[0], k[1])
	}
	for _, ns := range namespaces(reviews) {
		gauge(oldestOverdue, s.OldestOverdue[ns].Seconds(), ns)
		gauge(siroOverdue, float64(s.SIROOverdue[ns]), ns)
		gauge(siroLate, float64(s.SIROLate[ns]), ns)
		gauge(awaitingSignOff, float64(s.AwaitingSignOff[ns]), ns)
		for _, phase := range incidentPhases {
			gauge(incidentsByPhase, float64(s.Incidents[PhaseKey{ns, phase}]), ns, string(phase))
		}
	}
	return nil
}
