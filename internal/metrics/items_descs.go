package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

// The per-item gauges: one series per item that needs someone, labelled
// with that person, so Alertmanager can route each alert to its owner.
var (
	actionOverdueItem = prometheus.NewDesc("lessons_action_overdue_seconds",
		"How long an improvement action has been past its deadline in force; only overdue actions have a series. incident names the incident whose lessons it carries out, or process_review the process review that raised it.",
		[]string{"namespace", "action", "incident", "process_review", "owner", "priority", "area"}, nil)
	actionDueSoonItem = prometheus.NewDesc("lessons_action_due_soon_seconds",
		"How long until an improvement action in the due-soon window is due; only such actions have a series.",
		[]string{"namespace", "action", "incident", "process_review", "owner", "priority", "area"}, nil)
	rcaOverdueItem = prometheus.NewDesc("lessons_rca_overdue_seconds",
		"How long a root cause analysis has been past its deadline without a standing sign-off; rca is empty when none is written yet, and lead is then the incident's owner.",
		[]string{"namespace", "rca", "incident", "lead"}, nil)
	rcaAwaitingItem = prometheus.NewDesc("lessons_rca_awaiting_signoff_seconds",
		"How long a submitted root cause analysis has waited for its SIRO's sign-off (since the operator first saw it wait).",
		[]string{"namespace", "rca", "incident", "lead", "siro"}, nil)
	siroOverdueItem = prometheus.NewDesc("lessons_siro_notification_overdue_seconds",
		"How long an incident's SIRO notification has been past its deadline with the SIRO still not told.",
		[]string{"namespace", "incident", "siro"}, nil)
	// actionLinkItem is an info gauge: a label is where a URL fits, and
	// the alerts join it on (namespace, action) to send the owner to their
	// ticket. Only actions with an overdue or due-soon series have one, so
	// it follows the late work too.
	actionLinkItem = prometheus.NewDesc("lessons_action_link_info",
		"The first link (spec.links[0]) of an improvement action that is overdue or due soon, always 1; actions without a link have no series.",
		[]string{"namespace", "action", "name", "url"}, nil)
	externalReportOverdueItem = prometheus.NewDesc("lessons_external_report_overdue_seconds",
		"How long an incident's required external report (to the ICO, say) has been past its deadline with none recorded; owner is the incident's owner.",
		[]string{"namespace", "incident", "owner"}, nil)
	externalReportDecisionOverdueItem = prometheus.NewDesc("lessons_external_report_decision_overdue_seconds",
		"How long an incident has been past its external report deadline with no decision recorded, either way, whether to report it outside the organisation (spec.externalReportDecision); owner is the incident's owner.",
		[]string{"namespace", "incident", "owner"}, nil)
	learningSharingOverdueItem = prometheus.NewDesc("lessons_learning_sharing_overdue_seconds",
		"How long the learning of a signed-off root cause analysis has been past its sharing deadline (--share-within after sign-off) without being shared with staff or the team and with the reporter; lead is the analysis's lead.",
		[]string{"namespace", "rca", "incident", "lead"}, nil)
	incidentOverdueItem = prometheus.NewDesc("lessons_incident_overdue_duties",
		"How many duties of an incident are past their deadline (actions, its analysis, the SIRO notification, an external report, sharing the learning); only incidents with one have a series.",
		[]string{"namespace", "incident", "owner"}, nil)
)

// reportSignOffOverdueItem is one series per LessonsReport past its
// sign-off deadline, labelled with its SIRO, who must sign it off.
var reportSignOffOverdueItem = prometheus.NewDesc("lessons_report_sign_off_overdue_seconds",
	"How long a LessonsReport whose period has ended has been past its sign-off deadline (--report-sign-off-window after the period) without a standing sign-off; only such reports have a series.",
	[]string{"namespace", "report", "siro"}, nil)

// The yearly duties of a report's scope, while its period runs: one
// series per report with one due, labelled with its SIRO.
var (
	processReviewDueItem = prometheus.NewDesc("lessons_process_review_due_seconds",
		"How long a LessonsReport's scope has been past the date its next process review was due (the last one plus --process-review-interval, or the period's start when none was held; Data Security Standard 5); only reports whose period runs and whose review is due have a series.",
		[]string{"namespace", "report", "siro"}, nil)
	exerciseDueItem = prometheus.NewDesc("lessons_exercise_due_seconds",
		"How long a LessonsReport's scope has been past the date its next exercise of the response plan was due (the last Incident of type Exercise plus --exercise-interval, or the period's start when none was held; Data Security Standard 7); only reports whose period runs and whose exercise is due have a series.",
		[]string{"namespace", "report", "siro"}, nil)
)

// confidentialDuties counts, in a namespace labelled
// lessons.dspt.io/confidential: "true", the duties that need someone: the
// per-item series, which carry names, owners and links, are withheld
// there, and only these counts leave it.
var confidentialDuties = prometheus.NewDesc("lessons_confidential_duties",
	"How many duties of a confidential namespace need someone, by kind of duty and health (Overdue or DueSoon); their per-item series, with names and owners, are withheld.",
	[]string{"namespace", "duty", "health"}, nil)

var itemDescs = []*prometheus.Desc{confidentialDuties, actionOverdueItem, actionDueSoonItem, actionLinkItem, rcaOverdueItem, rcaAwaitingItem, siroOverdueItem, externalReportOverdueItem, externalReportDecisionOverdueItem, learningSharingOverdueItem, incidentOverdueItem, reportSignOffOverdueItem, processReviewDueItem, exerciseDueItem}
