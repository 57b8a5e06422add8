package e2e

import (
	"fmt"
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("An upgrade with an unreadable object already stored", Ordered, Serial, func() {
	It("starts and acts on time elsewhere, reporting the object in an event, a gauge and kubectl lessons status while staying ready", func() {
		legacy, current := newNamespace("upgrade-legacy"), newNamespace("upgrade-current")

		By("stopping the manager and installing CRDs that let any time through, as an older release's might")
		stopManager(manager)
		manager = nil
		// Whatever happens below, the suite goes on with the shipped CRDs
		// and a manager.
		DeferCleanup(func() {
			mustKubectl("apply", "--server-side", "-f", "config/crd/bases")
			if manager == nil {
				manager = startManager()
			}
		})
		shipped, err := testenv.ShippedCRDs()
		Expect(err).NotTo(HaveOccurred())
		var relaxed []client.Object
		for _, crd := range shipped {
			relaxed = append(relaxed, testenv.RelaxTimes(crd))
		}
		// Forced: the suite's control plane installed the CRDs under
		// another field manager than kubectl.
		mustKubectl("apply", "--server-side", "--force-conflicts", "-f", writeManifest("relaxed-crds.yaml", relaxed...))

		bad := fixtures.UnreadableAction("replace-lost-smartcards", "smartcard-theft")
		badManifest := writeManifest("unreadable-action.yaml", bad)
		Eventually(func() error { return testenv.TryBreakingARule(k8s, legacy) }).Should(Succeed(), "the relaxed CRDs are in force")
		mustKubectl("create", "-n", legacy, "-f", badManifest)
		DeferCleanup(func() { mustKubectl("delete", "-n", legacy, "-f", badManifest, "--ignore-not-found") })

		By("upgrading to the shipped CRDs and starting the manager")
		mustKubectl("apply", "--server-side", "-f", "config/crd/bases")
		Eventually(func() error { return testenv.TryBreakingARule(k8s, legacy) }).Should(MatchError(ContainSubstring(testenv.RuleRefused)), "the shipped CRDs are in force")
		probe := bad.DeepCopy()
		probe.SetName("impossible-time-probe")
		_, err = kubectl("create", "-n", legacy, "--dry-run=server", "-f", writeManifest("impossible-time-probe.yaml", probe))
		GinkgoWriter.Printf("the shipped CRD refuses a new action due at %s: %t\n", fixtures.ImpossibleTime, err != nil)
		manager = startManager()

		By("acting on an action in another namespace on time")
		inc := fixtures.Incident("smartcard-theft", fixtures.DetectedAt(time.Now(), 0))
		due := time.Now().Add(20 * time.Second).Truncate(time.Second)
		action := fixtures.Action("reissue-smartcards", inc.Name, due)
		mustKubectl("apply", "-n", current, "-f", writeManifest("upgrade-current.yaml", inc, action))

		By("reporting the unreadable action while the deadline approaches")
		Eventually(func(g Gomega) {
			reported := testenv.EventsAbout(testenv.ListEvents(g, k8s, legacy), v1alpha1.EventObjectUnreadable, "ImprovementAction", bad.GetName(), "")
			g.Expect(reported).To(HaveLen(1))
			g.Expect(reported[0].Type).To(Equal(corev1.EventTypeWarning))
		}).Should(Succeed())
		Eventually(manager.Metrics).Should(ContainSubstring(fmt.Sprintf(`lessons_unreadable_objects{kind="ImprovementAction",namespace=%q} 1`, legacy)))
		stdout, stderr, err := kubectlApart("lessons", "status", "-A")
		Expect(err).NotTo(HaveOccurred(), "kubectl lessons status -A:\n%s%s", stdout, stderr)
		Expect(stderr).To(ContainSubstring(fmt.Sprintf("ImprovementAction %s/%s cannot be read", legacy, bad.GetName())))
		Expect(stdout).NotTo(ContainSubstring(bad.GetName()))
		Expect(time.Now()).To(BeTemporally("<", due), "checked before the deadline")
		Consistently(func() int { return manager.Probe("/readyz") }, time.Until(due), 500*time.Millisecond).Should(Equal(http.StatusOK))

		Eventually(func() []string {
			return []string{
				mustKubectl("get", "ia", action.Name, "-n", current, "-o", "jsonpath={.status.phase}"),
				fmt.Sprint(len(overdueEvents(current, action.Name))),
			}
		}, 5*time.Second, 100*time.Millisecond).Should(Equal([]string{"Overdue", "1"}))
		delay := overdueEvents(current, action.Name)[0].EventTime.Sub(due)
		GinkgoWriter.Printf("ActionOverdue recorded %s after the deadline\n", delay)
		Expect(delay).To(BeNumerically("<", 3*time.Second))
		Expect(manager.Probe("/readyz")).To(Equal(http.StatusOK))
	})
})
