package controller_test

import (
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/controller"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("Announcements", func() {
	It("become exactly one event each once events can be recorded again, and a new process's announcer adds none, nor tries to when it can list them", func() {
		ns := newNamespace()
		inc := detectedNow("lost-laptop")
		testenv.Create(k8s, ns, inc)
		// Due within the due-soon window and within an event's life, so that
		// every announcement the action makes is delivered at the end.
		due := clock.Now().Add(30 * time.Minute).Truncate(time.Second)
		action := fixtures.Action("encrypt-laptop-disks", inc.Name, due)
		testenv.Create(k8s, ns, action)
		Eventually(func() int { return eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionDueSoon) }).Should(Equal(1))

		By("failing event creations as the deadline passes")
		// More failures than the reconciles that run without the clock
		// moving (the deadline's, and the one its own status write causes):
		// a failed reconcile is retried after a back-off on the fake clock.
		const failures = 4
		events.fail(ns, failures)
		step(due.Sub(clock.Now()))
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, action).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ActionOverdue))
			g.Expect(st.Announcements).To(ContainElement(HaveField("Reason", v1alpha1.EventActionOverdue)), "the status records the announcement before its event")
			g.Expect(events.answered(ns)[eventRefused]).To(BeNumerically(">", 0))
		}).Should(Succeed())
		Expect(eventCount(ns, "ImprovementAction", action.Name, v1alpha1.EventActionOverdue)).To(BeZero(), "no event while creations fail")

		By("recording each event once when creations work again")
		overdueEvents := func(g Gomega) []int {
			all := testenv.ListEvents(g, k8s, ns)
			return []int{
				testenv.Occurrences(all, v1alpha1.EventActionDueSoon, "ImprovementAction", action.Name, ""),
				testenv.Occurrences(all, v1alpha1.EventActionOverdue, "ImprovementAction", action.Name, ""),
				testenv.Occurrences(all, v1alpha1.EventActionOverdue, "Incident", inc.Name, action.Name),
			}
		}
		Eventually(func(g Gomega) {
			// Fires the retry the last failure scheduled.
			step(time.Second)
			g.Expect(events.answered(ns)[eventRefused]).To(Equal(failures))
			g.Expect(overdueEvents(g)).To(Equal([]int{1, 1, 1}))
		}).Should(Succeed())
		step(time.Minute)
		Consistently(overdueEvents, "2s").Should(Equal([]int{1, 1, 1}))
		Expect(events.answered(ns)[eventErrored]).To(BeZero())

		By("delivering the same record again from a new process, whose announcer remembers nothing")
		names := func() []string {
			var out []string
			for _, e := range testenv.ListEvents(Default, k8s, ns) {
				out = append(out, e.Name)
			}
			slices.Sort(out)
			return out
		}
		before := names()
		testenv.Fresh(k8s, action)
		testenv.Fresh(k8s, inc)
		replacement := newFlakyEvents()
		c, err := replacement.client(env.Config)
		Expect(err).NotTo(HaveOccurred())
		announcer := &controller.Announcer{Client: c, Instance: "replacement"}
		Expect(announcer.Deliver(ctx, action, inc, action.Status.Announcements, clock.Now())).To(Succeed())
		Expect(replacement.answered(ns)).To(Equal(map[string]int{eventExisted: 3}), "it tries the due-soon event and both overdue events, and each exists")
		Expect(names()).To(Equal(before))

		By("delivering it again from a new process that can list events: it recalls them and creates none")
		recalling := newFlakyEvents()
		c, err = recalling.client(env.Config)
		Expect(err).NotTo(HaveOccurred())
		announcer = &controller.Announcer{Client: c, Reader: k8s, Instance: "recalling"}
		Expect(announcer.Deliver(ctx, action, inc, action.Status.Announcements, clock.Now())).To(Succeed())
		Expect(recalling.answered(ns)).To(BeEmpty())
		Expect(names()).To(Equal(before))
	})
})
