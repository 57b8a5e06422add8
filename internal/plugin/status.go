package plugin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"golang.org/x/term"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

const statusSynopsis = "status [-n NAMESPACE | -A] [--due-soon-window DURATION] [--no-color]"

const statusDescription = `
An on-call summary of the incident reviews of a namespace (or of every
namespace with -A): the open incidents with their phase, severity, owner,
action progress and overdue actions; the overdue improvement actions, most
overdue first; the actions due within the due-soon window; the incidents
whose SIRO notification is overdue; and the root cause analyses awaiting
the SIRO's sign-off.

Phases and deadlines are computed from the objects at the current time, by
the operator's own rules, so the summary is right even when the operator
has not run yet. Use the same deadlines as the manager's flags if they
differ from the defaults.

Rows are coloured on a terminal (red: overdue; yellow: due soon; green: on
track), unless --no-color is given or NO_COLOR is set.

Examples:
  kubectl lessons status -n northshire-trust
  kubectl lessons status -A --due-soon-window 168h`

// StatusCommand prints the on-call summary.
func StatusCommand() Command {
	return Command{
		Name:    "status",
		Summary: "On-call summary: open incidents, overdue and due-soon actions, SIRO notifications, RCAs awaiting sign-off",
		Run:     runStatus,
	}
}

func runStatus(ctx context.Context, env *Env, args []string) error {
	var kube KubeFlags
	var all, noColor bool
	policy := review.DefaultPolicy()
	fs := newFlagSet("status")
	kube.Bind(fs)
	fs.BoolVar(&all, "A", false, "shorthand for --all-namespaces")
	fs.BoolVar(&all, "all-namespaces", false, "summarise every namespace")
	fs.DurationVar(&policy.DueSoonWindow, "due-soon-window", policy.DueSoonWindow, "list unfinished actions due within this `DURATION` as due soon (default 72h, the manager's --due-soon-window)")
	fs.DurationVar(&policy.SIRONotificationDeadline, "siro-notification-deadline", policy.SIRONotificationDeadline, "how long after detection the SIRO must be told, a `DURATION` (default 12h, the manager's --siro-notification-deadline)")
	fs.Var(policy.RCAReviewWindow, "rca-review-window", "how long after detection an RCA is due when it sets no dueDate, by severity, as `WINDOWS` (default Critical=15d,High=15d,Medium=30d,Low=30d, the manager's --rca-review-window)")
	fs.BoolVar(&noColor, "no-color", false, "never colour the output")
	usage := usageText{command: "status", synopsis: statusSynopsis, description: statusDescription}
	positional, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usage.errorf("status takes no arguments, got %s", strings.Join(positional, " "))
	}
	if all && kube.Namespace != "" {
		return usage.errorf("-A and -n are mutually exclusive: -A summarises every namespace")
	}
	if err := policy.Validate(); err != nil {
		return usage.errorf("%v", err)
	}

	c, ns, err := env.Connect(kube)
	if err != nil {
		return err
	}
	if all {
		ns = ""
	}
	reviews, err := ListReviews(ctx, c, ns)
	if err != nil {
		return err
	}
	s := Summarise(reviews, policy, env.now())
	view := StatusView{Namespace: ns, DueSoonWindow: policy.DueSoonWindow, Colour: useColour(env.Stdout, noColor, os.Getenv, isTerminal)}
	return WriteStatus(env.Stdout, s, view)
}

// Reviews are the incidents, analyses and actions of a namespace (or of
// every namespace).
type Reviews struct {
	Incidents []v1alpha1.Incident
	RCAs      []v1alpha1.RootCauseAnalysis
	Actions   []v1alpha1.ImprovementAction
}

// ListReviews reads the incidents, RCAs and actions of namespace ns, or of
// every namespace when ns is empty.
func ListReviews(ctx context.Context, c client.Reader, ns string) (Reviews, error) {
	var r Reviews
	var incs v1alpha1.IncidentList
	var rcas v1alpha1.RootCauseAnalysisList
	var actions v1alpha1.ImprovementActionList
	for _, l := range []struct {
		list     client.ObjectList
		resource string
	}{{&incs, "incidents"}, {&rcas, "rootcauseanalyses"}, {&actions, "improvementactions"}} {
		if err := c.List(ctx, l.list, client.InNamespace(ns)); err != nil {
			return r, listError(err, l.resource, ns)
		}
	}
	r.Incidents, r.RCAs, r.Actions = incs.Items, rcas.Items, actions.Items
	return r, nil
}

func listError(err error, resource, ns string) error {
	where := fmt.Sprintf("in namespace %q", ns)
	if ns == "" {
		where = "in any namespace"
	}
	switch {
	case meta.IsNoMatchError(err):
		return fmt.Errorf("the cluster does not know %s (%s): install the operator's CRDs first", resource, v1alpha1.GroupVersion)
	case apierrors.IsForbidden(err):
		return fmt.Errorf("not allowed to list %s %s: %w", resource, where, err)
	}
	return fmt.Errorf("list %s %s: %w", resource, where, err)
}

