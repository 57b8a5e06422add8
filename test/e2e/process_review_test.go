package e2e

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// The annual cycle as a user meets it with kubectl: a workshop with user
// representatives recorded, an action it raised, the report that looks for
// a review and an exercise every year.
var _ = Describe("The annual cycle with kubectl", Ordered, func() {
	var ns string
	now := time.Now().UTC().Truncate(time.Second)
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	day := 24 * time.Hour

	BeforeAll(func() {
		ns = newNamespace("annual-cycle")
		apply(ns, fmt.Sprintf(`apiVersion: lessons.dspt.io/v1alpha1
kind: LessonsReport
metadata:
  name: to-date
spec:
  period:
    from: %[1]s
  siro: siro@example.nhs.uk
`, at(-200*day)))
	})

	It("raises ProcessReviewDue and ExerciseDue on a report whose scope held neither within a year", func() {
		Eventually(func(g Gomega) {
			out := mustKubectl("get", "lessonsreport", "to-date", "-n", ns, "-o",
				`jsonpath={.status.conditions[?(@.type=="ProcessReviewHeld")].reason},{.status.conditions[?(@.type=="ExerciseHeld")].reason},{.status.overdue}`)
			g.Expect(out).To(Equal("ProcessReviewDue,ExerciseDue,2"))
			events := mustKubectl("get", "events", "-n", ns, "--field-selector", "reason=ProcessReviewDue", "-o", "name")
			g.Expect(strings.Fields(events)).To(HaveLen(1))
		}).Should(Succeed())
		rows := table(Default, mustKubectl("get", "lessonsreports", "-n", ns))
		Expect(rows["to-date"]["OVERDUE"]).To(Equal("2"))
	})

	It("lists a workshop with its participants, user representatives and the actions it raised", func() {
		apply(ns, fmt.Sprintf(`apiVersion: lessons.dspt.io/v1alpha1
kind: ImprovementAction
metadata:
  name: shared-smartcards
spec:
  processReviewRef:
    name: workshop
  title: Give night-shift staff their own smartcards
  area: RolesResponsibilitiesTraining
  priority: High
  owner: team:information-governance
  dueDate: %[2]s
---
apiVersion: lessons.dspt.io/v1alpha1
kind: ProcessReview
metadata:
  name: workshop
spec:
  heldAt: %[1]s
  title: Data security process workshop
  chair: team:information-governance
  participants:
  - group: Staff
    role: Ward clerks
    count: 9
  - group: UserRepresentative
    role: Patient panel
    count: 2
  workarounds:
  - Smartcards shared at the nurses' station during night shifts
`, at(-2*day), at(60*day)))
		Eventually(func(g Gomega) {
			rows := table(g, mustKubectl("get", "processreviews", "-n", ns))
			g.Expect(rows["workshop"]).To(HaveKeyWithValue("PARTICIPANTS", "11"))
			g.Expect(rows["workshop"]).To(HaveKeyWithValue("USER-REPS", "2"))
			g.Expect(rows["workshop"]).To(HaveKeyWithValue("ACTIONS", "0/1"))
			g.Expect(rows["workshop"]).To(HaveKeyWithValue("PHASE", "Held"))
			g.Expect(mustKubectl("get", "improvementaction", "shared-smartcards", "-n", ns, "-o",
				`jsonpath={.status.phase},{.status.conditions[?(@.type=="Ready")].status}`)).To(Equal("Open,True"))
		}).Should(Succeed())
		Expect(mustKubectl("get", "lessons", "-n", ns, "-o", "name")).To(ContainSubstring("processreview.lessons.dspt.io/workshop"))
		Expect(mustKubectl("get", "prv", "-n", ns, "-o", "name")).To(ContainSubstring("workshop"))
	})

	It("counts the review on the report, which still wants an exercise", func() {
		Eventually(func(g Gomega) {
			out := mustKubectl("get", "lessonsreport", "to-date", "-n", ns, "-o",
				`jsonpath={.status.conditions[?(@.type=="ProcessReviewHeld")].reason},{.status.governance.processReviews},{.status.governance.userRepresentedReviews},{.status.overdue}`)
			g.Expect(out).To(Equal("HeldWithinInterval,1,1,1"))
		}).Should(Succeed())
	})

	It("refuses an action that names both an incident and a review, saying which fields", func() {
		_, stderr, err := kubectlApartStdin(fmt.Sprintf(`apiVersion: lessons.dspt.io/v1alpha1
kind: ImprovementAction
metadata:
  name: both
spec:
  incidentRef:
    name: phishing
  processReviewRef:
    name: workshop
  title: Both at once
  area: SystemConfiguration
  priority: Low
  owner: team:infrastructure
  dueDate: %s
`, at(30*day)), "apply", "-n", ns, "-f", "-")
		Expect(err).To(HaveOccurred())
		Expect(stderr).To(ContainSubstring("exactly one of spec.incidentRef and spec.processReviewRef"))
	})
})
