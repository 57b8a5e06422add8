package crosscheck_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/render"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// FuzzEvidenceSurvives plays a script of writes the API server accepts
// (each changed fact with its correction), with time passing between them
// and the manager computing every status after each, and asserts that
// nothing once on record goes: a missed SIRO notification, external report
// or decision whether to report, an action announced overdue or completed
// late. Each stays in the status, counts as late in the report's KPIs and
// is shown by the review document.
func FuzzEvidenceSurvives(f *testing.F) {
	// Told late, reclassified as an exercise, detection moved later.
	f.Add([]byte{13, 30, 0, 0, 2, 200, 3, 1, 0, 1})
	// External report missed, then not required; decision late.
	f.Add([]byte{1, 0, 14, 100, 1, 0, 8, 3, 0, 2})
	// Completed late, completion corrected earlier, reopened, done again.
	f.Add([]byte{6, 250, 6, 10, 9, 0, 6, 3, 5, 2})
	// Overdue, extended, priority lowered, completed by the new deadline.
	f.Add([]byte{15, 255, 15, 255, 7, 200, 5, 0, 6, 1})
	f.Fuzz(func(t *testing.T, script []byte) {
		w := newWorld()
		for i := 0; i+1 < len(script) && i < 64; i += 2 {
			op, arg := script[i], script[i+1]
			w.write(op, arg)
			w.reconcile()
			w.check(t, script[:i+2])
		}
	})
}

// world is one incident and one action as stored, the clock, and the
// evidence seen on record so far.
type world struct {
	p   review.Policy
	now time.Time
	inc *v1alpha1.Incident
	act *v1alpha1.ImprovementAction
	// What the status has shown; it must go on showing it.
	siro, external, decision *metav1.Time // the deadline recorded as missed
	overdueAnnounced         bool
	completedLate            bool
	// What made each record evidence, which deletion protection reads.
	incidentKept, actionKept []v1alpha1.EvidenceReason
}

var scriptStart = time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)

func newWorld() *world {
	inc := fixtures.Incident("lost-laptop", fixtures.DetectedAt(scriptStart, 0), fixtures.Undecided,
		func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil })
	act := fixtures.Action("encrypt-laptops", inc.Name, scriptStart.AddDate(0, 0, 10))
	return &world{p: review.DefaultPolicy(), now: scriptStart, inc: inc, act: act}
}

