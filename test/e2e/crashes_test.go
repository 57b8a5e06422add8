package e2e

import (
	"fmt"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/managerbin"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// deadlineRound is a namespace of incidents whose actions fall due over a
// few seconds: each action's name, by the incident it belongs to.
type deadlineRound struct {
	ns       string
	incident map[string]string
}

// Crash windows are only hit with many deadlines in flight: a few hundred
// over ten seconds keeps the manager busy when it is killed.
const (
	incidentsPerRound = 3
	actionsPerRound   = 300
	deadlineSpread    = 10 // seconds over which the actions fall due
)

// newDeadlineRound creates the incidents and actions of a round in ns, the
// first action due at first and one due every 1/30 s on average after it.
func newDeadlineRound(ns string, first time.Time) *deadlineRound {
	r := &deadlineRound{ns: ns, incident: map[string]string{}}
	var incidents []string
	for i := range incidentsPerRound {
		inc := fixtures.Incident(fmt.Sprintf("ward-printer-leak-%d", i), fixtures.DetectedAt(time.Now(), 0))
		testenv.Create(k8s, ns, inc)
		incidents = append(incidents, inc.Name)
	}
	var actions []*v1alpha1.ImprovementAction
	for i := range actionsPerRound {
		a := fixtures.Action(fmt.Sprintf("secure-print-queue-%03d", i), incidents[i%incidentsPerRound], first.Add(time.Duration(i%deadlineSpread)*time.Second))
		a.Namespace = ns
		actions = append(actions, a)
		r.incident[a.Name] = a.Spec.IncidentRef.Name
	}
	// Created side by side, as a GitOps sync applies a folder.
	work := make(chan *v1alpha1.ImprovementAction)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			defer GinkgoRecover()
			for a := range work {
				Expect(k8s.Create(ctx, a)).To(Succeed())
			}
		})
	}
	for _, a := range actions {
		work <- a
	}
	close(work)
	wg.Wait()
	return r
}

// overdueEvents counts, for each action of the round, its ActionOverdue
// events on itself and on its incident about it.
func (r *deadlineRound) overdueEvents(g Gomega) map[string][2]int {
	events := testenv.ListEvents(g, k8s, r.ns)
	counts := map[string][2]int{}
	for action, incident := range r.incident {
		counts[action] = [2]int{
			testenv.Occurrences(events, v1alpha1.EventActionOverdue, "ImprovementAction", action, ""),
			testenv.Occurrences(events, v1alpha1.EventActionOverdue, "Incident", incident, action),
		}
	}
	return counts
}

// announcements sorts the round's actions into those announced once, those
// announced more often and those not (yet) announced on both objects.
func (r *deadlineRound) announcements(g Gomega) (once int, twice, missing []string) {
	for action, n := range r.overdueEvents(g) {
		describe := fmt.Sprintf("%s: %d on itself, %d on %s", action, n[0], n[1], r.incident[action])
		switch {
		case n[0] > 1 || n[1] > 1:
			twice = append(twice, describe)
		case n == [2]int{1, 1}:
			once++
		default:
			missing = append(missing, describe)
		}
	}
	return once, twice, missing
}

// recordedNotDelivered counts the actions whose status records an overdue
// announcement that is not yet an event on both the action and its
// incident: what a crash at that moment leaves for the next leader.
func (r *deadlineRound) recordedNotDelivered() int {
	var list v1alpha1.ImprovementActionList
	Expect(k8s.List(ctx, &list, client.InNamespace(r.ns))).To(Succeed())
	counts := r.overdueEvents(Default)
	n := 0
	for _, a := range list.Items {
		if a.Status.OverdueAnnouncedAt != nil && counts[a.Name] != [2]int{1, 1} {
			n++
		}
	}
	return n
}

