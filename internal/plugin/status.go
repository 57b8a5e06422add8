package plugin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"golang.org/x/term"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/internal/visible"
)

const statusSynopsis = "status [-n NAMESPACE | -A] [--due-soon-window DURATION] [--no-color]"

const statusDescription = `
An on-call summary of the incident reviews of a namespace (or of every
namespace with -A): the open incidents with their phase, severity, owner,
action progress and overdue duties; the overdue improvement actions, most
overdue first; the actions due within the due-soon window; the root cause
analyses past their deadline (written or not); the incidents whose SIRO
notification is overdue; the incidents with no decision yet, past its
deadline, whether to report them outside the organisation; the incidents
that must be reported outside the
organisation (to the ICO, say) while the report is owed, and once made
until the incident closes; the root cause analyses awaiting the SIRO's
sign-off; the signed-off analyses whose learning is still to be shared
with staff or the team and with the reporter (--share-within after
sign-off); the LessonsReports past their sign-off deadline; and the
governance cycle: the process reviews (Data Security Standard 5) and
exercises of the response plan (Standard 7) due in the scope of a report
whose period runs, owed by its SIRO. An improvement action raised by a
process review is listed with the others, named review/NAME where an
incident's action names its incident. Every overdue duty listed here is
one the alerts page someone for.

Phases and deadlines are computed from the objects at the current time, by
the operator's own rules, so the summary is right even when the operator
has not run yet. Use the same deadlines as the manager's flags if they
differ from the defaults.

Rows are coloured on a terminal (red: overdue; yellow: due soon; green: on
track), unless --no-color is given or NO_COLOR is set.

Examples:
  kubectl lessons status -n northshire-trust
  kubectl lessons status -A --due-soon-window 168h`

