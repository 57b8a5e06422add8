package render

import (
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

func ts(s string) metav1.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return metav1.NewTime(t)
}

func tsp(s string) *metav1.Time { t := ts(s); return &t }

func dur(s string) *metav1.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return &metav1.Duration{Duration: d}
}

func pct(v int32) *int32 { return &v }

func actions(total, done, open, overdue int32) v1alpha1.ActionTally {
	return v1alpha1.ActionTally{Total: total, Done: done, Open: open, Overdue: overdue}
}

// emptyReport is a financial-year report whose period had no incidents:
// the operator computed it, and every KPI is omitted for want of data.
func emptyReport() *v1alpha1.LessonsReport {
	r := &v1alpha1.LessonsReport{
		ObjectMeta: metav1.ObjectMeta{Name: "fy-2026-27", Namespace: "community-care", Generation: 1},
		Spec: v1alpha1.LessonsReportSpec{
			Period: v1alpha1.ReportPeriod{From: ts("2026-04-01T00:00:00Z"), To: tsp("2027-04-01T00:00:00Z")},
			SIRO:   "siro@community-care.example.nhs.uk",
		},
		Status: v1alpha1.LessonsReportStatus{
			ObservedGeneration: 1,
			Phase:              v1alpha1.ReportCurrent,
			LastUpdated:        tsp("2027-04-01T06:00:00Z"),
			Period:             &v1alpha1.ReportPeriod{From: ts("2026-04-01T00:00:00Z"), To: tsp("2027-04-01T00:00:00Z")},
			Incidents:          &v1alpha1.IncidentFigures{},
			KPIs:               &v1alpha1.ReportKPIs{},
			Actions:            &v1alpha1.ActionFigures{},
			Causes:             &v1alpha1.CauseCounts{},
			Recurrence:         &v1alpha1.Recurrence{},
			Conditions: []metav1.Condition{
				{Type: "Ready", Status: metav1.ConditionTrue, Reason: "Reconciled", ObservedGeneration: 1, LastTransitionTime: ts("2027-04-01T06:00:00Z")},
			},
			// Nothing held in the year: both yearly duties due since it began.
			Governance: &v1alpha1.Governance{
				ProcessReviewDueAt: tsp("2026-04-01T00:00:00Z"), ExerciseDueAt: tsp("2026-04-01T00:00:00Z"),
			},
		},
	}
	withCycle(r, v1alpha1.ConditionProcessReviewHeld, false, v1alpha1.ReasonProcessReviewDue)
	withCycle(r, v1alpha1.ConditionExerciseHeld, false, v1alpha1.ReasonExerciseDue)
	return r
}

// withCycle sets a yearly duty's condition on a report.
func withCycle(r *v1alpha1.LessonsReport, t v1alpha1.ConditionType, held bool, reason v1alpha1.ConditionReason) {
	status := metav1.ConditionFalse
	if held {
		status = metav1.ConditionTrue
	}
	meta.SetStatusCondition(&r.Status.Conditions, metav1.Condition{
		Type: string(t), Status: status, Reason: string(reason), ObservedGeneration: r.Generation, LastTransitionTime: ts("2027-04-01T06:00:00Z"),
	})
}

