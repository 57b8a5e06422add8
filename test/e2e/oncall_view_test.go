package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// The on-call engineer's view: kubectl get incidents, plain and wide, read
// as rows of named columns.
var _ = Describe("kubectl get as the on-call view", Ordered, func() {
	var ns string
	now := time.Now().UTC().Truncate(time.Second)
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	day := 24 * time.Hour

	BeforeAll(func() {
		ns = newNamespace("on-call-view")
		apply(ns, reviewsForTheOnCallView(at, day))
		// Every row is computed once the operator has been through them.
		Eventually(func() string {
			return mustKubectl("get", "incidents", "-n", ns, "-o", "jsonpath={range .items[*]}{.status.phase}{','}{end}")
		}).Should(MatchRegexp(`^([A-Za-z]+,){5}$`))
	})

	It("counts every overdue duty and shows the next deadline in the default columns", func() {
		// An incident's row settles once the operator has seen its RCA and
		// actions too, which it may reconcile after the incident itself.
		want := map[string]map[string]string{
			"rca-late":            {"TYPE": "Incident", "PHASE": "Investigating", "OVERDUE": "1", "NEXT-DUE": ""},
			"siro-late":           {"TYPE": "Incident", "PHASE": "Open", "OVERDUE": "1", "NEXT-DUE": at(15*day - 13*time.Hour)},
			"action-due-tomorrow": {"TYPE": "Incident", "PHASE": "Remediating", "OVERDUE": "0", "ACTIONS": "0/1", "NEXT-DUE": at(day)},
			"near-miss":           {"TYPE": "NearMiss", "PHASE": "Open", "OVERDUE": "0", "NEXT-DUE": at(6 * time.Hour)},
			"exercise":            {"TYPE": "Exercise", "PHASE": "Open", "OVERDUE": "0", "NEXT-DUE": at(2 * day)},
		}
		Eventually(func(g Gomega) {
			out := mustKubectl("get", "incidents", "-n", ns)
			GinkgoWriter.Println(out)
			rows := table(g, out)
			g.Expect(rows).To(HaveLen(len(want)))
			for name, columns := range want {
				for column, value := range columns {
					g.Expect(rows[name][column]).To(Equal(value), "%s %s", name, column)
				}
			}
		}).Should(Succeed())
	})

	It("answers the next question in the wide columns", func() {
		wide := mustKubectl("get", "incidents", "-n", ns, "-o", "wide")
		GinkgoWriter.Println(wide)
		rows := table(Default, wide)
		for name, want := range map[string]map[string]string{
			"rca-late":            {"RCA": "Draft", "SIRO-NOTIFIED": "Notified", "THEMES": `["phishing"]`},
			"siro-late":           {"RCA": "", "SIRO-NOTIFIED": "DeadlineMissed"},
			"action-due-tomorrow": {"RCA": "SignedOff", "SIRO-NOTIFIED": "NotifiedLate"},
			"near-miss":           {"SIRO-NOTIFIED": "NotYetDue"},
			"exercise":            {"SIRO-NOTIFIED": "NotRequired", "THEMES": `["ransomware","backups"]`},
		} {
			for column, value := range want {
				Expect(rows[name][column]).To(Equal(value), "%s %s", name, column)
			}
		}
		actions := table(Default, mustKubectl("get", "improvementactions", "-n", ns, "-o", "wide"))
		Expect(actions["restore-test"]).To(HaveKeyWithValue("DUE", at(2*day)), "the agreed extension is the deadline in force")
		Expect(actions["restore-test"]).To(HaveKeyWithValue("EXTENSIONS", "1"))
		Expect(actions["restore-test"]).To(HaveKeyWithValue("LINK", "https://jira.example.nhs.uk/browse/SEC-77"))
		rcas := table(Default, mustKubectl("get", "rootcauseanalyses", "-n", ns, "-o", "wide"))
		Expect(rcas["rca-late-rca"]).To(HaveKeyWithValue("MISSING", "8"))
	})

	It("prints a new row in kubectl get incidents -w when a deadline passes with nothing else changing", func() {
		due := time.Now().Add(20 * time.Second).UTC().Truncate(time.Second)
		detected := due.Add(-12 * time.Hour)
		apply(ns, fmt.Sprintf(`apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: siro-due-shortly
spec:
  title: Referral letter posted to a previous address
  type: Incident
  category: PersonalDataBreach
  severity: Medium
  detectedAt: %q
  owner: ig.lead@trust.example
  siro: siro@trust.example
`, detected.Format(time.RFC3339)))
		Eventually(func() string {
			return mustKubectl("get", "incident", "siro-due-shortly", "-n", ns, "-o", "jsonpath={.status.siroNotification}")
		}).Should(Equal("NotYetDue"))

		ctx, cancel := context.WithTimeout(context.Background(), time.Until(due)+15*time.Second)
		defer cancel()
		watch := exec.CommandContext(ctx, "kubectl", "get", "incidents", "siro-due-shortly", "-n", ns, "-w")
		watch.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig)
		var out bytes.Buffer
		watch.Stdout, watch.Stderr = &out, &out
		Expect(watch.Start()).To(Succeed())
		defer func() { _ = watch.Process.Kill(); _ = watch.Wait() }()
		overdueRow := MatchRegexp(`(?m)^siro-due-shortly\s+Incident\s+PersonalDataBreach\s+Medium\s+Open\s+\S+\s+0/0\s+1\s`)
		Eventually(out.String, time.Until(due)+10*time.Second, 250*time.Millisecond).Should(overdueRow)
		GinkgoWriter.Println(out.String())
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		Expect(len(lines)).To(BeNumerically(">=", 3), "the header, the row as it was, and the row once the deadline passed:\n%s", out.String())
		Expect(lines[1]).To(MatchRegexp(`\s0\s+` + due.Format(time.RFC3339)))
	})
})

