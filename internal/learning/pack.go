// Package learning builds the learning pack: what a signed-off review may
// tell an audience inside or outside the organisation (staff, the
// reporter, the board, the ICB, the CSOC, a WARP, a regulator, another
// organisation). It is a pure function of the records, like package
// review: the documents only render what Build returns, so what leaves is
// decided here and nowhere else.
package learning

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// APIVersion names the pack's JSON form; docs/learning-pack.schema.json
// publishes its schema.
const APIVersion = "lessons.dspt.io/learning-pack/v1"

// Pack is a learning pack for one audience.
type Pack struct {
	APIVersion string            `json:"apiVersion"`
	Audience   v1alpha1.Audience `json:"audience"`
	// Draft is true when the pack shares analyses not yet signed off.
	Draft bool `json:"draft"`
	// Date is the day the pack was made (YYYY-MM-DD, UTC).
	Date string `json:"date"`
	// Period is the report's period, for a pack of a report's scope.
	Period    *Period    `json:"period,omitempty"`
	Incidents []Incident `json:"incidents"`
	// Withheld lists what the pack left out, and why.
	Withheld []WithheldItem `json:"withheld"`

	// shared are the analyses whose learning the pack shares.
	shared []types.NamespacedName
}

// Shared names the analyses whose learning the pack shares: those a
// record of sharing is appended to.
func (p *Pack) Shared() []types.NamespacedName { return slices.Clone(p.shared) }

// Period is a report's period, in days.
type Period struct {
	From string `json:"from"`
	// To is the period's end, or the day the pack was made for an
	// open-ended report.
	To string `json:"to"`
}

// Incident is what the pack tells of one incident or near miss: never its
// name, title, people or namespace.
type Incident struct {
	// Reference is the incident's place in the pack: L1, L2, ...
	Reference string                    `json:"reference"`
	Type      v1alpha1.IncidentType     `json:"type"`
	Category  v1alpha1.IncidentCategory `json:"category"`
	// Severity is told to audiences inside the organisation only.
	Severity v1alpha1.Severity `json:"severity,omitempty"`
	// Draft is true while the analysis is not signed off.
	Draft bool `json:"draft"`
	// DetectedOn, ContainedOn and SignedOffOn are days (YYYY-MM-DD, UTC).
	DetectedOn      string   `json:"detectedOn"`
	ContainedOn     string   `json:"containedOn,omitempty"`
	SignedOffOn     string   `json:"signedOffOn,omitempty"`
	Themes          []string `json:"themes"`
	CauseCategories []string `json:"causeCategories"`
	WhatHappened    string   `json:"whatHappened"`
	Lessons         string   `json:"lessons"`
	// Actions counts the improvement actions by area and state.
	Actions []ActionCount `json:"actions"`
}

// ActionCount is how many improvement actions of an area stand in a state.
type ActionCount struct {
	Area  v1alpha1.ImprovementArea `json:"area"`
	State v1alpha1.ActionPhase     `json:"state"`
	Count int                      `json:"count"`
}