// realisticReport is the financial year 2026/27 of an NHS trust: 21
// incidents and near misses over ten months, their actions in eight of the
// nine areas, KPIs, the previous year for trend, and lessons learned.
func realisticReport() *v1alpha1.LessonsReport {
	r := emptyReport()
	r.Name, r.Namespace = "fy-2026-27", "northshire-trust"
	r.Spec.SIRO = "siro@northshire.example.nhs.uk"
	st := &r.Status
	st.LastUpdated = tsp("2027-04-02T09:15:00Z")
	st.Incidents = &v1alpha1.IncidentFigures{
		Total: 21, Incidents: 8, NearMisses: 13, Exercises: 1, CyberAttacks: 3,
		ByCategory: v1alpha1.CategoryCounts{PersonalDataBreach: 11, ConfidentialityBreach: 4, NetworkAndInformationSystems: 6},
		BySeverity: v1alpha1.SeverityCounts{Critical: 1, High: 4, Medium: 9, Low: 7},
		ByMonth: []v1alpha1.MonthCount{
			{Month: "2026-04", Incidents: 1, NearMisses: 2}, {Month: "2026-05", NearMisses: 1},
			{Month: "2026-06", Incidents: 2, NearMisses: 1}, {Month: "2026-07", Incidents: 1, NearMisses: 2},
			{Month: "2026-09", Incidents: 1, NearMisses: 1}, {Month: "2026-10", NearMisses: 2},
			{Month: "2026-11", Incidents: 1, NearMisses: 1}, {Month: "2027-01", Incidents: 1, NearMisses: 2},
			{Month: "2027-02", Incidents: 1}, {Month: "2027-03", NearMisses: 1},
		},
	}
	st.KPIs = &v1alpha1.ReportKPIs{
		MeanTimeToContain: dur("5h30m"), MedianTimeToContain: dur("3h15m"), MeanTimeToRCASignOff: dur("294h"),
		SIRONotifiedOnTimePercent: pct(88), RCASignedOffPercent: pct(86), ActionsCompletedOnTimePercent: pct(79),
		NearMissRatio:    "1.63",
		MeanTimeToDetect: dur("52h"), MeanTimeToResolve: dur("76h30m"), MeanAttackerDwellTime: dur("36h"),
		ExternalReportsOnTimePercent: pct(75), LearningSharedOnTimePercent: pct(83),
	}
	st.Actions = &v1alpha1.ActionFigures{
		Total: 34, Open: 8, Overdue: 3, Done: 24, Cancelled: 2,
		ByArea: v1alpha1.AreaTallies{
			PoliciesProcessesProcedures:   actions(7, 5, 2, 1),
			RolesResponsibilitiesTraining: actions(6, 5, 1, 0),
			SystemConfiguration:           actions(5, 4, 1, 1),
			SecurityMonitoringReporting:   actions(4, 3, 1, 0),
			InvestigationProcedures:       actions(2, 1, 0, 0),
			ContainmentRecovery:           actions(3, 2, 1, 0),
			GovernanceCommunication:       actions(4, 3, 1, 1),
			MeasureReliability:            actions(3, 1, 1, 0),
		},
		ByPriority: v1alpha1.PriorityTallies{
			Critical: actions(4, 4, 0, 0), High: actions(11, 7, 3, 2),
			Medium: actions(13, 9, 4, 1), Low: actions(6, 4, 1, 0),
		},
	}
	st.Governance = &v1alpha1.Governance{
		ProcessReviews: 1, UserRepresentedReviews: 1, Workarounds: 2,
		LastProcessReviewAt: tsp("2027-02-17T10:00:00Z"), ProcessReviewDueAt: tsp("2028-02-17T10:00:00Z"),
		Exercises: 1, LastExerciseAt: tsp("2026-10-14T09:30:00Z"), ExerciseDueAt: tsp("2027-10-14T09:30:00Z"),
	}
	withCycle(r, v1alpha1.ConditionProcessReviewHeld, true, v1alpha1.ReasonHeldWithinInterval)
	withCycle(r, v1alpha1.ConditionExerciseHeld, true, v1alpha1.ReasonHeldWithinInterval)
	st.Causes = &v1alpha1.CauseCounts{Technical: 12, NonTechnical: 19}
	st.Recurrence = &v1alpha1.Recurrence{
		Areas: []v1alpha1.Recurring{
			{Name: "PoliciesProcessesProcedures", Incidents: 5}, {Name: "RolesResponsibilitiesTraining", Incidents: 4},
			{Name: "SystemConfiguration", Incidents: 3}, {Name: "GovernanceCommunication", Incidents: 2},
		},
		CauseTypes: []v1alpha1.Recurring{{Name: "NonTechnical", Incidents: 15}, {Name: "Technical", Incidents: 9}},
		CauseCategories: []v1alpha1.Recurring{
			{Name: "Process", Incidents: 6, PreviousPeriod: 4}, {Name: "Training", Incidents: 3}, {Name: "Workaround", Incidents: 2, PreviousPeriod: 3},
		},
		Themes: []v1alpha1.RecurringTheme{
			{Theme: "phishing", Incidents: 4, PreviousPeriod: 2}, {Theme: "misdirected-letter", Incidents: 3, PreviousPeriod: 5}, {Theme: "tailgating", Incidents: 2},
		},
	}
	st.PreviousPeriod = &v1alpha1.PeriodFigures{
		From: ts("2025-04-01T00:00:00Z"), To: ts("2026-04-01T00:00:00Z"),
		Incidents: v1alpha1.IncidentFigures{Total: 17, Incidents: 9, NearMisses: 8, CyberAttacks: 1},
		KPIs: v1alpha1.ReportKPIs{
			MeanTimeToContain: dur("7h45m"), MedianTimeToContain: dur("3h15m"), MeanTimeToRCASignOff: dur("384h"),
			SIRONotifiedOnTimePercent: pct(78), RCASignedOffPercent: pct(71), NearMissRatio: "0.89",
			MeanTimeToDetect: dur("96h"), MeanTimeToResolve: dur("60h"), MeanAttackerDwellTime: dur("120h"),
			ExternalReportsOnTimePercent: pct(50), LearningSharedOnTimePercent: pct(60),
		},
	}
	st.Lessons = []v1alpha1.Lesson{
		{Incident: "inc-2027-03-misdirected-discharge-letter", Lesson: "Discharge letters were addressed from a cached GP practice list. Look-ups now go to the live directory, and the ward template prompts a second check of the recipient."},
		{Incident: "inc-2027-02-ransomware-radiology-pacs", Lesson: "Segmentation between the imaging network and the corporate network was incomplete.\nRestores from immutable backups worked, but took 31 hours against a 24-hour target: recovery runbooks now name the restore order and are exercised each quarter."},
		{Incident: "inc-2027-01-shared-mailbox-autocomplete", Lesson: "E-mail autocomplete suggested an external address for a shared safeguarding mailbox. Autocomplete for external domains is now off for clinical mailboxes."},
		{Incident: "inc-2026-11-unencrypted-usb-clinic", Lesson: "Clinic staff had no approved way to move presentation files. An encrypted transfer route was provided and removable media are blocked by default."},
		{Incident: "inc-2026-07-smartcard-left-logged-in", Lesson: "Shared workstations in the emergency department stayed logged in between users. Tap-and-go session locking was rolled out with the clinical teams.", SharedWith: []v1alpha1.Audience{v1alpha1.AudienceStaff, v1alpha1.AudienceReporter}},
		{Incident: "inc-2026-04-records-trolley-corridor", Lesson: "Paper records waited in a public corridor during a ward move. Ward moves now include a records custody check, and porters were briefed."},
	}
	return r
}

