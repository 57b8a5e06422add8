package e2e

import (
	"fmt"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	coordinationv1 "k8s.io/api/coordination/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// leaderLease is the managers' leader-election lease.
func leaderLease() *coordinationv1.Lease {
	var lease coordinationv1.Lease
	ExpectWithOffset(1, k8s.Get(ctx, client.ObjectKey{Namespace: "default", Name: "lessons-operator.lessons.dspt.io"}, &lease)).To(Succeed())
	return &lease
}

// leaseHolder is the identity holding the managers' leader-election lease.
func leaseHolder() string {
	lease := leaderLease()
	if lease.Spec.HolderIdentity == nil {
		return ""
	}
	return *lease.Spec.HolderIdentity
}

var _ = Describe("Leader election", Ordered, Serial, func() {
	It("hands over to the standby when the leader crashes, announcing every action that falls overdue around the crash exactly once, on itself and on its incident", func() {
		ns := newNamespace("failover")

		By("replacing the suite's manager by two replicas sharing a short lease")
		// The reminder interval is far longer than the test, so any second
		// ActionOverdue for an action is a repeat, not a reminder.
		replicas := replaceManager(2, shortLease("--overdue-reminder-interval=1h")...)
		leader := soleLeader(replicas, 20*time.Second)
		standby := replicas[0]
		if standby == leader {
			standby = replicas[1]
		}
		leaderIdentity := leaseHolder()
		Expect(leaderIdentity).NotTo(BeEmpty())

		By("creating actions that fall due before and after the moment the leader is killed")
		// Due dates are whole seconds. Eight actions fall due in the four
		// seconds before the kill: the old leader announces them. Twelve
		// fall due from three seconds after the last of those, two a
		// second: the dead leader's lease keeps the standby waiting for up
		// to four seconds, so it announces the first of them as it takes
		// over, late, and the last on time.
		inc := fixtures.Incident("badge-cloning-at-main-entrance", fixtures.DetectedAt(time.Now(), 0))
		testenv.Create(k8s, ns, inc)
		lastBeforeKill := time.Now().Add(5 * time.Second).Truncate(time.Second)
		var before, after []*v1alpha1.ImprovementAction
		for i := range 20 {
			due := lastBeforeKill.Add(time.Duration(i/2-3) * time.Second)
			if i >= 8 {
				due = lastBeforeKill.Add(time.Duration(i/2-1) * time.Second)
			}
			a := fixtures.Action(fmt.Sprintf("reissue-badges-%02d", i), inc.Name, due)
			testenv.Create(k8s, ns, a)
			if i < 8 {
				before = append(before, a)
			} else {
				after = append(after, a)
			}
		}
		actions := append(slices.Clone(before), after...)
		firstAfterKill := after[0].Spec.DueDate.Time

		// The standby watches as it starts, so that it takes over with its
		// work queued instead of first learning of every review.
		Eventually(func() (int, error) { return standby.QueueDepth("improvementaction") }, 10*time.Second, 100*time.Millisecond).
			Should(BeNumerically(">=", len(actions)), "the standby has queued the actions before it leads")
		Expect(standby.Leads()).To(BeFalse())

		// The leader is killed once it has announced every action due so
		// far, between two deadlines. An event is recorded only after the
		// status that remembers it is written, so that nothing is ever
		// announced twice; a crash in the milliseconds between the two
		// loses that one event, and that window is not what this test is
		// about.
		Eventually(func(g Gomega) {
			events := testenv.ListEvents(g, k8s, ns)
			for _, a := range before {
				g.Expect(testenv.Occurrences(events, v1alpha1.EventActionOverdue, "ImprovementAction", a.Name, "")).To(Equal(1), a.Name)
				g.Expect(testenv.Occurrences(events, v1alpha1.EventActionOverdue, "Incident", inc.Name, a.Name)).To(Equal(1), a.Name)
			}
		}, 15*time.Second, 50*time.Millisecond).Should(Succeed(), "the leader announces the actions due before the kill")
		Expect(time.Now()).To(BeTemporally("<", firstAfterKill), "the leader is killed before the next deadline")
		Expect(leader.Kill()).To(Succeed(), "the manager is killed")
		killed := time.Now()
		GinkgoWriter.Printf("killed the leader %s %s before the next deadline\n", leaderIdentity, firstAfterKill.Sub(killed).Round(time.Millisecond))

		// A write the leader sent as it was killed lands within moments.
		time.Sleep(200 * time.Millisecond)
		lastRenewal := leaderLease().Spec.RenewTime.Time

		By("letting the standby take over as the dead leader's lease expires")
		Eventually(standby.Leads, 15*time.Second, 100*time.Millisecond).Should(BeTrue())
		GinkgoWriter.Printf("the standby leads %s after the crash\n", time.Since(killed).Round(100*time.Millisecond))
		lease := leaderLease()
		Expect(*lease.Spec.HolderIdentity).NotTo(Equal(leaderIdentity))
		// The standby watches the Lease: it takes it over as the lease of
		// 4 s runs out, never before, and not at its next poll (polling
		// every 500 ms with jitter, it would see the last renewal and then
		// the expiry up to 1.1 s late each).
		tookOver := lease.Spec.AcquireTime.Sub(lastRenewal)
		GinkgoWriter.Printf("the standby took the lease %s after its last renewal\n", tookOver.Round(time.Millisecond))
		Expect(tookOver).To(BeNumerically(">=", 4*time.Second), "taken before the dead leader's lease expired")
		Expect(tookOver).To(BeNumerically("<", 4*time.Second+700*time.Millisecond), "taken late")

		expectEachAnnouncedOnce := func(g Gomega) {
			events := testenv.ListEvents(g, k8s, ns)
			for _, a := range actions {
				onAction := testenv.Occurrences(events, v1alpha1.EventActionOverdue, "ImprovementAction", a.Name, "")
				onIncident := testenv.Occurrences(events, v1alpha1.EventActionOverdue, "Incident", inc.Name, a.Name)
				if onAction > 1 || onIncident > 1 {
					StopTrying(fmt.Sprintf("ActionOverdue raised %d times on %s and %d times on the incident about it", onAction, a.Name, onIncident)).Now()
				}
				g.Expect(onAction).To(Equal(1), "ActionOverdue on %s", a.Name)
				g.Expect(onIncident).To(Equal(1), "ActionOverdue on the incident about %s", a.Name)
			}
		}
		Eventually(func(g Gomega) {
			for _, a := range actions {
				st := testenv.Fresh(k8s, a).Status
				g.Expect(st.Phase).To(Equal(v1alpha1.ActionOverdue), a.Name)
				g.Expect(st.OverdueAnnouncedAt).NotTo(BeNil(), a.Name)
			}
			g.Expect(testenv.Fresh(k8s, inc).Status.Actions.Overdue).To(BeEquivalentTo(len(actions)))
			expectEachAnnouncedOnce(g)
		}).Should(Succeed())
		GinkgoWriter.Printf("every action announced once, %s after the crash\n", time.Since(killed).Round(100*time.Millisecond))

		By("never announcing any of them again")
		Consistently(expectEachAnnouncedOnce, 4*time.Second, 250*time.Millisecond).Should(Succeed())
		Expect(standby.Running()).To(BeTrue())
	})
})