// Health is how a row is coloured.
type Health int

// Healths, best first.
const (
	OnTrack Health = iota
	DueSoon
	Overdue
)

// StatusSummary is the on-call summary at Now.
type StatusSummary struct {
	Now time.Time
	// Incidents are those not Closed: the least healthy first, then the
	// most severe, then the oldest.
	Incidents []IncidentRow
	// OverdueActions are the most overdue first; DueSoonActions the
	// soonest due first.
	OverdueActions, DueSoonActions []ActionRow
	// SIROOverdue are the incidents whose SIRO was not told in time and
	// still has not been, the longest overdue first.
	SIROOverdue []SIRORow
	// AwaitingSignOff are the RCAs submitted, complete and not yet
	// decided, the earliest due first.
	AwaitingSignOff []RCARow
}

// IncidentRow is an open incident.
type IncidentRow struct {
	Namespace, Name string
	Phase           v1alpha1.IncidentPhase
	Severity        v1alpha1.Severity
	Owner           v1alpha1.Person
	Actions         v1alpha1.ActionCounts
	Health          Health
	detectedAt      time.Time
}

// ActionRow is an unfinished improvement action.
type ActionRow struct {
	Namespace, Name, Incident string
	Owner                     v1alpha1.Person
	Priority                  v1alpha1.Priority
	Due                       time.Time
}

// SIRORow is an incident whose SIRO notification is overdue.
type SIRORow struct {
	Namespace, Incident string
	Severity            v1alpha1.Severity
	SIRO                v1alpha1.Person
	Due                 time.Time
}

// RCARow is an analysis awaiting sign-off.
type RCARow struct {
	Namespace, Name, Incident string
	Lead                      v1alpha1.Person
	// Due is the analysis's deadline; zero when its incident is unknown.
	Due    time.Time
	Health Health
}

var severityRank = map[v1alpha1.Severity]int{v1alpha1.SeverityCritical: 0, v1alpha1.SeverityHigh: 1, v1alpha1.SeverityMedium: 2, v1alpha1.SeverityLow: 3}

// Summarise computes the summary at now with the operator's rules, from
// the objects' spec: status may lag, or be empty before the operator ran.
func Summarise(r Reviews, p review.Policy, now time.Time) StatusSummary {
	s := StatusSummary{Now: now}
	incidents := map[types.NamespacedName]*v1alpha1.Incident{}
	for i := range r.Incidents {
		incidents[review.IncidentKey(&r.Incidents[i])] = &r.Incidents[i]
	}
	families := review.Families(r.RCAs, r.Actions)

	dueSoon := func(due time.Time) bool { return !now.Before(due.Add(-p.DueSoonWindow)) }

	for i := range r.Actions {
		a := &r.Actions[i]
		row := ActionRow{Namespace: a.Namespace, Name: a.Name, Incident: a.Spec.IncidentRef.Name, Owner: a.Spec.Owner, Priority: a.Spec.Priority, Due: a.Spec.DueDate.Time}
		switch {
		case review.ActionPhase(a, now) == v1alpha1.ActionPhaseOverdue:
			s.OverdueActions = append(s.OverdueActions, row)
		case !review.ActionFinished(a) && dueSoon(row.Due):
			s.DueSoonActions = append(s.DueSoonActions, row)
		}
	}

	for i := range r.Incidents {
		inc := &r.Incidents[i]
		f := families[review.IncidentKey(inc)]
		rcas, actions := f.RCAs, f.Actions
		if inc.Spec.SIRONotifiedAt == nil {
			if due := review.SIRONotificationDueAt(p, inc); !now.Before(due) {
				s.SIROOverdue = append(s.SIROOverdue, SIRORow{Namespace: inc.Namespace, Incident: inc.Name, Severity: inc.Spec.Severity, SIRO: inc.Spec.SIRO, Due: due})
			}
		}
		rca := review.ChooseRCA(rcas, inc)
		phase := review.IncidentPhase(rca, inc, actions)
		if phase == v1alpha1.IncidentClosed {
			continue
		}
		s.Incidents = append(s.Incidents, IncidentRow{
			Namespace: inc.Namespace, Name: inc.Name, Phase: phase, Severity: inc.Spec.Severity, Owner: inc.Spec.Owner,
			Actions: review.CountActions(actions, now), Health: incidentHealth(p, inc, rca, actions, now), detectedAt: inc.Spec.DetectedAt.Time,
		})
	}

	for i := range r.RCAs {
		rca := &r.RCAs[i]
		inc := incidents[types.NamespacedName{Namespace: rca.Namespace, Name: rca.Spec.IncidentRef.Name}]
		if review.RCAPhase(rca, inc) != v1alpha1.RCAAwaitingSignOff {
			continue
		}
		row := RCARow{Namespace: rca.Namespace, Name: rca.Name, Incident: rca.Spec.IncidentRef.Name, Lead: rca.Spec.Lead}
		if due := review.RCADueAt(p, rca, inc); due != nil {
			row.Due = due.Time
			switch {
			case !now.Before(row.Due):
				row.Health = Overdue
			case dueSoon(row.Due):
				row.Health = DueSoon
			}
		}
		s.AwaitingSignOff = append(s.AwaitingSignOff, row)
	}

	sort.SliceStable(s.Incidents, func(i, j int) bool {
		a, b := s.Incidents[i], s.Incidents[j]
		switch {
		case a.Namespace != b.Namespace:
			return a.Namespace < b.Namespace
		case a.Health != b.Health:
			return a.Health > b.Health
		case a.Severity != b.Severity:
			return severityRank[a.Severity] < severityRank[b.Severity]
		case !a.detectedAt.Equal(b.detectedAt):
			return a.detectedAt.Before(b.detectedAt)
		}
		return a.Name < b.Name
	})
	byDue := func(rows []ActionRow) {
		sort.SliceStable(rows, func(i, j int) bool {
			if !rows[i].Due.Equal(rows[j].Due) {
				return rows[i].Due.Before(rows[j].Due)
			}
			return rows[i].Namespace+"/"+rows[i].Name < rows[j].Namespace+"/"+rows[j].Name
		})
	}
	byDue(s.OverdueActions)
	byDue(s.DueSoonActions)
	sort.SliceStable(s.SIROOverdue, func(i, j int) bool {
		if !s.SIROOverdue[i].Due.Equal(s.SIROOverdue[j].Due) {
			return s.SIROOverdue[i].Due.Before(s.SIROOverdue[j].Due)
		}
		return s.SIROOverdue[i].Namespace+"/"+s.SIROOverdue[i].Incident < s.SIROOverdue[j].Namespace+"/"+s.SIROOverdue[j].Incident
	})
	sort.SliceStable(s.AwaitingSignOff, func(i, j int) bool {
		a, b := s.AwaitingSignOff[i], s.AwaitingSignOff[j]
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.Namespace+"/"+a.Name < b.Namespace+"/"+b.Name
	})
	return s
}

