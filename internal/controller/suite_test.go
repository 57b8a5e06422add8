package controller_test

import (
	"context"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	clocktesting "k8s.io/utils/clock/testing"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/dspt-lessons/lessons-operator/internal/controller"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/watchdecode"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var (
	env    *testenv.Env
	k8s    client.Client
	clock  *clocktesting.FakeClock
	policy = review.DefaultPolicy()
	cancel context.CancelFunc
	// events is the client of the manager's Announcer: a test may make its
	// event creations fail.
	events = newFlakyEvents()
	// watches are the manager cache's informers, which count how they
	// decoded the objects they watched.
	watches *watchdecode.Informers
)

func TestControllers(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(10 * time.Second)
	SetDefaultEventuallyPollingInterval(100 * time.Millisecond)
	RunSpecs(t, "Controllers")
}

var _ = BeforeSuite(func() {
	ctrl.SetLogger(zap.New(zap.WriteTo(GinkgoWriter), zap.UseDevMode(true)))
	var err error
	env, err = testenv.Start()
	Expect(err).NotTo(HaveOccurred())
	k8s = env.Client

	// Time starts half an hour after the fixtures' detection time and only
	// moves when a test steps it.
	clock = clocktesting.NewFakeClock(fixtures.T0.Add(30 * time.Minute))
	httpClient, err := rest.HTTPClientFor(env.Config)
	Expect(err).NotTo(HaveOccurred())
	cacheOpts, informers, err := controller.CacheOptions(env.Config, httpClient, testenv.Scheme)
	Expect(err).NotTo(HaveOccurred())
	watches = informers
	mgr, err := ctrl.NewManager(env.Config, ctrl.Options{
		Scheme:                 testenv.Scheme,
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
		Cache:                  cacheOpts,
	})
	Expect(err).NotTo(HaveOccurred())
	announcerClient, err := events.client(env.Config)
	Expect(err).NotTo(HaveOccurred())
	var ctx context.Context
	ctx, cancel = context.WithCancel(context.Background())
	Expect(controller.Setup(ctx, mgr, controller.Deps{
		Clock:     clock,
		Policy:    policy,
		Announcer: &controller.Announcer{Client: announcerClient, Instance: "envtest"},
	})).To(Succeed())
	go func() {
		defer GinkgoRecover()
		Expect(mgr.Start(ctx)).To(Succeed())
	}()
})

var _ = AfterSuite(func() {
	if cancel != nil {
		cancel()
	}
	if env != nil {
		Expect(env.Stop()).To(Succeed())
	}
})

// newNamespace gives each test a namespace of its own.
func newNamespace() string {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "review-"}}
	Expect(k8s.Create(context.Background(), ns)).To(Succeed())
	return ns.Name
}

// step moves the fake clock; requeues for deadlines up to then fire. It
// first waits until no reconcile is running: one that read the time before
// the step and asked for its requeue after it would be requeued d late
// (a RequeueAfter counts from when the queue receives it).
func step(d time.Duration) {
	EventuallyWithOffset(1, reconcilesRunning, 10*time.Second, time.Millisecond).Should(BeZero(), "reconciles running before the clock moves")
	clock.Step(d)
}

// reconcilesRunning is how many reconciles the manager's controllers are
// running, from controller-runtime's active-workers gauge.
func reconcilesRunning() (float64, error) {
	families, err := crmetrics.Registry.Gather()
	if err != nil {
		return 0, err
	}
	running := 0.0
	for _, f := range families {
		if f.GetName() != "controller_runtime_active_workers" {
			continue
		}
		for _, m := range f.GetMetric() {
			running += m.GetGauge().GetValue()
		}
	}
	return running, nil
}
