package metrics

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A scrape reads the reviews one namespace at a time: every namespace's
// series are there, each counting its own reviews only.
func TestCollectReadsEveryNamespace(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	reader := fake.NewClientBuilder().WithScheme(scheme).WithObjects(
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "trust"}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "care-home"}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "empty"}},
		fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("trust")),
		fixtures.Incident("laptop", fixtures.InNamespace[v1alpha1.Incident]("trust")),
		fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("care-home")),
	).Build()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(&Collector{Reader: reader, Reviews: cached.Lists(reader), Clock: clocktesting.NewFakeClock(time.Now()), Policy: review.DefaultPolicy()})
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	incidents := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "lessons_incidents" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "namespace" {
					incidents[l.GetValue()] += m.GetGauge().GetValue()
				}
			}
		}
	}
	if incidents["trust"] != 2 || incidents["care-home"] != 1 || len(incidents) != 2 {
		t.Errorf("incidents by namespace %v, want trust 2 and care-home 1 (and no series for the empty namespace)", incidents)
	}
}