// incidentHealth is red when anything of the incident is overdue (an
// action, its analysis, the SIRO notification), yellow when an action, the
// analysis or the SIRO notification falls due within the window, green
// otherwise.
func incidentHealth(p review.Policy, inc *v1alpha1.Incident, rca *v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction, now time.Time) Health {
	var deadlines []time.Time
	for i := range actions {
		if !review.ActionFinished(&actions[i]) {
			deadlines = append(deadlines, actions[i].Spec.DueDate.Time)
		}
	}
	if rca == nil || review.RCAPhase(rca, inc) != v1alpha1.RCASignedOff {
		deadlines = append(deadlines, review.RCADueAt(p, rca, inc).Time)
	}
	if inc.Spec.SIRONotifiedAt == nil {
		deadlines = append(deadlines, review.SIRONotificationDueAt(p, inc))
	}
	h := OnTrack
	for _, d := range deadlines {
		switch {
		case !now.Before(d):
			return Overdue
		case !now.Before(d.Add(-p.DueSoonWindow)):
			h = DueSoon
		}
	}
	return h
}

// StatusView says how to print a summary.
type StatusView struct {
	// Namespace summarised; empty for every namespace (a NAMESPACE column
	// is then added).
	Namespace     string
	DueSoonWindow time.Duration
	Colour        bool
}

// ANSI colours of the rows.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiReset  = "\x1b[0m"
)

var healthColour = map[Health]string{OnTrack: ansiGreen, DueSoon: ansiYellow, Overdue: ansiRed}

