package metrics

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Attention lists, one entry per item, the work that needs someone now:
// each becomes one series named after its owner, so alerts reach that
// person. Work on track, finished or signed off has no entry, so the
// series follow the late work, never the archive.
type Attention struct {
	// OverdueActions are past their deadline in force, For how long;
	// DueSoonActions within the due-soon window, For how long until due.
	OverdueActions, DueSoonActions []ActionItem
	// OverdueRCAs are analyses past their deadline without a standing
	// sign-off, For how long; one with RCA "" is an incident's analysis
	// not yet written, its incident's owner then the lead.
	OverdueRCAs []RCAItem
	// AwaitingSignOff are analyses waiting for the SIRO, For how long
	// since the operator first saw them wait.
	AwaitingSignOff []RCAItem
	// SIROOverdue are incidents whose SIRO is still not told after the
	// deadline, For how long.
	SIROOverdue []SIROItem
	// ExternalReportsOverdue are incidents whose required external report
	// is still not recorded after the deadline, For how long, for their
	// owner.
	ExternalReportsOverdue []ExternalReportItem
	// Incidents are those with any overdue duty, for their owner.
	Incidents []IncidentItem
}

// ActionItem is an improvement action needing its owner.
type ActionItem struct {
	Namespace, Action, Incident string
	Owner                       v1alpha1.Person
	Priority                    v1alpha1.Priority
	Area                        v1alpha1.ImprovementArea
	For                         time.Duration
	// Link is the action's first link, its ticket where the work is
	// done; zero when it has none.
	Link v1alpha1.Link
}

// RCAItem is a root cause analysis needing its lead or its SIRO.
type RCAItem struct {
	Namespace, RCA, Incident string
	Lead, SIRO               v1alpha1.Person
	For                      time.Duration
}

// SIROItem is an incident whose SIRO must still be told.
type SIROItem struct {
	Namespace, Incident string
	SIRO                v1alpha1.Person
	For                 time.Duration
}

// ExternalReportItem is an incident whose owner must still report it
// outside the organisation.
type ExternalReportItem struct {
	Namespace, Incident string
	Owner               v1alpha1.Person
	For                 time.Duration
}

// IncidentItem is an incident with Overdue duties past their deadline
// (its actions, its analysis, the SIRO notification, an external report).
type IncidentItem struct {
	Namespace, Incident string
	Owner               v1alpha1.Person
	Overdue             int
}

// action adds the action if it is overdue or due soon.
func (at *Attention) action(p review.Policy, a *v1alpha1.ImprovementAction, now time.Time) {
	due := review.ActionDueAt(a)
	item := ActionItem{Namespace: a.Namespace, Action: a.Name, Incident: a.Spec.IncidentRef.Name,
		Owner: a.Spec.Owner, Priority: a.Spec.Priority, Area: a.Spec.Area}
	if len(a.Spec.Links) > 0 {
		item.Link = a.Spec.Links[0]
	}
	switch {
	case review.ActionPhase(a, now) == v1alpha1.ActionOverdue:
		item.For = now.Sub(due)
		at.OverdueActions = append(at.OverdueActions, item)
	case review.ActionDueSoon(p, a, now):
		item.For = due.Sub(now)
		at.DueSoonActions = append(at.DueSoonActions, item)
	}
}

// rca adds the analysis if it is overdue or waits for the SIRO. incident
// is nil when it does not resolve.
func (at *Attention) rca(p review.Policy, r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, now time.Time) {
	item := RCAItem{Namespace: r.Namespace, RCA: r.Name, Incident: r.Spec.IncidentRef.Name, Lead: r.Spec.Lead}
	if incident != nil {
		item.SIRO = incident.Spec.SIRO
	}
	if review.RCAOverdue(p, r, incident, now) {
		o := item
		o.For = now.Sub(review.RCADueAt(p, r, incident).Time)
		at.OverdueRCAs = append(at.OverdueRCAs, o)
	}
	// Until the operator has seen it wait, the wait has no start to time.
	if since := r.Status.AwaitingSignOffSince; since != nil && review.AwaitingSignOff(r, incident) {
		item.For = now.Sub(since.Time)
		at.AwaitingSignOff = append(at.AwaitingSignOff, item)
	}
}

// incident adds the case's incident-level duties: its SIRO notification,
// its external report, its analysis when none is written, and its overdue
// duties in all.
func (at *Attention) incident(p review.Policy, c *review.Case, now time.Time) {
	inc := c.Incident
	if review.SIRONotificationOverdue(p, inc, now) {
		at.SIROOverdue = append(at.SIROOverdue, SIROItem{Namespace: inc.Namespace, Incident: inc.Name, SIRO: inc.Spec.SIRO,
			For: now.Sub(review.SIRONotificationDueAt(p, inc))})
	}
	if review.ExternalReportOverdue(p, inc, now) {
		at.ExternalReportsOverdue = append(at.ExternalReportsOverdue, ExternalReportItem{Namespace: inc.Namespace, Incident: inc.Name, Owner: inc.Spec.Owner,
			For: now.Sub(review.ExternalReportDueAt(p, inc))})
	}
	if c.RCA == nil && review.RCAOverdue(p, nil, inc, now) {
		at.OverdueRCAs = append(at.OverdueRCAs, RCAItem{Namespace: inc.Namespace, Incident: inc.Name, Lead: inc.Spec.Owner, SIRO: inc.Spec.SIRO,
			For: now.Sub(review.RCADueAt(p, nil, inc).Time)})
	}
	if n := review.ClockOf(c.OpenDuties(p, now), now).Overdue; n > 0 {
		at.Incidents = append(at.Incidents, IncidentItem{Namespace: inc.Namespace, Incident: inc.Name, Owner: inc.Spec.Owner, Overdue: n})
	}
}