// statusCommand prints the on-call summary.
func statusCommand() Command {
	return Command{
		Name:    "status",
		Summary: "On-call summary: open incidents, overdue and due-soon actions, overdue RCAs, SIRO notifications, external reports, RCAs awaiting sign-off, learning to share, reports past their sign-off deadline, process reviews and exercises due",
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
	policy.BindFlags(fs)
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
	rd := cached.Lists(c)
	reviews, err := rd.Reviews(ctx, ns, nil)
	if err != nil {
		return listError(err)
	}
	reviews, unreadable := reviews.Readable()
	reports, err := rd.Reports(ctx, ns)
	switch {
	case apierrors.IsForbidden(err):
		// The reviews are the on-call view; the reports' sign-offs are
		// the SIRO's, and may be beyond this user.
		warnf(env.Stderr, "the reports' sign-offs are left out: %v", listError(err))
	case err != nil:
		return listError(err)
	}
	for _, r := range reports {
		if why := r.Unreadable(); why != "" {
			unreadable = append(unreadable, review.Unreadable{Kind: "LessonsReport", Namespace: r.Namespace, Name: r.Name, Why: why})
		}
	}
	warnUnreadable(env.Stderr, unreadable)
	now := env.now()
	s := review.Summarise(policy, reviews, report.Duties(policy, reports, now), now)
	view := statusView{Namespace: ns, DueSoonWindow: policy.DueSoonWindow, Colour: useColour(env.Stdout, noColor, os.Getenv, isTerminal)}
	return writeStatus(env.Stdout, s, view)
}

// warnUnreadable names the objects that cannot be read (stored before the
// CRD refused what they hold): each is left out, never a reason to fail
// for everyone.
func warnUnreadable(w io.Writer, unreadable []review.Unreadable) {
	for _, u := range unreadable {
		warnf(w, "%s %s/%s cannot be read and is left out: %s", u.Kind, u.Namespace, u.Name, u.Why)
	}
}

// statusView says how to print a summary.
type statusView struct {
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

var healthColour = map[review.Health]string{review.HealthOnTrack: ansiGreen, review.HealthDueSoon: ansiYellow, review.HealthOverdue: ansiRed}

// writeStatus prints the summary as aligned tables, one per section.
func writeStatus(w io.Writer, s review.OnCall, v statusView) error {
	var out bytes.Buffer
	where := fmt.Sprintf("namespace %s", visible.Line(v.Namespace))
	if v.Namespace == "" {
		where = "all namespaces"
	}
	fmt.Fprintf(&out, "Incident reviews in %s at %s\n", where, formatClock(s.Now))

	t := v.table(&out)
	t.section(fmt.Sprintf("Open incidents (%d)", len(s.Incidents)), len(s.Incidents) == 0, "none", "NAME", "PHASE", "SEVERITY", "OWNER", "ACTIONS", "OVERDUE", "NEXT DUE")
	for _, r := range s.Incidents {
		next := "none"
		if !r.NextDue.IsZero() {
			next = formatClock(r.NextDue)
		}
		t.row(r.Health, r.Namespace, r.Name, string(r.Phase), string(r.Severity), string(r.Owner), r.Actions.Progress, fmt.Sprint(r.Overdue), next)
	}
	t.section(fmt.Sprintf("Overdue actions (%d), most overdue first", len(s.OverdueActions)), len(s.OverdueActions) == 0, "none", "NAME", "INCIDENT", "OWNER", "PRIORITY", "DUE", "OVERDUE BY")
	for _, d := range s.OverdueActions {
		t.row(d.Health, d.Namespace, d.Name, raisedBy(d), string(d.Who), string(d.Action.Spec.Priority), formatClock(d.Due), statuskit.HumanDuration(s.Now.Sub(d.Due)))
	}
	t.section(fmt.Sprintf("Actions due within %s (%d)", formatWindow(v.DueSoonWindow), len(s.DueSoonActions)), len(s.DueSoonActions) == 0, "none", "NAME", "INCIDENT", "OWNER", "PRIORITY", "DUE", "DUE IN")
	for _, d := range s.DueSoonActions {
		t.row(d.Health, d.Namespace, d.Name, raisedBy(d), string(d.Who), string(d.Action.Spec.Priority), formatClock(d.Due), statuskit.HumanDuration(d.Due.Sub(s.Now)))
	}
	t.section(fmt.Sprintf("Overdue root cause analyses (%d), most overdue first", len(s.OverdueRCAs)), len(s.OverdueRCAs) == 0, "none", "NAME", "INCIDENT", "LEAD", "DUE", "OVERDUE BY")
	for _, d := range s.OverdueRCAs {
		t.row(d.Health, d.Namespace, orNotWritten(d.Name), d.Incident, string(d.Who), formatClock(d.Due), statuskit.HumanDuration(s.Now.Sub(d.Due)))
	}
	t.section(fmt.Sprintf("SIRO notification overdue (%d)", len(s.SIROOverdue)), len(s.SIROOverdue) == 0, "none", "INCIDENT", "SEVERITY", "SIRO", "DUE", "OVERDUE BY")
	for _, d := range s.SIROOverdue {
		t.row(d.Health, d.Namespace, d.Incident, string(d.Severity), orNone(string(d.SIRO)), formatClock(d.Due), statuskit.HumanDuration(s.Now.Sub(d.Due)))
	}
	t.section(fmt.Sprintf("Decisions on reporting outside the organisation overdue (%d)", len(s.DecisionsOverdue)), len(s.DecisionsOverdue) == 0, "none", "INCIDENT", "OWNER", "DUE", "OVERDUE BY")
	for _, d := range s.DecisionsOverdue {
		t.row(d.Health, d.Namespace, d.Incident, string(d.Who), formatClock(d.Due), statuskit.HumanDuration(s.Now.Sub(d.Due)))
	}
	t.section(fmt.Sprintf("External reports (%d)", len(s.ExternalReports)), len(s.ExternalReports) == 0, "none required", "INCIDENT", "OWNER", "DUE", "STATE", "REPORTED")
	for _, r := range s.ExternalReports {
		t.row(r.Health, r.Namespace, r.Incident, string(r.Owner), formatClock(r.Due), externalReportState(r, s.Now), externalReportMade(r.Report))
	}
	t.section(fmt.Sprintf("Root cause analyses awaiting SIRO sign-off (%d)", len(s.AwaitingSignOff)), len(s.AwaitingSignOff) == 0, "none", "NAME", "INCIDENT", "LEAD", "DUE")
	for _, d := range s.AwaitingSignOff {
		due := "unknown (no incident)"
		if !d.Due.IsZero() {
			due = formatClock(d.Due)
		}
		t.row(d.Health, d.Namespace, d.Name, d.Incident, string(d.Who), due)
	}
	t.section(fmt.Sprintf("Learning to share with staff and the reporter (%d)", len(s.LearningToShare)), len(s.LearningToShare) == 0, "none", "ANALYSIS", "INCIDENT", "LEAD", "DUE", "STATE")
	for _, d := range s.LearningToShare {
		state := "due in " + statuskit.HumanDuration(d.Due.Sub(s.Now))
		if d.Overdue() {
			state = "overdue by " + statuskit.HumanDuration(s.Now.Sub(d.Due))
		}
		t.row(d.Health, d.Namespace, d.Name, d.Incident, string(d.Who), formatClock(d.Due), state)
	}
	t.section(fmt.Sprintf("Reports past their sign-off deadline (%d)", len(s.OverdueReports)), len(s.OverdueReports) == 0, "none", "NAME", "SIRO", "DUE", "OVERDUE BY")
	for _, d := range s.OverdueReports {
		t.row(d.Health, d.Namespace, d.Name, orNone(string(d.SIRO)), formatClock(d.Due), statuskit.HumanDuration(s.Now.Sub(d.Due)))
	}
	t.section(fmt.Sprintf("Governance cycle: process reviews and exercises due (%d), most overdue first", len(s.GovernanceDue)), len(s.GovernanceDue) == 0, "none", "REPORT", "DUE", "SIRO", "DUE SINCE", "OVERDUE BY")
	for _, d := range s.GovernanceDue {
		t.row(d.Health, d.Namespace, d.Name, governanceDuty[d.Kind], orNone(string(d.SIRO)), formatClock(d.Due), statuskit.HumanDuration(s.Now.Sub(d.Due)))
	}
	if err := t.flush(); err != nil {
		return err
	}
	_, err := w.Write(out.Bytes())
	return err
}

// governanceDuty names what a report's scope owes in its annual cycle.
var governanceDuty = map[review.DutyKind]string{
	review.DutyProcessReview: "process review (DSS 5)",
	review.DutyExercise:      "exercise (DSS 7)",
}

// raisedBy names what raised an action owed: its incident, or
// review/<name> for an action a process review raised.
func raisedBy(d review.Duty) string {
	if d.ProcessReview != "" {
		return "review/" + d.ProcessReview
	}
	return d.Incident
}

// externalReportState says where an external report stands: due in how
// long, overdue by how long, or made on time or late.
func externalReportState(r review.ExternalReportRow, now time.Time) string {
	switch r.Standing {
	case v1alpha1.ReasonDeadlineMissed:
		return "overdue by " + statuskit.HumanDuration(now.Sub(r.Due))
	case v1alpha1.ReasonReported:
		return "reported on time"
	case v1alpha1.ReasonReportedLate:
		return "reported late"
	}
	return "due in " + statuskit.HumanDuration(r.Due.Sub(now))
}

// externalReportMade names the first report: to whom, its reference and
// when; "-" while none is recorded.
func externalReportMade(r *v1alpha1.ExternalReport) string {
	if r == nil {
		return "-"
	}
	ref := ""
	if r.Reference != "" {
		ref = " " + r.Reference
	}
	return fmt.Sprintf("%s%s, %s", r.Authority, ref, formatClock(r.ReportedAt.Time))
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

func (v statusView) table(out *bytes.Buffer) *statusTable {
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

// row adds a line; namespace is shown only for every namespace. Each cell
// is shown as one line: a tab or line break in it, or an escape sequence,
// could otherwise move the columns, start a row or clear the screen.
func (t *statusTable) row(h review.Health, namespace string, cells ...string) {
	if t.allNamespaces {
		cells = append([]string{namespace}, cells...)
	}
	for i, c := range cells {
		cells[i] = visible.Line(c)
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

// orNotWritten names an analysis, or says that none is written yet.
func orNotWritten(name string) string {
	if name == "" {
		return "(not written)"
	}
	return name
}

func orNone(s string) string {
	if s == "" {
		return "(none named)"
	}
	return s
}