// WriteStatus prints the summary as aligned tables, one per section.
func WriteStatus(w io.Writer, s StatusSummary, v StatusView) error {
	var out bytes.Buffer
	where := fmt.Sprintf("namespace %s", v.Namespace)
	if v.Namespace == "" {
		where = "all namespaces"
	}
	fmt.Fprintf(&out, "Incident reviews in %s at %s\n", where, formatClock(s.Now))

	t := v.table(&out)
	t.section(fmt.Sprintf("Open incidents (%d)", len(s.Incidents)), len(s.Incidents) == 0, "none", "NAME", "PHASE", "SEVERITY", "OWNER", "ACTIONS", "OVERDUE")
	for _, r := range s.Incidents {
		t.row(r.Health, r.Namespace, r.Name, string(r.Phase), string(r.Severity), string(r.Owner), r.Actions.Progress, fmt.Sprint(r.Actions.Overdue))
	}
	t.section(fmt.Sprintf("Overdue actions (%d), most overdue first", len(s.OverdueActions)), len(s.OverdueActions) == 0, "none", "NAME", "INCIDENT", "OWNER", "PRIORITY", "DUE", "OVERDUE BY")
	for _, r := range s.OverdueActions {
		t.row(Overdue, r.Namespace, r.Name, r.Incident, string(r.Owner), string(r.Priority), formatClock(r.Due), review.HumanDuration(s.Now.Sub(r.Due)))
	}
	t.section(fmt.Sprintf("Actions due within %s (%d)", formatWindow(v.DueSoonWindow), len(s.DueSoonActions)), len(s.DueSoonActions) == 0, "none", "NAME", "INCIDENT", "OWNER", "PRIORITY", "DUE", "DUE IN")
	for _, r := range s.DueSoonActions {
		t.row(DueSoon, r.Namespace, r.Name, r.Incident, string(r.Owner), string(r.Priority), formatClock(r.Due), review.HumanDuration(r.Due.Sub(s.Now)))
	}
	t.section(fmt.Sprintf("SIRO notification overdue (%d)", len(s.SIROOverdue)), len(s.SIROOverdue) == 0, "none", "INCIDENT", "SEVERITY", "SIRO", "DUE", "OVERDUE BY")
	for _, r := range s.SIROOverdue {
		t.row(Overdue, r.Namespace, r.Incident, string(r.Severity), orNone(string(r.SIRO)), formatClock(r.Due), review.HumanDuration(s.Now.Sub(r.Due)))
	}
	t.section(fmt.Sprintf("Root cause analyses awaiting SIRO sign-off (%d)", len(s.AwaitingSignOff)), len(s.AwaitingSignOff) == 0, "none", "NAME", "INCIDENT", "LEAD", "DUE")
	for _, r := range s.AwaitingSignOff {
		due := "unknown (no incident)"
		if !r.Due.IsZero() {
			due = formatClock(r.Due)
		}
		t.row(r.Health, r.Namespace, r.Name, r.Incident, string(r.Lead), due)
	}
	if err := t.flush(); err != nil {
		return err
	}
	_, err := w.Write(out.Bytes())
	return err
}

// statusTable writes sections of tab-aligned rows. Rows are coloured whole,
// after alignment, so that escape codes never count as column width.
type statusTable struct {
	out           *bytes.Buffer
	colour        bool
	allNamespaces bool
	tw            *tabwriter.Writer
	buf           bytes.Buffer
	colours       []string // per line of buf: the colour, or "" for none
}

func (v StatusView) table(out *bytes.Buffer) *statusTable {
	return &statusTable{out: out, colour: v.Colour, allNamespaces: v.Namespace == ""}
}

// section ends the previous table and starts one with a title and, unless
// it is empty, a header.
func (t *statusTable) section(title string, empty bool, none string, header ...string) {
	_ = t.flush()
	fmt.Fprintf(t.out, "\n%s", title)
	if empty {
		fmt.Fprintf(t.out, ": %s\n", none)
		return
	}
	fmt.Fprintln(t.out)
	t.tw = tabwriter.NewWriter(&t.buf, 0, 8, 3, ' ', 0)
	if t.allNamespaces {
		header = append([]string{"NAMESPACE"}, header...)
	}
	fmt.Fprintln(t.tw, strings.Join(header, "\t"))
	t.colours = append(t.colours, "")
}

// row adds a line; namespace is shown only for every namespace.
func (t *statusTable) row(h Health, namespace string, cells ...string) {
	if t.allNamespaces {
		cells = append([]string{namespace}, cells...)
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
	t.colours = append(t.colours, healthColour[h])
}

func (t *statusTable) flush() error {
	if t.tw == nil {
		return nil
	}
	if err := t.tw.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(t.buf.String(), "\n")
	for i, l := range lines {
		if l == "" {
			continue
		}
		if t.colour && i < len(t.colours) && t.colours[i] != "" {
			l = t.colours[i] + strings.TrimSuffix(l, "\n") + ansiReset + "\n"
		}
		t.out.WriteString(l)
	}
	t.tw, t.colours = nil, nil
	t.buf.Reset()
	return nil
}

// useColour decides whether to colour output: only on a terminal, and
// never with --no-color, NO_COLOR set (https://no-color.org: to anything
// but the empty string) or TERM=dumb.
func useColour(w io.Writer, noColor bool, getenv func(string) string, isTerminal func(io.Writer) bool) bool {
	if noColor || getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// isTerminal tells whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// formatClock renders a time to the minute, in UTC.
func formatClock(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// formatWindow renders a window in whole hours when it is one ("72h").
func formatWindow(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none named)"
	}
	return s
}