// write lets time pass, by a step arg tells, and makes the write op
// names, as a user may: every changed fact with its correction.
func (w *world) write(op, arg byte) {
	w.now = w.now.Add(time.Duration(arg) * 37 * time.Minute)
	before := w.now.Add(-time.Duration(arg) * time.Minute)
	correct := fixtures.Correcting
	switch op % 16 {
	case 0:
		next := map[v1alpha1.IncidentType]v1alpha1.IncidentType{
			v1alpha1.IncidentTypeIncident: v1alpha1.IncidentTypeNearMiss, v1alpha1.IncidentTypeNearMiss: v1alpha1.IncidentTypeExercise,
			v1alpha1.IncidentTypeExercise: v1alpha1.IncidentTypeIncident,
		}
		correct(func(i *v1alpha1.Incident) { i.Spec.Type = next[i.Spec.Type] })(w.inc)
	case 1:
		correct(func(i *v1alpha1.Incident) {
			i.Spec.ExternalReportRequired = !i.Spec.ExternalReportRequired
			if d := i.Spec.ExternalReportDecision; d != nil {
				d.Reportable = i.Spec.ExternalReportRequired // both set must agree
			}
		})(w.inc)
	case 2:
		shift := time.Duration(int(arg)-128) * 17 * time.Minute
		correct(func(i *v1alpha1.Incident) { i.Spec.DetectedAt = metav1.NewTime(i.Spec.DetectedAt.Add(shift)) })(w.inc)
	case 3:
		correct(func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = fixtures.Time(before) })(w.inc)
	case 4:
		w.inc.Spec.ExternalReports = append(w.inc.Spec.ExternalReports, v1alpha1.ExternalReport{
			Authority: v1alpha1.AuthorityICO, Reference: "ICO-2027-0042", ReportedAt: metav1.NewTime(before),
		})
	case 5:
		next := map[v1alpha1.Priority]v1alpha1.Priority{
			v1alpha1.PriorityCritical: v1alpha1.PriorityHigh, v1alpha1.PriorityHigh: v1alpha1.PriorityMedium,
			v1alpha1.PriorityMedium: v1alpha1.PriorityLow, v1alpha1.PriorityLow: v1alpha1.PriorityCritical,
		}
		from := w.act.Spec.Priority
		fixtures.ActionCorrected(v1alpha1.FactPriority, string(from), string(next[from]),
			func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = next[from] })(w.act)
	case 6:
		if prev := w.act.Spec.CompletedAt; prev != nil && !prev.Time.Equal(before) {
			fixtures.ActionCorrected(v1alpha1.FactCompletedAt, fixtures.TimeText(prev.Time), fixtures.TimeText(before), fixtures.Done(before))(w.act)
		} else {
			fixtures.Done(before)(w.act)
		}
	case 7:
		due := review.ActionDueAt(w.act)
		if w.now.After(due) {
			due = w.now
		}
		w.act.Spec.Extensions = append(w.act.Spec.Extensions, v1alpha1.DeadlineExtension{
			DueDate: metav1.NewTime(due.Add(time.Duration(arg)*time.Hour + time.Hour)), Reason: "The supplier's encryption agent ships later",
			AgreedBy: "siro@example.nhs.uk", At: metav1.NewTime(w.now),
		})
	case 8:
		w.inc.Spec.ExternalReportDecision = &v1alpha1.ExternalReportDecision{
			Reportable: w.inc.Spec.ExternalReportRequired, Reason: "The laptop was encrypted", DecidedBy: "dpo@example.nhs.uk",
			At: metav1.NewTime(before),
		}
	case 9:
		w.act.Spec.State = v1alpha1.ActionStateInProgress
	case 10:
		correct(func(i *v1alpha1.Incident) { i.Spec.Severity = v1alpha1.Severities[int(arg)%len(v1alpha1.Severities)] })(w.inc)
	default:
		// Time passes with no write.
	}
}

// reconcile computes every status at now, as the manager does after a
// write or at a deadline.
func (w *world) reconcile() {
	w.act.Status = review.ComputeAction(w.p, w.act, w.inc, w.now).Status
	w.inc.Status = review.ComputeIncident(w.p, w.inc, nil, []*v1alpha1.ImprovementAction{w.act}, w.now).Status
}

