package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	eventsv1 "k8s.io/api/events/v1"
)

var _ = Describe("Reviews applied with kubectl", Ordered, func() {
	It("accepts the samples and shows their phases and counts in kubectl get", func() {
		ns := newNamespace("community-trust")
		mustKubectl("apply", "-n", ns, "-k", "config/samples")
		Eventually(func() string {
			return mustKubectl("get", "incident", "phishing-credential-compromise-2025-05", "-n", ns, "-o", "jsonpath={.status.phase} {.status.actions.progress}")
		}).Should(Equal("AwaitingSignOff 3/3"))
		out := mustKubectl("get", "lessons", "-n", ns)
		for _, column := range []string{"TYPE", "CATEGORY", "SEVERITY", "PHASE", "OWNER", "ACTIONS", "OVERDUE", "INCIDENT", "AREA", "PRIORITY", "LEAD", "DUE"} {
			Expect(out).To(ContainSubstring(column))
		}
	})

	It("fills in the financial-year report and renders it for the auditor with kubectl lessons report", func() {
		ns := "community-trust"
		Eventually(func() string {
			return mustKubectl("get", "lr", "financial-year-2025-26", "-n", ns, "-o", "jsonpath={.status.incidents.incidents}/{.status.actions.total}/{.status.phase}")
		}).Should(Equal("2/5/Current"))
		markdown := mustKubectl("lessons", "report", "financial-year-2025-26", "-n", ns)
		Expect(markdown).To(ContainSubstring("financial-year-2025-26"))
		Expect(markdown).To(ContainSubstring("phishing-credential-compromise-2025-05"))
		Expect(markdown).To(ContainSubstring("**phishing**: 2 incidents this period"))
		Expect(markdown).To(ContainSubstring("ransomware-tabletop-exercise-2025-10"))

		page := filepath.Join(workDir, "report.html")
		mustKubectl("lessons", "report", "financial-year-2025-26", "-n", ns, "--format", "html", "-o", page)
		html, err := os.ReadFile(page)
		Expect(err).NotTo(HaveOccurred())
		for _, chart := range []string{"chart-incidents-by-month", "chart-actions-by-area", "chart-on-time"} {
			Expect(string(html)).To(ContainSubstring(`id="` + chart + `"`))
		}
		out, err := kubectl("lessons", "report", "no-such-report", "-n", ns)
		Expect(err).To(HaveOccurred())
		Expect(out).To(ContainSubstring(`lessonsreport "no-such-report" not found in namespace "community-trust"`))
	})

	It("turns an action Overdue with a Warning event within a second of its deadline, once, across a restart", func() {
		ns := newNamespace("deadline")
		due := time.Now().Add(6 * time.Second).Truncate(time.Second)
		manifest := fmt.Sprintf(`apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: smartcard-left-in-reader
spec:
  title: Smartcard left logged in on a shared ward PC
  type: NearMiss
  category: ConfidentialityBreach
  severity: Low
  detectedAt: %[1]s
  siroNotifiedAt: %[1]s
  owner: team:information-governance
---
apiVersion: lessons.dspt.io/v1alpha1
kind: ImprovementAction
metadata:
  name: session-timeout-on-ward-pcs
spec:
  incidentRef:
    name: smartcard-left-in-reader
  title: Lock shared ward PCs after five idle minutes
  area: SystemConfiguration
  priority: Medium
  owner: team:desktop-services
  dueDate: %[2]s
`, time.Now().UTC().Format(time.RFC3339), due.UTC().Format(time.RFC3339))
		path := filepath.Join(workDir, "deadline.yaml")
		Expect(os.WriteFile(path, []byte(manifest), 0o600)).To(Succeed())
		mustKubectl("apply", "-n", ns, "-f", path)
		Eventually(func() string {
			return mustKubectl("get", "ia", "session-timeout-on-ward-pcs", "-n", ns, "-o", "jsonpath={.status.phase}")
		}).Should(Equal("Open"))

		Eventually(func() []eventsv1.Event { return overdueEvents(ns, "session-timeout-on-ward-pcs") }, 15*time.Second, 50*time.Millisecond).Should(HaveLen(1))
		event := overdueEvents(ns, "session-timeout-on-ward-pcs")[0]
		Expect(event.Type).To(Equal("Warning"))
		delay := event.EventTime.Sub(due)
		GinkgoWriter.Printf("ActionOverdue recorded %s after the deadline\n", delay)
		Expect(delay).To(BeNumerically(">=", 0))
		Expect(delay).To(BeNumerically("<", time.Second))
		Expect(mustKubectl("get", "ia", "session-timeout-on-ward-pcs", "-n", ns, "-o", "jsonpath={.status.phase}")).To(Equal("Overdue"))
		Expect(mustKubectl("get", "inc", "smartcard-left-in-reader", "-n", ns, "-o", "jsonpath={.status.actions.overdue}")).To(Equal("1"))
		Expect(mustKubectl("get", "events", "-n", ns, "--field-selector", "reason=ActionOverdue")).To(ContainSubstring("smartcard-left-in-reader"))

		By("restarting the manager, which must not announce it again within the reminder interval")
		stopManager(manager)
		manager = startManager()
		Consistently(func() []eventsv1.Event { return overdueEvents(ns, "session-timeout-on-ward-pcs") }, 5*time.Second).Should(HaveLen(1))
		Expect(strings.TrimSpace(mustKubectl("get", "ia", "session-timeout-on-ward-pcs", "-n", ns, "-o", "jsonpath={.status.phase}"))).To(Equal("Overdue"))
	})

	It("exposes the reviews' state as Prometheus gauges on the metrics endpoint", func() {
		Eventually(manager.Metrics).Should(And(
			ContainSubstring(`lessons_actions_overdue{area="SystemConfiguration",namespace="deadline",priority="Medium"} 1`),
			ContainSubstring(`lessons_incidents{namespace="community-trust",phase="AwaitingSignOff"} 4`),
			ContainSubstring(`lessons_rcas_awaiting_signoff{namespace="community-trust"} 4`),
			ContainSubstring(`lessons_siro_notifications_overdue{namespace="deadline"} 0`),
			MatchRegexp(`lessons_oldest_overdue_action_age_seconds\{namespace="deadline"\} [1-9]`),
			// One series per item, named after who must act.
			MatchRegexp(`lessons_action_overdue_seconds\{action="session-timeout-on-ward-pcs",area="SystemConfiguration",incident="smartcard-left-in-reader",namespace="deadline",owner="team:desktop-services",priority="Medium",process_review=""\} [1-9]`),
			MatchRegexp(`lessons_rca_awaiting_signoff_seconds\{incident="[^"]+",lead="[^"]+",namespace="community-trust",rca="[^"]+",siro="[^"]+"\} `),
		))
	})
})
