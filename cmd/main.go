// Command manager runs the lessons-operator controllers.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/config"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/controller"
	"github.com/dspt-lessons/lessons-operator/internal/leaderlease"
	lessonsmetrics "github.com/dspt-lessons/lessons-operator/internal/metrics"
	"github.com/dspt-lessons/lessons-operator/internal/metricsauth"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/version"
)

// flags are the manager's command-line settings.
type flags struct {
	kubeconfig       string
	metricsAddr      string
	metricsSecure    bool
	enableHTTP2      bool
	probeAddr        string
	pprofAddr        string
	leaderElect      bool
	leaderElectionID string
	leaderElectionNS string
	leaseDuration    time.Duration
	renewDeadline    time.Duration
	retryPeriod      time.Duration
	gracefulShutdown time.Duration
	maxConcurrent    int
	reportWorkers    int
	apiQPS           float64
	apiBurst         int
	policy           review.Policy
	zap              zap.Options
	version          bool
}

func parseFlags(args []string) (*flags, error) {
	f := &flags{policy: review.DefaultPolicy()}
	fs := flag.NewFlagSet("manager", flag.ContinueOnError)
	fs.StringVar(&f.kubeconfig, "kubeconfig", "", "Path to a kubeconfig (default: $KUBECONFIG, then in-cluster configuration).")
	fs.StringVar(&f.metricsAddr, "metrics-bind-address", "127.0.0.1:8080", "Address the metrics endpoint binds to; 0 disables it. Any other interface than the loopback (e.g. :8443) needs --metrics-secure, or --metrics-secure=false to serve plain metrics there on purpose.")
	fs.BoolVar(&f.metricsSecure, "metrics-secure", false, "Serve metrics over HTTPS, each scrape authenticated and authorised through the API server (a bad token gets 401, a user without the metrics-reader role 403).")
	fs.BoolVar(&f.enableHTTP2, "enable-http2", false, "Allow HTTP/2 on the metrics server (off: HTTP/2 Stream Cancellation and Rapid Reset CVEs).")
	fs.StringVar(&f.probeAddr, "health-probe-bind-address", ":8081", "Address the /healthz and /readyz probes bind to.")
	fs.StringVar(&f.pprofAddr, "pprof-bind-address", "", "Address to serve Go's /debug/pprof profiles on, for diagnosing CPU and memory use (default: off).")
	fs.BoolVar(&f.leaderElect, "leader-elect", false, "Elect a leader so that only one manager replica acts at a time.")
	fs.StringVar(&f.leaderElectionID, "leader-election-id", "lessons-operator.lessons.dspt.io", "Name of the Lease used for leader election.")
	fs.StringVar(&f.leaderElectionNS, "leader-election-namespace", "", "Namespace of the leader-election Lease (default: the manager's own namespace).")
	fs.Float64Var(&f.apiQPS, "kube-api-qps", 500, "Requests per second the manager may make to the API server: a guard against a runaway loop rather than a pace, high enough not to slow a start-up with thousands of reviews to converge (the server's own priority and fairness decides the manager's share).")
	fs.IntVar(&f.apiBurst, "kube-api-burst", 1000, "Burst of requests the manager may make to the API server above --kube-api-qps.")
	fs.IntVar(&f.maxConcurrent, "max-concurrent-reconciles", 16, "How many incidents, analyses and actions of each kind are reconciled at once. Their reconciles mostly wait on the API server, so more workers than CPUs keep a deadline from waiting for one.")
	fs.IntVar(&f.reportWorkers, "max-concurrent-report-reconciles", 4, "How many LessonsReports are recomputed at once. A recompute is CPU work on the cache, and memory while it runs, so more than the CPUs adds memory rather than speed.")
	fs.DurationVar(&f.leaseDuration, "leader-election-lease-duration", 15*time.Second, "How long a crashed leader's Lease keeps the other replicas waiting before one takes over.")
	fs.DurationVar(&f.renewDeadline, "leader-election-renew-deadline", 10*time.Second, "How long the leader keeps trying to renew its Lease (e.g. while the API server is unreachable) before it gives up leadership and exits; less than the lease duration.")
	fs.DurationVar(&f.retryPeriod, "leader-election-retry-period", 2*time.Second, "How often the leader renews the Lease (a standby watches the Lease and takes it over as it expires).")
	fs.DurationVar(&f.gracefulShutdown, "graceful-shutdown-timeout", 30*time.Second, "How long to let running reconciles finish on shutdown.")
	fs.BoolVar(&f.version, "version", false, "Print the version and exit.")
	f.policy.BindFlags(fs)
	f.zap.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if f.version {
		return f, nil // nothing else is used
	}
	if err := checkMetricsExposure(f.metricsAddr, f.metricsSecure, flagSet(fs, "metrics-secure")); err != nil {
		return nil, err
	}
	if err := f.validateLeaderElection(); err != nil {
		return nil, err
	}
	if f.maxConcurrent < 1 || f.reportWorkers < 1 {
		return nil, fmt.Errorf("--max-concurrent-reconciles (%d) and --max-concurrent-report-reconciles (%d) must be at least 1", f.maxConcurrent, f.reportWorkers)
	}
	return f, f.policy.Validate()
}

