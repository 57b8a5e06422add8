package e2e

import (
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("Leader election across an API server outage", Ordered, Serial, func() {
	It("leaves exactly one leader once the API server is stopped and started again, which announces the deadline missed meanwhile exactly once", func() {
		oneLeaderAcross("apiserver-outage", "stopping the API server", crashAndRestartAPIServer)
	})

	// A frozen API server (a stalled node, a paused VM) accepts connections
	// and answers nothing: requests hang rather than fail.
	It("leaves exactly one leader once a frozen API server thaws, which announces the deadline missed meanwhile exactly once", func() {
		oneLeaderAcross("apiserver-freeze", "freezing the API server", freezeAPIServer)
	})
})

// freezeAPIServer stops the API server's process (SIGSTOP), runs
// whileFrozen, and lets it go on (SIGCONT). It returns how long it was
// frozen.
func freezeAPIServer(whileFrozen func()) time.Duration {
	pid := apiServerPID(env.ControlPlane.APIServer.SecureServing.Port)
	Expect(syscall.Kill(pid, syscall.SIGSTOP)).To(Succeed())
	frozen := time.Now()
	defer func() { Expect(syscall.Kill(pid, syscall.SIGCONT)).To(Succeed()) }()
	whileFrozen()
	return time.Since(frozen)
}

// oneLeaderAcross runs two replicas with leader election, in a namespace name,
// lets outage take the API server away across a deadline, and checks that
// exactly one leader is left and the deadline is announced exactly once.
func oneLeaderAcross(name, doing string, outage func(whileDown func()) time.Duration) {
	ns := newNamespace(name)
	// The reminder interval is far longer than the test, so any second
	// ActionOverdue for an action is a repeat, not a reminder.
	args := shortLease("--overdue-reminder-interval=1h")
	replicas := replaceManager(2, args...)
	oldLeader := soleLeader(replicas, 20*time.Second)
	oldHolder := leaseHolder()
	Expect(oldHolder).NotTo(BeEmpty())

	inc := fixtures.Incident("blood-fridge-door-left-open", fixtures.DetectedAt(time.Now(), 0))
	testenv.Create(k8s, ns, inc)
	announced := fixtures.Action("door-alarm-on-blood-fridge", inc.Name, time.Now().Add(time.Second).Truncate(time.Second).Add(time.Second))
	testenv.Create(k8s, ns, announced)
	missedDue := time.Now().Add(7 * time.Second).Truncate(time.Second).Add(time.Second)
	missed := fixtures.Action("fridge-checks-on-handover", inc.Name, missedDue)
	testenv.Create(k8s, ns, missed)
	actions := []*v1alpha1.ImprovementAction{announced, missed}
	// Each action's ActionOverdue on itself and on the incident.
	overdueEvents := func(g Gomega) [][2]int {
		events := testenv.ListEvents(g, k8s, ns)
		var out [][2]int
		for _, a := range actions {
			out = append(out, [2]int{
				testenv.Occurrences(events, v1alpha1.EventActionOverdue, "ImprovementAction", a.Name, ""),
				testenv.Occurrences(events, v1alpha1.EventActionOverdue, "Incident", inc.Name, a.Name),
			})
		}
		return out
	}
	Eventually(overdueEvents).Should(Equal([][2]int{{1, 1}, {0, 0}}), "the leader announces the first deadline")

	By(doing + " just before the second deadline, and bringing it back after the leader has given up")
	// Two seconds for the outage to take, however loaded the machine.
	time.Sleep(time.Until(missedDue.Add(-2 * time.Second)))
	down := outage(func() {
		Expect(time.Now()).To(BeTemporally("<", missedDue), "the deadline passes while the API server is down")
		Eventually(oldLeader.Running, 15*time.Second, 100*time.Millisecond).Should(BeFalse(),
			"a leader that cannot renew its lease within the renew deadline exits, so that it never acts beside a new leader")
		Expect(time.Now()).To(BeTemporally(">", missedDue))
		for _, r := range replicas {
			if r != oldLeader {
				Expect(r.Running()).To(BeTrue(), "the standby waits for the API server")
				Expect(r.Leads()).To(BeFalse(), "no one can take the lease while the API server is down")
			}
		}
	})
	GinkgoWriter.Printf("the API server was away for %s\n", down.Round(time.Millisecond))

	By("restarting the replica that exited, as its Deployment would")
	for i, r := range replicas {
		if r == oldLeader {
			replicas[i] = startManager(args...)
		}
	}
	newLeader := soleLeader(replicas, 20*time.Second)
	holder := leaseHolder()
	GinkgoWriter.Printf("the lease passed from %s to %s\n", oldHolder, holder)
	Expect(holder).NotTo(BeEmpty())
	Expect(holder).NotTo(Equal(oldHolder), "the lease of the leader that exited is taken over")
	renewed := leaderLease().Spec.RenewTime.Time
	Consistently(func(g Gomega) {
		for _, r := range replicas {
			g.Expect(r.Running()).To(BeTrue())
			g.Expect(r.Leads()).To(Equal(r == newLeader))
		}
		g.Expect(leaseHolder()).To(Equal(holder))
	}, 3*time.Second, 250*time.Millisecond).Should(Succeed(), "one leader, in the lease and in the replicas' own view")
	Expect(leaderLease().Spec.RenewTime.Time).To(BeTemporally(">", renewed), "the holder, the one replica that leads, renews the lease")

	By("announcing the deadline missed during the outage once, and the earlier one never again")
	Eventually(func(g Gomega) {
		g.Expect(testenv.Fresh(k8s, missed).Status.Phase).To(Equal(v1alpha1.ActionOverdue))
		g.Expect(overdueEvents(g)).To(Equal([][2]int{{1, 1}, {1, 1}}))
	}).Should(Succeed())
	GinkgoWriter.Printf("the missed deadline was announced %s after it passed\n", time.Since(missedDue).Round(time.Millisecond))
	Consistently(overdueEvents, 3*time.Second, 250*time.Millisecond).Should(Equal([][2]int{{1, 1}, {1, 1}}))
	Expect(testenv.Fresh(k8s, inc).Status.Actions.Overdue).To(BeEquivalentTo(2))
}
