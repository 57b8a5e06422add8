package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

const day = 24 * time.Hour

// yearOfIncidents is a year of reviews in ns: three incidents and two near
// misses in the period, one incident in the period before, and one incident
// of another team that the report's selector leaves out. It returns the
// start of the period.
func yearOfIncidents(ns string, now time.Time) time.Time {
	from := now.Add(-360 * day).Truncate(time.Second)
	at := func(days int, hours float64) time.Time {
		return from.Add(time.Duration(days) * day).Add(time.Duration(hours * float64(time.Hour)))
	}
	incident := func(name string, typ v1alpha1.IncidentType, cat v1alpha1.IncidentCategory, sev v1alpha1.Severity, detected time.Time, containedAfter, siroAfter float64, team string) {
		testenv.Create(k8s, ns, fixtures.Incident(name, func(i *v1alpha1.Incident) {
			i.Labels = map[string]string{"team": team}
			i.Spec.Type, i.Spec.Category, i.Spec.Severity = typ, cat, sev
			i.Spec.DetectedAt = metav1.NewTime(detected)
			i.Spec.ContainedAt, i.Spec.SIRONotifiedAt = nil, nil
			if containedAfter > 0 {
				i.Spec.ContainedAt = fixtures.Time(detected.Add(time.Duration(containedAfter * float64(time.Hour))))
			}
			if siroAfter > 0 {
				i.Spec.SIRONotifiedAt = fixtures.Time(detected.Add(time.Duration(siroAfter * float64(time.Hour))))
			}
		}))
	}
	action := func(name, inc string, area v1alpha1.ImprovementArea, prio v1alpha1.Priority, due time.Time, opts ...fixtures.Option[v1alpha1.ImprovementAction]) {
		testenv.Create(k8s, ns, fixtures.Action(name, inc, due, append([]fixtures.Option[v1alpha1.ImprovementAction]{func(a *v1alpha1.ImprovementAction) {
			a.Spec.Area, a.Spec.Priority = area, prio
		}}, opts...)...))
	}
	const ig = "information-governance"

	incident("inc-01", v1alpha1.IncidentTypeIncident, v1alpha1.CategoryPersonalDataBreach, v1alpha1.SeverityHigh, at(10, 0), 4, 2, ig)
	testenv.Create(k8s, ns, fixtures.RCA("inc-01-rca", "inc-01", fixtures.SignedOff(v1alpha1.SignOffApproved, at(20, 0))))
	action("a1", "inc-01", v1alpha1.AreaSystemConfiguration, v1alpha1.PriorityHigh, at(40, 0), fixtures.Done(at(30, 0)))
	action("a2", "inc-01", v1alpha1.AreaRolesResponsibilitiesTraining, v1alpha1.PriorityMedium, at(40, 0), fixtures.Done(at(50, 0)))

	incident("inc-02", v1alpha1.IncidentTypeIncident, v1alpha1.CategoryNetworkAndInformationSystems, v1alpha1.SeverityCritical, at(40, 0), 10, 14, ig)
	testenv.Create(k8s, ns, fixtures.RCA("inc-02-rca", "inc-02", fixtures.Submitted()))
	action("a3", "inc-02", v1alpha1.AreaSystemConfiguration, v1alpha1.PriorityCritical, now.Add(30*day))
	action("a4", "inc-02", v1alpha1.AreaSecurityMonitoringReporting, v1alpha1.PriorityHigh, now.Add(-10*day))

	incident("inc-03", v1alpha1.IncidentTypeNearMiss, v1alpha1.CategoryConfidentialityBreach, v1alpha1.SeverityLow, at(75, 0), 1, 1, ig)
	testenv.Create(k8s, ns, fixtures.RCA("inc-03-rca", "inc-03", fixtures.SignedOff(v1alpha1.SignOffApproved, at(95, 0))))
	action("a5", "inc-03", v1alpha1.AreaPoliciesProcessesProcedures, v1alpha1.PriorityLow, at(120, 0), fixtures.Cancelled())

	incident("inc-04", v1alpha1.IncidentTypeNearMiss, v1alpha1.CategoryPersonalDataBreach, v1alpha1.SeverityMedium, at(80, 0), 0, 0, ig)
	testenv.Create(k8s, ns, fixtures.RCA("inc-04-rca", "inc-04"))
	action("a6", "inc-04", v1alpha1.AreaRolesResponsibilitiesTraining, v1alpha1.PriorityMedium, now.Add(60*day), fixtures.InProgress())

	incident("inc-05", v1alpha1.IncidentTypeIncident, v1alpha1.CategoryConfidentialityBreach, v1alpha1.SeverityMedium, at(200, 0), 6, 12, ig)

	incident("inc-previous", v1alpha1.IncidentTypeIncident, v1alpha1.CategoryPersonalDataBreach, v1alpha1.SeverityLow, at(-30, 0), 2, 1, ig)
	incident("inc-other-team", v1alpha1.IncidentTypeIncident, v1alpha1.CategoryPersonalDataBreach, v1alpha1.SeverityLow, at(100, 0), 2, 1, "estates")
	return from
}