// killAndRestart SIGKILLs the manager in slot i, starts a new one in its
// place and waits until it leads: the dead one's lease keeps it waiting.
func killAndRestart(replicas []*managerbin.Process, i int, r *deadlineRound, args []string) {
	GinkgoHelper()
	Expect(replicas[i].Kill()).To(Succeed())
	killed := time.Now()
	GinkgoWriter.Printf("killed the manager; %d overdue announcements recorded in status are not yet events\n", r.recordedNotDelivered())
	replicas[i] = startManager(args...)
	Eventually(replicas[i].Leads, 15*time.Second, 100*time.Millisecond).Should(BeTrue(), "the restarted manager leads")
	GinkgoWriter.Printf("the restarted manager leads %s after the kill\n", time.Since(killed).Round(100*time.Millisecond))
}

var _ = Describe("Manager crashes", Ordered, Serial, func() {
	It("announce every deadline passing around two SIGKILLs exactly once, on the action and on its incident, in each of three rounds", func() {
		// The reminder interval is far longer than the test, so any second
		// ActionOverdue for an action is a repeat, not a reminder.
		args := shortLease("--overdue-reminder-interval=1h")
		replicas := replaceManager(1, args...)
		Eventually(replicas[0].Leads, 15*time.Second, 100*time.Millisecond).Should(BeTrue())

		for round := 1; round <= 3; round++ {
			By(fmt.Sprintf("round %d: %d actions falling due over %d seconds", round, actionsPerRound, deadlineSpread))
			started := time.Now()
			first := started.Add(10 * time.Second).Truncate(time.Second)
			r := newDeadlineRound(newNamespace(fmt.Sprintf("crashes-%d", round)), first)
			GinkgoWriter.Printf("created %d actions in %s\n", actionsPerRound, time.Since(started).Round(100*time.Millisecond))

			By("killing the manager as the deadlines pass, twice")
			time.Sleep(time.Until(first.Add(2 * time.Second)))
			killAndRestart(replicas, 0, r, args)
			// Killed again while it catches up with what passed meanwhile.
			time.Sleep(time.Second)
			killAndRestart(replicas, 0, r, args)

			By("finding every action announced exactly once, none lost, none doubled")
			Eventually(func(g Gomega) {
				once, twice, missing := r.announcements(g)
				if len(twice) > 0 {
					StopTrying(fmt.Sprintf("announced more than once: %v", twice)).Now()
				}
				g.Expect(missing).To(BeEmpty())
				g.Expect(once).To(Equal(actionsPerRound))
			}).Should(Succeed())
			GinkgoWriter.Printf("every action announced once, %s after the last deadline\n", time.Since(first.Add(deadlineSpread*time.Second)).Round(100*time.Millisecond))
			Consistently(func(g Gomega) {
				once, twice, _ := r.announcements(g)
				g.Expect(twice).To(BeEmpty())
				g.Expect(once).To(Equal(actionsPerRound))
			}, 2*time.Second, 500*time.Millisecond).Should(Succeed())

			var list v1alpha1.ImprovementActionList
			Expect(k8s.List(ctx, &list, client.InNamespace(r.ns))).To(Succeed())
			Expect(list.Items).To(HaveLen(actionsPerRound))
			for _, a := range list.Items {
				Expect(a.Status.Phase).To(Equal(v1alpha1.ActionOverdue), a.Name)
				Expect(a.Status.OverdueAnnouncedAt).NotTo(BeNil(), a.Name)
			}
			GinkgoWriter.Printf("round %d took %s\n", round, time.Since(started).Round(100*time.Millisecond))

			// A manager started with them still there would check every
			// event of the last hour again, a load that would delay the next
			// round's (and the next tests') deadlines. Deleted with no
			// manager running, they cause no work either.
			stopManager(replicas[0])
			Expect(k8s.DeleteAllOf(ctx, &v1alpha1.ImprovementAction{}, client.InNamespace(r.ns))).To(Succeed())
			Expect(k8s.DeleteAllOf(ctx, &v1alpha1.Incident{}, client.InNamespace(r.ns))).To(Succeed())
			if round < 3 {
				replicas[0] = startManager(args...)
				// The stopped manager gave up its lease.
				Eventually(replicas[0].Leads, 15*time.Second, 100*time.Millisecond).Should(BeTrue())
			}
		}
	})
})
