package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// crashAndRestartAPIServer kills the control plane's kube-apiserver, as an
// OOM kill or a lost node would, runs whileDown, and starts it again as a
// restarted cluster's API server comes back: on the same address, with the
// same serving certificate and the same data (etcd keeps running), so
// clients reconnect with the kubeconfig they have. It returns how long the
// API server was unreachable.
//
// A graceful stop is not used: the API server then waits for open watches
// (the manager's) to drain, for ten seconds or more, which says nothing
// about the manager and makes the outage's length a matter of chance.
func crashAndRestartAPIServer(whileDown func()) (outage time.Duration) {
	api := env.ControlPlane.APIServer
	addr := api.SecureServing.HostPort()
	// The API server's certificates live in a directory that Stop removes
	// and Start makes anew, with a new serving CA; keep a copy and give it
	// back, so the CA in every kubeconfig stays valid.
	certs := filepath.Join(workDir, fmt.Sprintf("apiserver-certs-%d", time.Now().UnixNano()))
	Expect(os.CopyFS(certs, os.DirFS(api.CertDir))).To(Succeed())

	pid := apiServerPID(api.SecureServing.Port)
	Expect(syscall.Kill(pid, syscall.SIGKILL)).To(Succeed())
	down := time.Now()
	// Stop only tidies up once the process is reaped; until then it fails to
	// signal the dead process.
	Eventually(api.Stop, 5*time.Second, 50*time.Millisecond).Should(Succeed())
	// Started again whatever whileDown finds, so that a failure there
	// fails this spec alone, not every spec after it.
	defer func() {
		api.CertDir = certs
		starting := time.Now()
		Expect(api.Start()).To(Succeed())
		GinkgoWriter.Printf("the API server started in %s\n", time.Since(starting).Round(time.Millisecond))
		Expect(api.SecureServing.HostPort()).To(Equal(addr), "the API server serves on the same address")
		outage = time.Since(down)
	}()
	whileDown()
	return 0 // set once it is back
}

// apiServerPID finds the kube-apiserver this test process started, serving
// on port.
func apiServerPID(port string) int {
	dirs, err := filepath.Glob("/proc/[0-9]*")
	Expect(err).NotTo(HaveOccurred())
	for _, dir := range dirs {
		stat, err := os.ReadFile(filepath.Join(dir, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) < 2 || fields[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join(dir, "cmdline"))
		if err != nil {
			continue
		}
		args := strings.Split(string(cmdline), "\x00")
		if filepath.Base(args[0]) == "kube-apiserver" && slices.Contains(args, "--secure-port="+port) {
			pid, err := strconv.Atoi(filepath.Base(dir))
			Expect(err).NotTo(HaveOccurred())
			return pid
		}
	}
	Fail("no kube-apiserver child process serves on port " + port)
	return 0
}

// createActions keeps creating actions of the incident, one every interval,
// until stopped, ignoring failures (the API server may be down); it is the
// load a GitOps sync puts on the cluster.
type actionLoad struct {
	stopOnce sync.Once
	stopped  chan struct{}
	done     chan struct{}
	created  int
	failed   int
}

func createActions(ns, incident string, interval time.Duration) *actionLoad {
	l := &actionLoad{stopped: make(chan struct{}), done: make(chan struct{})}
	// Its own client, whose connections the restart breaks like the manager's.
	c, err := client.New(env.Config, client.Options{Scheme: k8s.Scheme()})
	Expect(err).NotTo(HaveOccurred())
	go func() {
		defer GinkgoRecover()
		defer close(l.done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-l.stopped:
				return
			case <-tick.C:
			}
			a := fixtures.Action(fmt.Sprintf("load-%03d", i), incident, time.Now().Add(time.Hour).Truncate(time.Second))
			a.Namespace = ns
			if err := c.Create(ctx, a); err != nil {
				l.failed++
			} else {
				l.created++
			}
		}
	}()
	return l
}

func (l *actionLoad) stop() {
	l.stopOnce.Do(func() { close(l.stopped) })
	<-l.done
}