var _ = Describe("A LessonsReport", func() {
	It("rolls up a year of incidents and near misses, and flags a sign-off whose figures changed", func() {
		ns := newNamespace()
		now := clock.Now()
		from := yearOfIncidents(ns, now)
		rep := fixtures.Report("information-governance-year", fixtures.Period(from, from.Add(365*day)), func(r *v1alpha1.LessonsReport) {
			r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"team": "information-governance"}}
		})
		testenv.Create(k8s, ns, rep)

		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(st.Incidents).NotTo(BeNil())
			g.Expect(st.Incidents.Total).To(Equal(int32(5)))
			g.Expect(st.Actions.Total).To(Equal(int32(6)))
		}).Should(Succeed())
		st := testenv.Fresh(k8s, rep).Status

		By("counting incidents by type, category and severity")
		Expect(st.Incidents.Incidents).To(Equal(int32(3)))
		Expect(st.Incidents.NearMisses).To(Equal(int32(2)))
		Expect(st.Incidents.ByCategory).To(Equal(v1alpha1.CategoryCounts{PersonalDataBreach: 2, ConfidentialityBreach: 2, NetworkAndInformationSystems: 1}))
		Expect(st.Incidents.BySeverity).To(Equal(v1alpha1.SeverityCounts{Low: 1, Medium: 2, High: 1, Critical: 1}))
		var inMonths, nearMissesInMonths int32
		for _, m := range st.Incidents.ByMonth {
			Expect(m.Month).To(MatchRegexp(`^\d{4}-\d{2}$`))
			inMonths += m.Incidents
			nearMissesInMonths += m.NearMisses
		}
		Expect([]int32{inMonths, nearMissesInMonths}).To(Equal([]int32{3, 2}))
		Expect(st.Incidents.ByMonth[0].Month).To(Equal(from.UTC().Format("2006-01")))

		By("computing the KPIs, near misses kept out of the incident-response figures")
		k := st.KPIs
		Expect(k.MeanTimeToContain.Duration).To(Equal(6*time.Hour + 40*time.Minute))
		Expect(k.MedianTimeToContain.Duration).To(Equal(6 * time.Hour))
		Expect(k.SIRONotifiedOnTimePercent).To(Equal(ptr.To(int32(67))))
		Expect(k.RCASignedOffPercent).To(Equal(ptr.To(int32(40))))
		Expect(k.MeanTimeToRCASignOff.Duration).To(Equal(15 * day))
		Expect(k.ActionsCompletedOnTimePercent).To(Equal(ptr.To(int32(50))))
		Expect(k.NearMissRatio).To(Equal("0.67"))

		By("counting actions by state, area and priority")
		a := st.Actions
		Expect([]int32{a.Total, a.Open, a.Overdue, a.Done, a.Cancelled}).To(Equal([]int32{6, 3, 1, 2, 1}))
		Expect(a.ByArea.SystemConfiguration).To(Equal(v1alpha1.ActionTally{Total: 2, Open: 1, Done: 1}))
		Expect(a.ByArea.RolesResponsibilitiesTraining).To(Equal(v1alpha1.ActionTally{Total: 2, Open: 1, Done: 1}))
		Expect(a.ByArea.SecurityMonitoringReporting).To(Equal(v1alpha1.ActionTally{Total: 1, Open: 1, Overdue: 1}))
		Expect(a.ByArea.PoliciesProcessesProcedures).To(Equal(v1alpha1.ActionTally{Total: 1}))
		Expect(a.ByPriority.Critical).To(Equal(v1alpha1.ActionTally{Total: 1, Open: 1}))
		Expect(a.ByPriority.High).To(Equal(v1alpha1.ActionTally{Total: 2, Open: 1, Overdue: 1, Done: 1}))

		By("finding causes and what recurs")
		Expect(*st.Causes).To(Equal(v1alpha1.CauseCounts{Technical: 4}))
		Expect(st.Recurrence.Areas).To(ConsistOf(
			v1alpha1.Recurring{Name: string(v1alpha1.AreaRolesResponsibilitiesTraining), Incidents: 2},
			v1alpha1.Recurring{Name: string(v1alpha1.AreaSystemConfiguration), Incidents: 2}))
		Expect(st.Recurrence.CauseTypes).To(Equal([]v1alpha1.Recurring{{Name: string(v1alpha1.CauseTechnical), Incidents: 4}}))

		By("quoting the lessons of submitted and signed-off analyses, newest first, naming no one; the draft's counts but is not quoted")
		Expect(st.Lessons).To(HaveLen(3))
		Expect(st.Lessons[0].Incident).To(Equal("inc-03"))
		Expect(st.Lessons[2].Incident).To(Equal("inc-01"))
		Expect(st.Lessons).NotTo(ContainElement(HaveField("Incident", "inc-04")))

		By("showing the previous period for trend")
		Expect(st.PreviousPeriod.To.Time).To(BeTemporally("==", from))
		Expect(st.PreviousPeriod.Incidents.Total).To(Equal(int32(1)))
		Expect(st.PreviousPeriod.KPIs.MeanTimeToContain.Duration).To(Equal(2 * time.Hour))

		Expect(st.Phase).To(Equal(v1alpha1.ReportCurrent))
		Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionReady)).To(Equal("True/Reconciled"))
		Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("False/NotSignedOff"))

		By("signing off")
		testenv.Update(k8s, rep, func(r *v1alpha1.LessonsReport) {
			fixtures.ReportSignedOff(v1alpha1.SignOffApproved, now.Truncate(time.Second))(r)
		})
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ReportSignedOff))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("True/Approved"))
		}).Should(Succeed())

		By("flagging the sign-off stale when the figures change")
		testenv.Update(k8s, &v1alpha1.ImprovementAction{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "a3"}}, func(a *v1alpha1.ImprovementAction) {
			fixtures.Done(now)(a)
		})
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(st.Phase).To(Equal(v1alpha1.ReportCurrent))
			g.Expect(testenv.Condition(st.Conditions, v1alpha1.ConditionSignedOff)).To(Equal("False/FiguresChanged"))
			g.Expect(st.Actions.Done).To(Equal(int32(3)))
			g.Expect(eventCount(ns, "LessonsReport", rep.Name, v1alpha1.EventSignOffInvalidated)).To(Equal(1))
		}).Should(Succeed())
	})

	It("counts every incident without a selector, rolls an open-ended period forward with time, and refuses to count with an unreadable selector", func() {
		ns := newNamespace()
		testenv.Create(k8s, ns, detectedNow("lost-smartcard"))
		rep := fixtures.Report("to-date", func(r *v1alpha1.LessonsReport) {
			r.Spec.Period = v1alpha1.ReportPeriod{From: metav1.NewTime(clock.Now().Add(-10 * day))}
		})
		testenv.Create(k8s, ns, rep)
		var firstEnd time.Time
		Eventually(func(g Gomega) {
			st := testenv.Fresh(k8s, rep).Status
			g.Expect(st.Period).NotTo(BeNil())
			g.Expect(st.Period.To.Time).To(BeTemporally(">", clock.Now()))
			g.Expect(st.Incidents.Total).To(Equal(int32(1)))
			firstEnd = st.Period.To.Time
		}).Should(Succeed())
		step(day)
		Eventually(func() time.Time { return testenv.Fresh(k8s, rep).Status.Period.To.Time }).Should(BeTemporally("==", firstEnd.Add(day)))

		testenv.Update(k8s, rep, func(r *v1alpha1.LessonsReport) {
			// The CRD refuses unknown operators; a malformed label key is
			// only found when the selector is parsed.
			r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"team name!": "estates"}}
		})
		Eventually(func() string {
			return testenv.Condition(testenv.Fresh(k8s, rep).Status.Conditions, v1alpha1.ConditionReady)
		}).Should(Equal("False/InvalidSelector"))
	})
})
