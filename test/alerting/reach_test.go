package alerting

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/monitoring"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// An overdue action reaches its owner, by the receiver the shipped routes
// choose for them, with a link to its ticket; done, it resolves; work on
// track never raises anything.
var _ = Describe("From an overdue action to its owner's inbox", Ordered, func() {
	const igLead = "ig-lead@trust.example"
	ticket := v1alpha1.Link{Name: "JIRA IG-318", URL: "https://jira.trust.example/browse/IG-318"}
	var late, onTrack string
	var mfa *v1alpha1.ImprovementAction

	BeforeAll(func() {
		now := time.Now()
		// On track, and there from the start: an action of the same owner
		// due in half a year, in a namespace of its own.
		onTrack = testenv.NewNamespace(k8s, "on-track")
		testenv.Create(k8s, onTrack, fixtures.Incident("door", fixtures.DetectedAt(now.Add(-time.Hour), 30*time.Minute)))
		testenv.Create(k8s, onTrack, fixtures.Action("badge-audit", "door", now.Add(180*24*time.Hour),
			fixtures.OwnedBy(igLead), fixtures.Linked(v1alpha1.Link{Name: "JIRA IG-400", URL: "https://jira.trust.example/browse/IG-400"})))

		// Late: an incident detected an hour ago, owned by the cyber
		// security team, whose two actions were due a minute ago: one for
		// the IG lead with a ticket, one for a team with none.
		late = testenv.NewNamespace(k8s, "late")
		testenv.Create(k8s, late, fixtures.Incident("phish", fixtures.DetectedAt(now.Add(-time.Hour), 30*time.Minute)))
		mfa = fixtures.Action("mfa", "phish", now.Add(-time.Minute), fixtures.OwnedBy(igLead), fixtures.Linked(ticket),
			func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = v1alpha1.PriorityCritical })
		testenv.Create(k8s, late, mfa)
		testenv.Create(k8s, late, fixtures.Action("backups", "phish", now.Add(-time.Minute), fixtures.OwnedBy("team:infrastructure")))
	})

	AfterEach(func() {
		if CurrentSpecReport().Failed() {
			GinkgoWriter.Printf("received: %+v\n", inbox.Notifications())
			alerts, err := prometheus.Alerts()
			GinkgoWriter.Printf("Prometheus alerts: %+v (%v)\n", alerts, err)
		}
	})

	It("e-mails the owner's address, naming the action, and links its ticket", func() {
		Eventually(inbox.Sent).Should(ContainElement(SatisfyAll(sent("owner-email", "firing",
			HaveKeyWithValue("alertname", "LessonsImprovementActionOverdue"),
			HaveKeyWithValue("owner", igLead),
			HaveKeyWithValue("namespace", late),
			HaveKeyWithValue("action", "mfa"),
			HaveKeyWithValue("incident", "phish"),
			HaveKeyWithValue("priority", "Critical"),
			HaveKeyWithValue("severity", "critical"),
			HaveKeyWithValue("url", ticket.URL),
		), HaveField("Alert.Annotations", HaveKeyWithValue("description", HaveSuffix("Its ticket: "+ticket.URL))))))
	})

	It("sends a team's work to the team receiver, with no link where the action has none", func() {
		Eventually(inbox.Sent).Should(ContainElements(
			sent("team", "firing",
				HaveKeyWithValue("alertname", "LessonsImprovementActionOverdue"),
				HaveKeyWithValue("owner", "team:infrastructure"),
				HaveKeyWithValue("action", "backups"),
				Not(HaveKey("url")),
			),
			// The incident's owner hears of its overdue duties once.
			sent("team", "firing",
				HaveKeyWithValue("alertname", "LessonsIncidentOverdue"),
				HaveKeyWithValue("owner", "team:cyber-security"),
				HaveKeyWithValue("incident", "phish"),
			),
		))
		for _, s := range inbox.Sent() {
			if s.Labels["action"] == "backups" {
				Expect(s.Annotations["description"]).NotTo(ContainSubstring("Its ticket"))
			}
		}
	})

	It("links the ticket in the dashboard's table of what is late, by owner", func() {
		query, err := monitoring.DashboardQuery("What is late, by owner", late)
		Expect(err).NotTo(HaveOccurred())
		Eventually(func() ([]monitoring.Sample, error) { return prometheus.Query(query) }).Should(ContainElements(
			HaveField("Metric", SatisfyAll(HaveKeyWithValue("item", "action/mfa"), HaveKeyWithValue("owner", igLead), HaveKeyWithValue("url", ticket.URL))),
			HaveField("Metric", SatisfyAll(HaveKeyWithValue("item", "action/backups"), Not(HaveKey("url")))),
		))
	})

	It("tells the owner it is resolved once the action is done, and its series are gone", func() {
		testenv.Update(k8s, mfa, func(a *v1alpha1.ImprovementAction) { fixtures.Done(time.Now().Add(-time.Second))(a) })
		Eventually(manager.Metrics).ShouldNot(ContainSubstring(`action="mfa"`))
		Eventually(inbox.Sent).Should(ContainElement(sent("owner-email", "resolved",
			HaveKeyWithValue("alertname", "LessonsImprovementActionOverdue"),
			HaveKeyWithValue("owner", igLead),
			HaveKeyWithValue("action", "mfa"),
		)))
	})

	It("never raises anything for work on track", func() {
		Expect(manager.Metrics()).To(ContainSubstring(`namespace="`+onTrack+`"`), "the on-track namespace is seen by the manager")
		alerts, err := prometheus.Alerts()
		Expect(err).NotTo(HaveOccurred())
		Expect(alerts).NotTo(ContainElement(HaveField("Labels", HaveKeyWithValue("namespace", onTrack))))
		Expect(inbox.Sent()).NotTo(ContainElement(HaveField("Alert.Labels", HaveKeyWithValue("namespace", onTrack))))
		Expect(inbox.Sent()).To(HaveEach(HaveField("Alert.Labels", HaveKeyWithValue("namespace", late))), "every alert sent is about the late work")
		Expect(inbox.Errors()).To(BeEmpty())
	})
})

// sent matches an alert the named receiver got, by the path the shipped
// route chose and the receiver Alertmanager names, with status and labels.
func sent(receiver, status string, labels ...types.GomegaMatcher) types.GomegaMatcher {
	return SatisfyAll(
		HaveField("Path", "/"+receiver),
		HaveField("Receiver", receiver),
		HaveField("Alert.Status", status),
		HaveField("Alert.Labels", SatisfyAll(labels...)),
	)
}