// signedOffReport is the realistic report, approved by the SIRO.
func signedOffReport() *v1alpha1.LessonsReport {
	r := realisticReport()
	r.Spec.SignOff = &v1alpha1.SignOff{
		Decision: v1alpha1.SignOffApproved, By: "siro@northshire.example.nhs.uk",
		At: ts("2027-04-10T14:30:00Z"), Comment: "Reviewed at the Information Governance Board on 10 April 2027.",
		Assessment: "Twenty-one incidents and near misses, three of them cyber attacks, against seventeen last year: more near misses are being reported, which we welcome.\n" +
			"Phishing came back four times; the awareness training and the sign-in alerting are the Board's priority for 2027/28. Attackers were found within a day and a half on average, down from five days.",
	}
	r.Status.Phase = v1alpha1.ReportSignedOff
	r.Status.Conditions = append(r.Status.Conditions, metav1.Condition{
		Type: "SignedOff", Status: metav1.ConditionTrue, Reason: "Approved",
		Message: "approved by siro@northshire.example.nhs.uk", ObservedGeneration: 1, LastTransitionTime: ts("2027-04-10T14:30:05Z"),
	})
	return r
}

// staleReport was approved, then a late-reported incident changed the figures.
func staleReport() *v1alpha1.LessonsReport {
	r := signedOffReport()
	r.Status.Phase = v1alpha1.ReportCurrent
	meta.RemoveStatusCondition(&r.Status.Conditions, "SignedOff")
	r.Status.Conditions = append(r.Status.Conditions, metav1.Condition{
		Type: "SignedOff", Status: metav1.ConditionFalse, Reason: "FiguresChanged",
		Message: "the figures changed after the approval of 2027-04-10T14:30:00Z", ObservedGeneration: 1,
		LastTransitionTime: ts("2027-04-15T08:00:00Z"),
	})
	r.Status.LastUpdated = tsp("2027-04-15T08:00:00Z")
	r.Status.LessonsOmitted = 2
	return r
}

// uncomputedReport runs to date and has not been computed by the operator yet.
func uncomputedReport() *v1alpha1.LessonsReport {
	return &v1alpha1.LessonsReport{
		ObjectMeta: metav1.ObjectMeta{Name: "since-go-live", Namespace: "community-care", Generation: 1},
		Spec: v1alpha1.LessonsReportSpec{
			Period: v1alpha1.ReportPeriod{From: ts("2026-10-01T00:00:00Z")},
		},
	}
}

// realisticRegister is the action register of the realistic report, read
// when its figures were: two incidents of the year with their actions, one
// extended and one overdue, the year's exercise, and its process workshop
// with an action overdue.
func realisticRegister() Register {
	return Register{
		Members:        []review.Case{cyberAttackCase(), closedOnTimeCase(), exerciseCase()},
		ProcessReviews: []review.ReviewCase{processWorkshopCase()},
		AsAt:           ts("2027-04-02T09:15:00Z").Time,
	}
}

// emptyRegister is the register of a period without incidents.
func emptyRegister() Register {
	return Register{AsAt: ts("2027-04-01T06:00:00Z").Time}
}