var _ = Describe("An API server restart", Ordered, Serial, func() {
	It("does not stop the manager, which once the API server is back converges new objects and acts on a deadline that passed while it was down", func() {
		ns := newNamespace("apiserver-restart")
		// A leader that cannot renew its lease within the renew deadline
		// gives up and exits, as it must (another replica may lead by
		// then), to be restarted by its Deployment. This manager's renew
		// deadline is set well beyond the outage, whatever the machine's
		// load, as one would for a control plane known to restart slowly.
		stopManager(manager)
		manager = startManager("--leader-election-lease-duration=40s", "--leader-election-renew-deadline=30s")
		inc := fixtures.Incident("pharmacy-fridge-alarm-silenced", fixtures.DetectedAt(time.Now(), 0))
		testenv.Create(k8s, ns, inc)
		load := createActions(ns, inc.Name, 50*time.Millisecond)
		DeferCleanup(load.stop)

		due := time.Now().Add(4 * time.Second).Truncate(time.Second).Add(time.Second)
		missed := fixtures.Action("recalibrate-fridge-alarm", inc.Name, due)
		testenv.Create(k8s, ns, missed)
		Eventually(func() v1alpha1.ActionPhase { return testenv.Fresh(k8s, missed).Status.Phase }).Should(Equal(v1alpha1.ActionOpen))

		By("crashing the API server just before the action's deadline and starting it again after")
		// Two seconds for a crash to take, however loaded the machine.
		time.Sleep(time.Until(due.Add(-2 * time.Second)))
		outage := crashAndRestartAPIServer(func() {
			Expect(time.Now()).To(BeTemporally("<", due), "the deadline passes while the API server is down")
			time.Sleep(time.Until(due.Add(500 * time.Millisecond)))
			Expect(manager.Running()).To(BeTrue(), "the manager waits for the API server")
		})
		GinkgoWriter.Printf("the API server was down for %s\n", outage.Round(time.Millisecond))
		Expect(manager.Running()).To(BeTrue(), "the manager rode out the outage")

		By("acting on the deadline that passed while the API server was down")
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, missed).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionOverdue))
			events := testenv.ListEvents(g, k8s, ns)
			g.Expect(testenv.Occurrences(events, v1alpha1.EventActionOverdue, "ImprovementAction", missed.Name, "")).To(Equal(1))
			g.Expect(testenv.Occurrences(events, v1alpha1.EventActionOverdue, "Incident", inc.Name, missed.Name)).To(Equal(1))
		}).Should(Succeed())
		GinkgoWriter.Printf("the missed deadline was acted on %s after it passed\n", time.Since(due).Round(time.Millisecond))

		By("converging what users create once it is back, and what they created around the outage")
		load.stop()
		GinkgoWriter.Printf("the load created %d actions; %d creations failed while the API server was down\n", load.created, load.failed)
		Expect(load.failed).To(BeNumerically(">", 0), "the load ran into the outage")
		after := fixtures.Action("after-the-restart", inc.Name, time.Now().Add(time.Hour).Truncate(time.Second))
		testenv.Create(k8s, ns, after)
		Eventually(func(g Gomega) {
			var list v1alpha1.ImprovementActionList
			g.Expect(k8s.List(ctx, &list, client.InNamespace(ns))).To(Succeed())
			g.Expect(len(list.Items)).To(BeNumerically(">=", load.created+2))
			for _, a := range list.Items {
				g.Expect(a.Status.ObservedGeneration).To(Equal(a.Generation), a.Name)
				ready := meta.FindStatusCondition(a.Status.Conditions, string(v1alpha1.ConditionReady))
				g.Expect(ready).NotTo(BeNil(), a.Name)
				g.Expect(ready.Status).To(Equal(metav1.ConditionTrue), a.Name)
			}
			i := testenv.Fresh(k8s, inc).Status
			g.Expect(i.Actions.Total).To(BeEquivalentTo(len(list.Items)))
			g.Expect(i.Actions.Overdue).To(BeEquivalentTo(1))
		}).Should(Succeed())
		Expect(manager.Running()).To(BeTrue())
		Expect(manager.Leads()).To(BeTrue())
	})
})