// apply applies a manifest in namespace ns with kubectl.
func apply(ns, manifest string) {
	cmd := exec.Command("kubectl", "apply", "-n", ns, "-f", "-")
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig)
	cmd.Stdin = strings.NewReader(manifest)
	out, err := cmd.CombinedOutput()
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "kubectl apply:\n%s", out)
}

// table reads kubectl get's output as rows by name, each a map from column
// header to value (empty where the object has none). kubectl aligns every
// value under the start of its header, so the header's offsets cut the rows.
func table(g Gomega, out string) map[string]map[string]string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	g.ExpectWithOffset(1, len(lines)).To(BeNumerically(">=", 1), "no header in:\n%s", out)
	header := lines[0]
	var names []string
	var starts []int
	for i := 0; i < len(header); i++ {
		if header[i] != ' ' && (i == 0 || header[i-1] == ' ') {
			end := strings.IndexByte(header[i:], ' ')
			if end < 0 {
				end = len(header) - i
			}
			names, starts = append(names, header[i:i+end]), append(starts, i)
		}
	}
	rows := map[string]map[string]string{}
	for _, l := range lines[1:] {
		row := map[string]string{}
		for c, name := range names {
			from, to := starts[c], len(l)
			if c+1 < len(starts) {
				to = min(starts[c+1], len(l))
			}
			if from < len(l) {
				row[name] = strings.TrimSpace(l[from:to])
			} else {
				row[name] = ""
			}
		}
		rows[row["NAME"]] = row
	}
	return rows
}

// reviewsForTheOnCallView: an incident overdue only on its RCA, one only on
// its SIRO notification, one with an action due tomorrow, a near miss and
// an exercise, times given relative to now by at.
func reviewsForTheOnCallView(at func(time.Duration) string, day time.Duration) string {
	incident := func(name, typ string, detected time.Duration, told string, themes string) string {
		siro := "  siro: siro@trust.example\n"
		if told != "" {
			siro += fmt.Sprintf("  siroNotifiedAt: %q\n", told)
		}
		if typ == "Incident" {
			// Decided within the hour, so that the rows show what each
			// incident is about.
			siro += fmt.Sprintf("  externalReportDecision: {reportable: false, reason: No personal data was involved, decidedBy: dpo@trust.example, at: %q}\n", at(detected+time.Hour))
		}
		return fmt.Sprintf(`apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: %s
spec:
  title: %s
  type: %s
  category: NetworkAndInformationSystems
  severity: High
  detectedAt: %q
  owner: team:cyber-security
%s%s---
`, name, name, typ, at(detected), siro, themes)
	}
	return incident("rca-late", "Incident", -20*day, at(-20*day+time.Hour), "  themes: [phishing]\n") +
		incident("siro-late", "Incident", -13*time.Hour, "", "") +
		incident("action-due-tomorrow", "Incident", -20*day, at(-19*day), "") +
		incident("near-miss", "NearMiss", -6*time.Hour, "", "") +
		incident("exercise", "Exercise", -2*day, "", "  themes: [ransomware, backups]\n") +
		fmt.Sprintf(`apiVersion: lessons.dspt.io/v1alpha1
kind: RootCauseAnalysis
metadata:
  name: rca-late-rca
spec:
  incidentRef: {name: rca-late}
  lead: team:cyber-security
---
apiVersion: lessons.dspt.io/v1alpha1
kind: RootCauseAnalysis
metadata:
  name: action-due-tomorrow-rca
spec:
  incidentRef: {name: action-due-tomorrow}
  lead: team:cyber-security
  state: Submitted
  overview:
    whatHappened: A firewall rule change exposed the remote desktop gateway.
    containment: The rule was reverted within the hour.
    lessonsLearned: Firewall changes need a second reviewer.
  causes:
  - type: NonTechnical
    category: Process
    description: The change process allowed self-approval.
  organisationalFactors: Change reviews were not resourced out of hours.
  responseEvaluation:
    responsePlanAdequacy: The plan covered the exposure.
    remedialActivities: The rule was reverted and the logs reviewed.
    personnelCompetency: Responders had the skills they needed.
  signOff:
    decision: Approved
    by: siro@trust.example
    at: %q
---
apiVersion: lessons.dspt.io/v1alpha1
kind: ImprovementAction
metadata:
  name: second-reviewer
spec:
  incidentRef: {name: action-due-tomorrow}
  title: Require a second reviewer for firewall changes
  area: PoliciesProcessesProcedures
  priority: High
  owner: team:network
  dueDate: %q
---
apiVersion: lessons.dspt.io/v1alpha1
kind: ImprovementAction
metadata:
  name: restore-test
spec:
  incidentRef: {name: exercise}
  title: Test a full restore of the patient administration system
  area: MeasureReliability
  priority: High
  owner: team:infrastructure
  dueDate: %q
  extensions:
  - dueDate: %q
    reason: The restore environment is rebuilt this week.
    agreedBy: team:information-governance
    at: %q
  links:
  - name: JIRA SEC-77
    url: https://jira.example.nhs.uk/browse/SEC-77
`, at(-10*day), at(day), at(day), at(2*day), at(-time.Hour))
}