// validateLeaderElection checks the lease timings as client-go's leader
// election would, so a bad combination is refused at start-up with the
// flags' names rather than after the manager has started.
func (f *flags) validateLeaderElection() error {
	switch {
	case f.retryPeriod <= 0:
		return fmt.Errorf("--leader-election-retry-period must be positive")
	case f.renewDeadline <= time.Duration(1.2*float64(f.retryPeriod)):
		return fmt.Errorf("--leader-election-renew-deadline (%s) must be more than 1.2 times --leader-election-retry-period (%s)", f.renewDeadline, f.retryPeriod)
	case f.leaseDuration <= f.renewDeadline:
		return fmt.Errorf("--leader-election-lease-duration (%s) must be more than --leader-election-renew-deadline (%s)", f.leaseDuration, f.renewDeadline)
	}
	return nil
}

func main() {
	f, err := parseFlags(os.Args[1:])
	if err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		os.Stderr.WriteString("invalid flags: " + err.Error() + "\n")
		os.Exit(2)
	}
	if f.version {
		fmt.Println("lessons-operator " + version.String())
		return
	}
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&f.zap)))
	log := ctrl.Log.WithName("setup")
	log.Info("starting", "version", version.String())
	if err := run(f); err != nil {
		log.Error(err, "manager stopped")
		os.Exit(1)
	}
}

// instanceName names this replica in the events it records: the pod's
// name in a cluster.
func instanceName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "lessons-operator"
}

func newScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(s))
	utilruntime.Must(v1alpha1.AddToScheme(s))
	return s
}

// restConfig loads the kubeconfig named by the flag, else the usual chain.
func restConfig(path string) (*rest.Config, error) {
	if path != "" {
		return clientcmd.BuildConfigFromFlags("", path)
	}
	return ctrl.GetConfig()
}

func run(f *flags) error {
	log := ctrl.Log.WithName("setup")
	var tlsOpts []func(*tls.Config)
	if !f.enableHTTP2 {
		tlsOpts = append(tlsOpts, func(c *tls.Config) { c.NextProtos = []string{"http/1.1"} })
	}
	metricsOpts := metricsserver.Options{BindAddress: f.metricsAddr, SecureServing: f.metricsSecure, TLSOpts: tlsOpts}
	if f.metricsSecure {
		metricsOpts.FilterProvider = metricsauth.Filter
	}
	gracefulShutdown := f.gracefulShutdown
	cfg, err := restConfig(f.kubeconfig)
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = float32(f.apiQPS), f.apiBurst
	var lock *leaderlease.Lock
	if f.leaderElect {
		if lock, err = leaderLock(cfg, f); err != nil {
			return err
		}
	}
	scheme := newScheme()
	// The manager makes its own HTTP client and does not hand it to the
	// cache's options: the quicker watches have theirs.
	httpClient, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return err
	}
	cacheOpts, _, err := controller.CacheOptions(cfg, httpClient, scheme)
	if err != nil {
		return err
	}
	opts := ctrl.Options{
		Scheme:                 scheme,
		Metrics:                metricsOpts,
		WebhookServer:          webhook.NewServer(webhook.Options{TLSOpts: tlsOpts}),
		HealthProbeBindAddress: f.probeAddr,
		PprofBindAddress:       f.pprofAddr,
		// The lock (leader.go) names the Lease; the ID names the elector
		// in the leader_election_master_status metric.
		LeaderElection:   f.leaderElect,
		LeaderElectionID: f.leaderElectionID,
		LeaseDuration:    &f.leaseDuration,
		RenewDeadline:    &f.renewDeadline,
		RetryPeriod:      &f.retryPeriod,
		// Hand over leadership at once on shutdown instead of waiting for
		// the lease to expire.
		LeaderElectionReleaseOnCancel: true,
		GracefulShutdownTimeout:       &gracefulShutdown,
		Cache:                         cacheOpts,
		Controller:                    config.Controller{MaxConcurrentReconciles: f.maxConcurrent},
	}
	if lock != nil {
		opts.LeaderElectionResourceLockInterface = lock
	}
	mgr, err := ctrl.NewManager(cfg, opts)
	if err != nil {
		return err
	}
	if lock != nil {
		// As controller-runtime's own lock does: "became leader" and
		// "stopped leading" events on the Lease, named by the identity.
		lock.Events = mgr.GetEventRecorderFor(lock.Identity()) //nolint:staticcheck // the elector's recorder takes the core events API
	}
	ctx := ctrl.SetupSignalHandler()
	if err := controller.Setup(ctx, mgr, controller.Deps{
		Clock:  clock.RealClock{},
		Policy: f.policy,
		// The pod's name, so an event says which replica recorded it; the
		// API reader recalls the events that exist when it starts leading.
		Announcer:     &controller.Announcer{Client: mgr.GetClient(), Reader: mgr.GetAPIReader(), Instance: instanceName()},
		Coalesce:      controller.OrganisationCoalesce,
		ReportWorkers: f.reportWorkers,
	}); err != nil {
		return err
	}
	if err := crmetrics.Registry.Register(&lessonsmetrics.Collector{Reader: mgr.GetClient(), Reviews: cached.Informers(mgr.GetCache()), Clock: clock.RealClock{}, Policy: f.policy}); err != nil {
		return err
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		return err
	}
	if err := mgr.AddReadyzCheck("reviews", controller.ReviewsReadable(mgr.GetCache())); err != nil {
		return err
	}
	log.Info("starting manager", "siroNotificationDeadline", f.policy.SIRONotificationDeadline,
		"dueSoonWindow", f.policy.DueSoonWindow, "overdueReminderInterval", f.policy.OverdueReminderInterval,
		"rcaReviewWindow", f.policy.RCAReviewWindow.String(), "actionTimescale", f.policy.ActionTimescale.String())
	return mgr.Start(ctx)
}
