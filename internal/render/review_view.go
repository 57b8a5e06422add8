package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// reviewDocument is what both review templates render: one incident's
// records in words, with every fact the records lack shown as not
// recorded. People appear only in their accountable roles (owner, SIRO,
// lead, signer, who agreed an extension), as the API names them.
type reviewDocument struct {
	Name, Namespace, Title string
	Phase                  string
	Owner, SIRO            string
	AsAt                   string
	Summary                string
	Facts                  []fact
	// ExternalReports are the reports made outside the organisation;
	// Related the incidents that share a cause or a theme with this one.
	ExternalReports []externalReportView
	Related         []relatedView
	// Corrections are the facts corrected since first recorded, shown
	// beside the facts they changed and any deadline missed.
	Corrections []correctionView

	Analysis *analysisView // nil while no root cause analysis exists
	SignOff  signOffView   // the analysis's, or why there is none

	Actions  []actionView
	Timeline []timelineRow
	// Sources names the objects the document was rendered from.
	Sources string
}

// fact is one row of a two-column table: what, and what the records say.
type fact struct {
	Label, Value string
}

// analysisView is the root cause analysis in words.
type analysisView struct {
	Name, Lead, Phase, Due string
	Missing                []string

	WhatHappened, Containment, LessonsLearned string
	// NoActionsReason is why the analysis finds no improvement action
	// needed, "" when it gives none.
	NoActionsReason                    string
	Causes                             []causeView
	OrganisationalFactors              string
	PlanAdequacy, Remedial, Competency string

	// CyberApplies is false when the incident is not a cyber attack and
	// the analysis has no cyber-attack section: the section is then shown
	// as not applicable rather than as missing.
	CyberApplies bool
	Cyber        cyberView

	Investigation []fact
	CustodyNotes  string
	Evidence      []v1alpha1.EvidenceItem

	// Sharing is who heard the learning, and where the duty to share
	// stands.
	Sharing sharingView
}

// causeView is one root cause: technical or not, its category when the
// analysis gives one, and what it was.
type causeView struct {
	Type, Category, Description string
}

// cyberView is the analysis of a cyber attack (D2.a).
type cyberView struct {
	Weaknesses, Enhancements     []string
	DwellTime, DetectionEfficacy string
}

type timelineRow struct {
	Time, Entry, Message string
}

// analysisSignOff is what an analysis's approval stands on.
var analysisSignOff = signedThing{
	changed: "what it was approved for has changed since",
	review:  "the analysis",
}

// buildReview turns one incident's case into a document, as at asAt.
// related are the incidents of spec.relatedIncidents that could be read.
func buildReview(c review.Case, asAt time.Time, related []v1alpha1.Incident) *reviewDocument {
	inc := c.Incident
	s := inc.Spec
	d := &reviewDocument{
		Name: inc.Name, Namespace: inc.Namespace, Title: s.Title,
		Phase: stateName(string(c.Phase(asAt))),
		Owner: string(s.Owner), SIRO: orNotRecorded(string(s.SIRO)),
		AsAt:    formatDateTime(asAt),
		Summary: orNotRecorded(s.Summary),
	}
	d.Facts = incidentFacts(inc)
	d.ExternalReports = externalReportViews(inc)
	d.Corrections = correctionViews(c, "")
	d.Related = relatedViews(s.RelatedIncidents, related)
	if c.RCA != nil {
		d.Analysis = newAnalysisView(c.RCA, inc, asAt)
		thing := analysisSignOff
		thing.unsigned = unsignedAnalysis(c.RCAPhase(asAt))
		d.SignOff = signOffOf(c.RCA.Spec.SignOff, analysisConditions(c, asAt), c.RCA.Generation, thing)
	} else {
		d.SignOff = signOffView{State: "none", Label: "None recorded",
			Detail: "The incident has no root cause analysis yet: DSPT D2.a asks for one after every incident and near miss."}
	}
	for i := range c.Actions {
		d.Actions = append(d.Actions, newActionView(c.Actions[i], asAt))
	}
	// As they were planned: by the deadline first agreed.
	slices.SortStableFunc(d.Actions, func(a, b actionView) int {
		return cmp.Or(a.originalAt.Compare(b.originalAt), cmp.Compare(a.Name, b.Name))
	})
	for _, e := range inc.Status.Timeline {
		d.Timeline = append(d.Timeline, timelineRow{Time: formatDateTime(e.Time.Time), Entry: stateName(e.Type), Message: orNotRecorded(e.Message)})
	}
	d.Sources = sourcesOf(c)
	return d
}