// WithheldItem is something the pack left out: what, why, and how many
// times.
type WithheldItem struct {
	What   string `json:"what"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Source is one incident's review as the pack reads it.
type Source struct {
	Case review.Case
	// Confidential is true when its namespace is labelled
	// lessons.dspt.io/confidential: nothing of it leaves but a count.
	Confidential bool
}

// Options say for whom and when a pack is made.
type Options struct {
	Audience v1alpha1.Audience
	// Draft shares analyses not yet signed off, marked DRAFT.
	Draft bool
	Now   time.Time
	// From and To are a report's period; zero for one incident.
	From, To time.Time
	// Namespaces are every namespace the sources come from or the scope
	// names: none is ever named in the pack.
	Namespaces []string
	// People are people named elsewhere (a report's SIRO and signer):
	// withheld as those of the records are.
	People []v1alpha1.Person
	// ConfidentialNamespaces counts the confidential namespaces of a
	// report's scope, whose incidents are not even read for a pack.
	ConfidentialNamespaces int
}

// The reasons of what a pack withholds.
const (
	reasonNamesNoOne     = "a learning pack names no person, team or place: the just-culture guide asks that learning focus on processes, not people"
	reasonConfidential   = "their namespace is labelled lessons.dspt.io/confidential: only their number leaves it"
	reasonNotSignedOff   = "a learning pack shares signed-off learning only (--draft shares it, marked DRAFT)"
	reasonNoAnalysis     = "no root cause analysis is written yet: there is no learning to share"
	reasonRestricted     = "restricted: never shared outside the SIRO's documents"
	reasonReplacedInText = "replaced by " + Withheld + " in the text"
)

// Build makes the pack of sources for an audience: each source released
// by Release, numbered in the order detected, and the list of what was
// withheld.
func Build(sources []Source, o Options) *Pack {
	p := &Pack{APIVersion: APIVersion, Audience: o.Audience, Draft: o.Draft, Date: Day(o.Now), Incidents: []Incident{}}
	if !o.From.IsZero() {
		to := o.To
		if to.IsZero() {
			to = o.Now
		}
		p.Period = &Period{From: Day(o.From), To: Day(to)}
	}
	sorted := slices.Clone(sources)
	slices.SortStableFunc(sorted, func(a, b Source) int {
		x, y := a.Case.Incident, b.Case.Incident
		return cmp.Or(x.Spec.DetectedAt.Time.Compare(y.Spec.DetectedAt.Time), cmp.Compare(x.Namespace, y.Namespace), cmp.Compare(x.Name, y.Name))
	})
	r := NewRedactor(peopleOf(sorted, o.People), namespacesOf(sorted, o.Namespaces))
	w := withheld{}
	w.add("incident names and titles, people, teams and namespaces", reasonNamesNoOne, 0)
	for _, s := range sorted {
		inc, ok := Release(s, o, r, &w)
		if !ok {
			continue
		}
		inc.Reference = fmt.Sprintf("L%d", len(p.Incidents)+1)
		p.Incidents = append(p.Incidents, inc)
		p.shared = append(p.shared, types.NamespacedName{Namespace: s.Case.RCA.Namespace, Name: s.Case.RCA.Name})
	}
	w.items[0].Count = len(sorted)
	w.add("confidential namespaces in the report's scope", "their namespace is labelled lessons.dspt.io/confidential: its incidents are not read for a pack", o.ConfidentialNamespaces)
	p.Withheld = w.items
	return p
}

// Release decides what of one incident's review may leave for the
// audience: nothing of a confidential namespace's; nothing of an incident
// whose analysis is not signed off, unless a draft is asked for; never a
// restricted section (cyberAttack.exploitedWeaknesses, investigation);
// never a name, an address or a namespace; severity for an audience inside
// the organisation only; times as days. It records in w what it withheld
// and reports whether anything of the incident is released.
func Release(s Source, o Options, r *Redactor, w *withheld) (Incident, bool) {
	c := s.Case
	inc := c.Incident
	if s.Confidential {
		w.add("incidents of confidential namespaces", reasonConfidential, 1)
		return Incident{}, false
	}
	if c.RCA == nil {
		w.add("incidents with no root cause analysis", reasonNoAnalysis, 1)
		return Incident{}, false
	}
	signedOff := c.RCAPhase(o.Now) == v1alpha1.RCASignedOff
	if !signedOff && !o.Draft {
		w.add("incidents whose analysis is not signed off", reasonNotSignedOff, 1)
		return Incident{}, false
	}
	spec := c.RCA.Spec
	if ca := spec.CyberAttack; ca != nil && len(ca.ExploitedWeaknesses) > 0 {
		w.add("cyberAttack.exploitedWeaknesses", reasonRestricted, 1)
	}
	if spec.Investigation != nil {
		w.add("investigation", reasonRestricted, 1)
	}
	out := Incident{
		Type: inc.Spec.Type, Category: inc.Spec.Category, Draft: !signedOff,
		DetectedOn: Day(inc.Spec.DetectedAt.Time), Themes: []string{}, CauseCategories: []string{}, Actions: []ActionCount{},
	}
	if !o.Audience.External() {
		out.Severity = inc.Spec.Severity
	}
	if t := inc.Spec.ContainedAt; t != nil && !t.After(o.Now) {
		out.ContainedOn = Day(t.Time)
	}
	if signedOff {
		out.SignedOffOn = Day(spec.SignOff.At.Time)
	}
	text := func(s string) string {
		t, n := r.Text(s)
		w.add("names, e-mail addresses and namespaces in the text", reasonReplacedInText, n)
		return t
	}
	if o := spec.Overview; o != nil {
		out.WhatHappened, out.Lessons = text(o.WhatHappened), text(o.LessonsLearned)
	}
	for _, t := range inc.Spec.Themes {
		if r.Mentions(t) {
			w.add("names, e-mail addresses and namespaces in the text", reasonReplacedInText, 1)
			continue
		}
		out.Themes = append(out.Themes, Readable(t))
	}
	for _, cause := range spec.Causes {
		if cause.Category != "" && !slices.Contains(out.CauseCategories, string(cause.Category)) {
			out.CauseCategories = append(out.CauseCategories, string(cause.Category))
		}
	}
	out.Actions = actionCounts(c.Actions, o.Now)
	return out, true
}

// actionCounts counts actions by area and state, in the order of the
// areas and of the states.
func actionCounts(actions []*v1alpha1.ImprovementAction, now time.Time) []ActionCount {
	counts := map[ActionCount]int{}
	for _, a := range actions {
		counts[ActionCount{Area: a.Spec.Area, State: review.ActionPhase(a, now)}]++
	}
	out := []ActionCount{}
	for k, n := range counts {
		k.Count = n
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b ActionCount) int {
		return cmp.Or(cmp.Compare(slices.Index(v1alpha1.ImprovementAreas, a.Area), slices.Index(v1alpha1.ImprovementAreas, b.Area)),
			cmp.Compare(slices.Index(actionPhases, a.State), slices.Index(actionPhases, b.State)))
	})
	return out
}

var actionPhases = []v1alpha1.ActionPhase{v1alpha1.ActionOpen, v1alpha1.ActionInProgress, v1alpha1.ActionOverdue, v1alpha1.ActionDone, v1alpha1.ActionCancelled}

// withheld gathers what a pack withholds, each kind once, in the order
// first met.
type withheld struct{ items []WithheldItem }

func (w *withheld) add(what, reason string, n int) {
	for i := range w.items {
		if w.items[i].What == what {
			w.items[i].Count += n
			return
		}
	}
	if n > 0 || len(w.items) == 0 {
		w.items = append(w.items, WithheldItem{What: what, Reason: reason, Count: n})
	}
}

// Day is a time as a day, in UTC.
func Day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// peopleOf lists every person the sources' records name, and the others.
func peopleOf(sources []Source, others []v1alpha1.Person) []v1alpha1.Person {
	out := slices.Clone(others)
	for _, s := range sources {
		c := s.Case
		i := c.Incident.Spec
		out = append(out, i.Owner, i.SIRO)
		for _, x := range i.Corrections {
			out = append(out, x.By)
		}
		if d := i.ExternalReportDecision; d != nil {
			out = append(out, d.DecidedBy)
		}
		if r := c.RCA; r != nil {
			out = append(out, r.Spec.Lead)
			if r.Spec.SignOff != nil {
				out = append(out, r.Spec.SignOff.By)
			}
			for _, e := range r.Spec.Extensions {
				out = append(out, e.AgreedBy)
			}
			for _, e := range r.Spec.SharedWith {
				out = append(out, e.By)
			}
		}
		for _, a := range c.Actions {
			out = append(out, a.Spec.Owner)
			for _, e := range a.Spec.Extensions {
				out = append(out, e.AgreedBy)
			}
			for _, x := range a.Spec.Corrections {
				out = append(out, x.By)
			}
		}
	}
	return out
}

// namespacesOf lists the sources' namespaces, and the others.
func namespacesOf(sources []Source, others []string) []string {
	out := slices.Clone(others)
	for _, s := range sources {
		out = append(out, s.Case.Incident.Namespace)
	}
	return out
}