// check fails t when evidence seen before is gone from the status, the
// KPIs or the review document, and notes what the status shows now.
func (w *world) check(t *testing.T, script []byte) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("after the script %v at %s: "+format, append([]any{script, w.now.Format(time.RFC3339)}, args...)...)
	}
	st := w.inc.Status
	kept := func(what string, seen *metav1.Time, now *metav1.Time) *metav1.Time {
		switch {
		case seen != nil && now == nil:
			fail("the missed %s deadline %s is gone from the status", what, seen.Format(time.RFC3339))
		case seen != nil && !now.Equal(seen):
			fail("the missed %s deadline moved from %s to %s", what, seen.Format(time.RFC3339), now.Format(time.RFC3339))
		}
		return now
	}
	if b := st.SIRONotificationBreach; b != nil {
		w.siro = kept("SIRO notification", w.siro, &b.DueAt)
	} else {
		kept("SIRO notification", w.siro, nil)
	}
	if b := st.ExternalReportBreach; b != nil {
		w.external = kept("external report", w.external, &b.DueAt)
	} else {
		kept("external report", w.external, nil)
	}
	if b := st.ExternalReportDecisionBreach; b != nil {
		w.decision = kept("external report decision", w.decision, &b.DueAt)
	} else {
		kept("external report decision", w.decision, nil)
	}
	if w.act.Status.OverdueAnnouncedAt != nil {
		w.overdueAnnounced = true
	} else if w.overdueAnnounced {
		fail("the action's overdue announcement is gone from its status")
	}
	if w.act.Status.CompletedLate {
		w.completedLate = true
	} else if w.completedLate {
		fail("the action's late completion is gone from its status")
	}

	// Deletion protection reads keptAsEvidence: no write may shrink it, and
	// each fact seen on record is in it.
	grows := func(what string, seen, now []v1alpha1.EvidenceReason, facts map[v1alpha1.EvidenceReason]bool) []v1alpha1.EvidenceReason {
		t.Helper()
		for _, r := range seen {
			if !slices.Contains(now, r) {
				fail("the %s no longer keeps %s as evidence: %v", what, r, now)
			}
		}
		for r, holds := range facts {
			if holds && !slices.Contains(now, r) {
				fail("the %s does not keep %s as evidence: %v", what, r, now)
			}
		}
		return now
	}
	w.incidentKept = grows("incident", w.incidentKept, st.KeptAsEvidence, map[v1alpha1.EvidenceReason]bool{
		v1alpha1.EvidenceSIRONotificationMissed: w.siro != nil, v1alpha1.EvidenceExternalReportMissed: w.external != nil,
		v1alpha1.EvidenceExternalReportDecisionMissed: w.decision != nil, v1alpha1.EvidenceActionsOverdue: w.overdueAnnounced,
	})
	w.actionKept = grows("action", w.actionKept, w.act.Status.KeptAsEvidence, map[v1alpha1.EvidenceReason]bool{
		v1alpha1.EvidenceOverdue: w.overdueAnnounced, v1alpha1.EvidenceCompletedLate: w.completedLate,
	})

	r := fixtures.Report("all-time", func(r *v1alpha1.LessonsReport) {
		r.Spec.Period = v1alpha1.ReportPeriod{From: metav1.NewTime(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))}
	})
	c := review.NewCase(w.inc, nil, []*v1alpha1.ImprovementAction{w.act})
	k := report.ComputeReportIn(w.p, r, report.OneNamespace(""), []review.Case{c}, nil, nil, w.now).Status.KPIs
	onTime := func(what string, pct *int32) {
		t.Helper()
		if pct == nil || *pct != 0 {
			fail("the report counts the missed %s on time: %v", what, pct)
		}
	}
	if b := st.SIRONotificationBreach; b != nil && b.Type == v1alpha1.IncidentTypeIncident {
		onTime("SIRO notification", k.SIRONotifiedOnTimePercent)
	}
	if st.ExternalReportBreach != nil {
		onTime("external report", k.ExternalReportsOnTimePercent)
	}
	if st.ExternalReportDecisionBreach != nil {
		onTime("external report decision", k.ExternalReportDecisionsOnTimePercent)
	}
	done := review.ActionState(w.act) == v1alpha1.ActionStateDone && !review.CompletedInFuture(w.act, w.now)
	if w.completedLate && done {
		onTime("action's completion", k.ActionsCompletedByAgreedDatePercent)
	}

	var doc bytes.Buffer
	if err := render.ReviewMarkdown(&doc, c, w.now); err != nil {
		fail("the review document: %v", err)
	}
	row := func(name string) string {
		for line := range strings.Lines(doc.String()) {
			if strings.HasPrefix(line, "| "+name+" |") {
				return line
			}
		}
		return ""
	}
	if w.siro != nil && !strings.Contains(row("SIRO notified on time"), "No:") {
		fail("the review document does not show the missed SIRO notification: %q", row("SIRO notified on time"))
	}
	if w.external != nil && !strings.Contains(row("Reported outside the organisation on time"), "No:") {
		fail("the review document does not show the missed external report: %q", row("Reported outside the organisation on time"))
	}
	if w.decision != nil && !strings.Contains(row("Decision on reporting outside the organisation"), "was missed") {
		fail("the review document does not show the missed decision: %q", row("Decision on reporting outside the organisation"))
	}
	if w.completedLate && done && !strings.Contains(doc.String(), ", after the") {
		fail("the review document shows the late completion on time:\n%s", doc.String())
	}
}