// incidentFacts lists the incident's facts, times with how long after
// detection they came.
func incidentFacts(inc *v1alpha1.Incident) []fact {
	s := inc.Spec
	detected := s.DetectedAt.Time
	afterDetection := func(t *metav1.Time) string {
		if t == nil {
			return notRecorded
		}
		return fmt.Sprintf("%s (%s after detection)", formatDateTime(t.Time), statuskit.HumanDuration(t.Sub(detected)))
	}
	facts := []fact{
		{"Type", nameIn(incidentTypeNames, s.Type)},
		{"Category", categoryName(s.Category)},
		{"Severity", string(s.Severity)},
		{"Cyber attack", yesNo(s.CyberAttack)},
	}
	facts = append(facts, occurrenceFacts(s)...)
	facts = append(facts, []fact{
		{"Detected", formatDateTime(detected)},
		{"Contained", afterDetection(s.ContainedAt)},
		{"Resolved", afterDetection(s.ResolvedAt)},
		{"Incident lead (owner)", string(s.Owner)},
		{"Senior Information Risk Owner (SIRO)", orNotRecorded(string(s.SIRO))},
		{"SIRO notified", afterDetection(s.SIRONotifiedAt)},
		{"SIRO notified on time", siroNotificationText(inc)},
		{"Decision on reporting outside the organisation", decisionText(inc)},
		{"Reported outside the organisation on time", externalReportText(inc)},
	}...)
	if len(s.Themes) > 0 {
		facts = append(facts, fact{"Themes", strings.Join(s.Themes, ", ")})
	}
	return facts
}

// siroNotificationText says whether the SIRO was told on time, as the
// operator judged it with the organisation's deadline; before the operator
// has judged it, that is not recorded rather than guessed with a default.
func siroNotificationText(inc *v1alpha1.Incident) string {
	due := "the deadline"
	if d := inc.Status.SIRONotificationDueAt; d != nil {
		due += " of " + formatDateTime(d.Time)
	}
	switch inc.Status.SIRONotification {
	case v1alpha1.ReasonNotified:
		return "Yes: told within " + due + "."
	case v1alpha1.ReasonNotifiedLate:
		return "No: told after " + due + "."
	case v1alpha1.ReasonDeadlineMissed:
		return "No: not told, and " + due + " has passed."
	case v1alpha1.ReasonNotYetDue:
		return "Not told yet, within " + due + "."
	case v1alpha1.ReasonNotRequired:
		if b := inc.Status.SIRONotificationBreach; b != nil {
			return "No: not required now (an exercise has no SIRO notification deadline), but the deadline of " +
				formatDateTime(b.DueAt.Time) + " was missed while it applied" + givenAfter(", told ", b.NotifiedAt) + "; the breach stays on record."
		}
		return "Not required: an exercise has no SIRO notification deadline."
	}
	return notRecorded + " (the operator has not assessed it yet)"
}

// givenAfter says when a notice missed on record was given after all,
// prefixed; nothing while it was not.
func givenAfter(prefix string, at *metav1.Time) string {
	if at == nil {
		return ""
	}
	return prefix + formatDateTime(at.Time)
}

// analysisConditions are the analysis's conditions, unless the core's
// rules already say at asAt that its approval does not stand: dated after
// asAt, or the incident changed after the operator judged it (say it is
// now a cyber attack), which does not change the analysis's generation.
func analysisConditions(c review.Case, asAt time.Time) []metav1.Condition {
	so := c.RCA.Spec.SignOff
	if so == nil || so.Decision != v1alpha1.SignOffApproved || c.RCAPhase(asAt) == v1alpha1.RCASignedOff {
		return c.RCA.Status.Conditions
	}
	lapsed := metav1.Condition{Type: string(v1alpha1.ConditionSignedOff), Status: metav1.ConditionFalse, ObservedGeneration: c.RCA.Generation,
		Message: "required sections are missing"}
	if review.SignOffInFuture(so, asAt) {
		lapsed.Reason, lapsed.Message = string(v1alpha1.ReasonSignOffInFuture), "the approval is dated "+formatDateTime(so.At.Time)+", still to come: it is not believed until then"
	}
	return []metav1.Condition{lapsed}
}

// unsignedAnalysis says why an analysis has no sign-off yet.
func unsignedAnalysis(phase v1alpha1.RCAPhase) string {
	if phase == v1alpha1.RCAAwaitingSignOff {
		return "The analysis is submitted and waits for the SIRO's sign-off."
	}
	return "The analysis is a draft: it has not been submitted for the SIRO's sign-off."
}

func newAnalysisView(r *v1alpha1.RootCauseAnalysis, inc *v1alpha1.Incident, asAt time.Time) *analysisView {
	s := r.Spec
	o := ptrOrZero(s.Overview)
	e := ptrOrZero(s.ResponseEvaluation)
	v := &analysisView{
		Name: r.Name, Lead: string(s.Lead),
		Phase:                 stateName(string(review.RCAPhase(r, inc, asAt))),
		Due:                   analysisDue(r),
		Missing:               review.MissingSections(r, inc),
		WhatHappened:          orNotRecorded(o.WhatHappened),
		Containment:           orNotRecorded(o.Containment),
		LessonsLearned:        orNotRecorded(o.LessonsLearned),
		OrganisationalFactors: orNotRecorded(s.OrganisationalFactors),
		PlanAdequacy:          orNotRecorded(e.ResponsePlanAdequacy),
		Remedial:              orNotRecorded(e.RemedialActivities),
		Competency:            orNotRecorded(e.PersonnelCompetency),
		CyberApplies:          inc.Spec.CyberAttack || s.CyberAttack != nil,
		Evidence:              s.Evidence,
		Sharing:               newSharingView(r),
	}
	v.NoActionsReason = r.Spec.NoActionsReason
	for _, c := range s.Causes {
		v.Causes = append(v.Causes, causeView{Type: causeName(string(c.Type)), Category: orNotRecorded(string(c.Category)), Description: c.Description})
	}
	if ca := ptrOrZero(s.CyberAttack); v.CyberApplies {
		v.Cyber = cyberView{
			Weaknesses: ca.ExploitedWeaknesses, Enhancements: ca.ResilienceEnhancements,
			DwellTime: notRecorded, DetectionEfficacy: orNotRecorded(ca.DetectionEfficacy),
		}
		if ca.AttackerDwellTime != nil {
			v.Cyber.DwellTime = statuskit.HumanDuration(ca.AttackerDwellTime.Duration)
		}
	}
	v.Investigation, v.CustodyNotes = investigationFacts(s.Investigation)
	return v
}

// analysisDue is the analysis's deadline: as the operator computed it, else
// as the spec sets it; the severity's default window is the manager's, so
// it is not guessed here.
func analysisDue(r *v1alpha1.RootCauseAnalysis) string {
	switch {
	case r.Status.DueAt != nil:
		return formatDateTime(r.Status.DueAt.Time)
	case r.Spec.DueDate != nil:
		return formatDateTime(r.Spec.DueDate.Time)
	}
	return notRecorded
}

// investigationFacts answers D2.a's questions about the investigation. An
// omitted answer in a recorded investigation means no, as the API says;
// an investigation not recorded at all answers nothing.
func investigationFacts(in *v1alpha1.Investigation) ([]fact, string) {
	questions := []string{
		"External specialists involved", "Equipment manufacturers involved",
		"Independent team appointed", "Evidence chain of custody maintained",
	}
	if in == nil {
		rows := make([]fact, len(questions))
		for i, q := range questions {
			rows[i] = fact{q, notRecorded}
		}
		return rows, ""
	}
	custody, notes := notRecorded, ""
	if c := in.ChainOfCustody; c != nil {
		custody, notes = yesNo(c.Maintained), strings.TrimSpace(c.Notes)
	}
	return []fact{
		{questions[0], yesNo(in.ExternalSpecialists)},
		{questions[1], yesNo(in.ManufacturersInvolved)},
		{questions[2], yesNo(in.IndependentTeam)},
		{questions[3], custody},
	}, notes
}

// sourcesOf names the objects a review was rendered from.
func sourcesOf(c review.Case) string {
	rca := "no RootCauseAnalysis"
	if c.RCA != nil {
		rca = "RootCauseAnalysis " + c.RCA.Name
	}
	actions := "no ImprovementActions"
	switch n := len(c.Actions); n {
	case 0:
	case 1:
		actions = "1 ImprovementAction"
	default:
		actions = fmt.Sprintf("%d ImprovementActions", n)
	}
	return fmt.Sprintf("Incident %s/%s, %s and %s", c.Incident.Namespace, c.Incident.Name, rca, actions)
}

// ptrOrZero reads an optional section, absent reading as empty.
func ptrOrZero[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
