package plugin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/learning"
	"github.com/dspt-lessons/lessons-operator/internal/render"
	"github.com/dspt-lessons/lessons-operator/internal/report"
)

const shareSynopsis = "share (INCIDENT | --report REPORT) --audience AUDIENCE [-n NAMESPACE] [--format markdown|html|json] [-o FILE] [--draft] [--record [--by PERSON] [--how TEXT]]"

const shareDescription = `
A learning pack: what the organisation learned from one incident, or from
every incident in a lessons learned report's scope and period, made fit to
share with an audience inside or outside the organisation (Team, Staff,
Reporter, Board, ICB, CSOC, WARP, Regulator or OtherOrganisation).

A pack carries each incident's type, category, themes and cause
categories, what happened, the lessons learned and its improvement actions
counted by area and state, with times rounded to days (and severity for
an audience inside the organisation). It never carries an e-mail address,
a person's or team's name, a namespace, the incidents of a namespace
labelled lessons.dspt.io/confidential, or a restricted section of an
analysis (cyberAttack.exploitedWeaknesses, investigation): each is left
out or replaced by [withheld], and the pack lists what it withheld.

A pack shares signed-off learning only. --draft shares analyses not yet
signed off too, each marked DRAFT, and the pack DRAFT on every page.

It is Markdown, a self-contained printable HTML page, or JSON (apiVersion
lessons.dspt.io/learning-pack/v1, its schema published as
docs/learning-pack.schema.json), written to standard output or to FILE.
Without --format, a FILE ending in .html or .htm gets HTML, .json JSON,
anything else Markdown.

--record appends to each analysis shared an entry of spec.sharedWith (the
audience, now, --by: your username unless given, --how), once the pack is
written. It first asks the API server whether you may edit each one, and
records nothing unless you may edit them all.

Examples:
  kubectl lessons share phishing-credential-compromise-2026-05 -n northshire-trust --audience Staff
  kubectl lessons share --report financial-year-2026-27 -n northshire-trust --audience ICB -o icb-pack.html --record`

// Formats of a pack beyond the documents'.
const formatJSON = "json"

// shareCommand makes a learning pack.
func shareCommand() Command {
	return Command{
		Name:    "share",
		Summary: "Make a learning pack of one incident or a report's scope for an audience (Markdown, HTML or JSON), withholding names; --record records the sharing",
		Run:     runShare,
	}
}

// shareFlags are the share command's flags.
type shareFlags struct {
	doc           documentFlags
	reportName    string
	audience      string
	draft, record bool
	by, how       string
}

func runShare(ctx context.Context, env *Env, args []string) error {
	var f shareFlags
	fs := newFlagSet("share")
	f.doc.bind(fs, "learning pack")
	fs.StringVar(&f.reportName, "report", "", "share the learning of every incident in the scope and period of LessonsReport `REPORT`")
	fs.StringVar(&f.audience, "audience", "", "who the pack is for: `AUDIENCE`, one of "+audienceList())
	fs.BoolVar(&f.draft, "draft", false, "share analyses not yet signed off too, marked DRAFT")
	fs.BoolVar(&f.record, "record", false, "append the sharing to spec.sharedWith of each analysis shared")
	fs.StringVar(&f.by, "by", "", "with --record, who shared it: a `PERSON` (an e-mail address or team:<name>); default your username")
	fs.StringVar(&f.how, "how", "", "with --record, how it was shared: `TEXT`; default the pack's format and audience")
	usage := usageText{command: "share", synopsis: shareSynopsis, description: shareDescription}
	positional, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	incident, err := f.validate(positional, usage)
	if err != nil {
		return err
	}
	c, ns, err := env.Connect(f.doc.kube)
	if err != nil {
		return err
	}
	now := env.now()
	o := learning.Options{Audience: v1alpha1.Audience(f.audience), Draft: f.draft, Now: now}
	sources, what, err := f.read(ctx, env, c, ns, incident, &o)
	if err != nil {
		return err
	}
	pack := learning.Build(sources, o)
	var rec *sharingRecord
	if f.record {
		if rec, err = f.sharingRecord(ctx, c, pack, now); err != nil {
			return err
		}
	}
	doc, err := renderPack(f.doc.format, pack)
	if err != nil {
		return err
	}
	if err := f.doc.write(env, doc, what); err != nil {
		return err
	}
	if rec != nil {
		return rec.write(ctx, c, env.Stderr)
	}
	return nil
}

// read reads the sources of the pack (the incident named, else the
// report's scope), and names the pack in messages.
func (f *shareFlags) read(ctx context.Context, env *Env, c client.Reader, ns, incident string, o *learning.Options) ([]learning.Source, string, error) {
	if incident != "" {
		sources, err := readIncidentSource(ctx, c, ns, incident, f.draft, o.Now, env.Stderr)
		return sources, fmt.Sprintf("learning pack of incident %q", incident), err
	}
	sources, err := readReportSources(ctx, c, ns, f.reportName, o, o.Now, env.Stderr)
	return sources, fmt.Sprintf("learning pack of lessonsreport %q", f.reportName), err
}

// renderPack renders the pack whole, in the format chosen.
func renderPack(format string, pack *learning.Pack) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case formatHTML:
		err = render.PackHTML(&buf, pack)
	case formatJSON:
		err = render.PackJSON(&buf, pack)
	default:
		err = render.PackMarkdown(&buf, pack)
	}
	return buf.Bytes(), err
}

// validate checks the flags before anything is read, and returns the
// incident named, "" for a report's scope.
func (f *shareFlags) validate(positional []string, u usageText) (string, error) {
	if !slices.Contains(v1alpha1.Audiences(), v1alpha1.Audience(f.audience)) {
		if f.audience == "" {
			return "", u.errorf("--audience is required: one of %s", audienceList())
		}
		return "", u.errorf("unknown --audience %q: use one of %s", f.audience, audienceList())
	}
	var incident string
	switch {
	case len(positional) > 1:
		return "", u.errorf("one incident at a time, got %d names: %s", len(positional), strings.Join(positional, " "))
	case len(positional) == 1 && f.reportName != "":
		return "", u.errorf("name an incident or --report, not both")
	case len(positional) == 1:
		incident = positional[0]
	case f.reportName == "":
		return "", u.errorf("name an incident, or a report with --report")
	}
	if !f.record && (f.by != "" || f.how != "") {
		return "", u.errorf("--by and --how say how a sharing is recorded: add --record")
	}
	if f.by != "" && !personPattern.MatchString(f.by) {
		return "", u.errorf("--by %q must be an e-mail address (name@example.nhs.uk) or a team written as team:<name>", f.by)
	}
	switch {
	case strings.EqualFold(f.doc.format, formatJSON):
		f.doc.format = formatJSON
	case f.doc.format == "" && strings.HasSuffix(strings.ToLower(f.doc.output), ".json"):
		f.doc.format = formatJSON
	default:
		format, err := chooseFormat(f.doc.format, f.doc.output)
		if err != nil {
			return "", u.errorf("unknown --format %q: use markdown, html or json", f.doc.format)
		}
		f.doc.format = format
	}
	return incident, nil
}

// personPattern is the API's rule for a Person.
var personPattern = regexp.MustCompile(`^(team:[A-Za-z0-9]([-A-Za-z0-9._]*[A-Za-z0-9])?|[^@ ]+@[^@ ]+[.][^@ ]+)$`)

func audienceList() string {
	var names []string
	for _, a := range v1alpha1.Audiences() {
		names = append(names, string(a))
	}
	return strings.Join(names, ", ")
}

// readIncidentSource reads one incident's review. It refuses an incident
// of a confidential namespace, or of one whose labels it may not read,
// and, unless a draft is asked for, one whose analysis is not signed off.
func readIncidentSource(ctx context.Context, c client.Reader, ns, name string, draft bool, now time.Time, warn io.Writer) ([]learning.Source, error) {
	inc := &v1alpha1.Incident{}
	if err := getNamed(ctx, c, inc, ns, name, "incident", "Incidents"); err != nil {
		return nil, err
	}
	if err := refuseConfidential(ctx, c, inc.Namespace, "sharing one incident"); err != nil {
		return nil, err
	}
	cs, err := readCase(ctx, c, inc, warn)
	if err != nil {
		return nil, err
	}
	switch phase := cs.RCAPhase(now); {
	case cs.RCA == nil:
		return nil, fmt.Errorf("incident %q has no root cause analysis: there is no learning to share yet", name)
	case phase != v1alpha1.RCASignedOff && !draft:
		return nil, fmt.Errorf("the root cause analysis %q of incident %q is not signed off (%s): kubectl lessons share shares signed-off learning only; add --draft for a pack marked DRAFT on every page", cs.RCA.Name, name, phase)
	}
	return []learning.Source{{Case: cs}}, nil
}

// refuseConfidential refuses to make a pack of a namespace labelled
// confidential, or of one whose labels cannot be read; doing names what
// needs the right to read them.
func refuseConfidential(ctx context.Context, c client.Reader, ns, doing string) error {
	var namespace corev1.Namespace
	if err := c.Get(ctx, client.ObjectKey{Name: ns}, &namespace); err != nil {
		return fmt.Errorf("cannot tell whether namespace %q is confidential (%v): a learning pack never shares a confidential namespace's incidents, so none is made; %s needs the right to get its Namespace", ns, err, doing)
	}
	if report.Confidential(namespace.Labels) {
		return fmt.Errorf("namespace %q is labelled %s=true: its incidents are never shared in a learning pack", ns, report.ConfidentialLabel)
	}
	return nil
}

// readReportSources reads the reviews in a report's scope and period: each
// namespace it may name, and the confidential ones by name alone (never
// read), so that none is named in the pack.
func readReportSources(ctx context.Context, c client.Reader, ns, name string, o *learning.Options, now time.Time, warn io.Writer) ([]learning.Source, error) {
	r, err := getReport(ctx, c, ns, name)
	if err != nil {
		return nil, err
	}
	selector, err := report.Selector(r)
	if err != nil {
		return nil, fmt.Errorf("lessonsreport %q: spec.selector cannot be read: %w", r.Name, err)
	}
	scope, selectorErr, err := report.ScopeOf(r, listNamespaces(ctx, c))
	switch {
	case selectorErr != nil:
		return nil, fmt.Errorf("lessonsreport %q: spec.namespaceSelector cannot be read: %w", r.Name, selectorErr)
	case err != nil:
		return nil, fmt.Errorf("lessonsreport %q is organisation-wide, and its namespaces cannot be listed: %w", r.Name, listError(&cached.ListError{Resource: "namespaces", Err: err}))
	}
	if !scope.OrganisationWide() {
		// A one-namespace report names its namespace's incidents to its
		// own people; a pack leaves the namespace, so its label counts.
		if err := refuseConfidential(ctx, c, r.Namespace, "sharing a one-namespace report's learning"); err != nil {
			return nil, err
		}
	}
	o.From, o.To = report.Period(r, now)
	if r.Spec.Period.To == nil {
		o.To = time.Time{}
	}
	o.Namespaces = append(scope.Sources(), r.Namespace)
	o.People = []v1alpha1.Person{r.Spec.SIRO}
	if r.Spec.SignOff != nil {
		o.People = append(o.People, r.Spec.SignOff.By)
	}
	var sources []learning.Source
	for _, source := range scope.Sources() {
		if !scope.Named(source) {
			o.ConfidentialNamespaces++
			continue
		}
		read, err := readCases(ctx, c, source, selector, warn)
		if err != nil {
			return nil, err
		}
		from, to := report.Period(r, now)
		for _, m := range report.Members(read.cases, from, to) {
			sources = append(sources, learning.Source{Case: m})
		}
	}
	return sources, nil
}

// sharingRecord is what --record appends: one entry, to each analysis
// shared.
type sharingRecord struct {
	entry    v1alpha1.LearningShare
	analyses []types.NamespacedName
}

// sharingRecord settles the entry to record, and checks that the user may
// edit every analysis shared: otherwise nothing is recorded, and no pack
// is written either.
func (f *shareFlags) sharingRecord(ctx context.Context, c client.Client, pack *learning.Pack, now time.Time) (*sharingRecord, error) {
	shared := pack.Shared()
	if len(shared) == 0 {
		return nil, fmt.Errorf("--record: the pack shares no analysis, so there is no sharing to record")
	}
	by := f.by
	if by == "" {
		user, err := whoAmI(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("--record: %w; name who shares it with --by", err)
		}
		if !personPattern.MatchString(user) {
			return nil, fmt.Errorf("--record: your username %q is neither an e-mail address nor team:<name>, as spec.sharedWith[].by must be: name who shares it with --by", user)
		}
		by = user
	}
	how := f.how
	if how == "" {
		how = fmt.Sprintf("Learning pack (%s) for %s, made with kubectl lessons share", f.doc.format, f.audience)
	}
	for _, a := range shared {
		ok, err := mayEdit(ctx, c, a)
		if err != nil {
			return nil, fmt.Errorf("--record: ask whether you may edit rootcauseanalysis %q in namespace %q: %w", a.Name, a.Namespace, err)
		}
		if !ok {
			return nil, fmt.Errorf("--record: you may not edit rootcauseanalysis %q in namespace %q, so the sharing cannot be recorded: nothing was written or recorded (ask for the lessons-edit or lessons-siro role there)", a.Name, a.Namespace)
		}
	}
	entry := v1alpha1.LearningShare{Audience: v1alpha1.Audience(f.audience), At: metav1.NewTime(now.UTC().Truncate(time.Second)),
		By: v1alpha1.Person(by), How: how}
	return &sharingRecord{entry: entry, analyses: shared}, nil
}

// mayEdit asks the API server whether the user may update the analysis.
func mayEdit(ctx context.Context, c client.Client, a types.NamespacedName) (bool, error) {
	for _, verb := range []string{"update", "patch"} {
		r := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
			ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: a.Namespace, Verb: verb,
				Group: v1alpha1.GroupVersion.Group, Resource: "rootcauseanalyses", Name: a.Name}}}
		if err := c.Create(ctx, r); err != nil {
			return false, err
		}
		if !r.Status.Allowed {
			return false, nil
		}
	}
	return true, nil
}

// write appends the entry to each analysis, read afresh (and again on a
// conflict), and says so on out.
func (rec *sharingRecord) write(ctx context.Context, c client.Client, out io.Writer) error {
	for _, a := range rec.analyses {
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			var r v1alpha1.RootCauseAnalysis
			if err := c.Get(ctx, a, &r); err != nil {
				return err
			}
			before := r.DeepCopy()
			r.Spec.SharedWith = append(r.Spec.SharedWith, rec.entry)
			return c.Patch(ctx, &r, client.MergeFromWithOptions(before, client.MergeFromWithOptimisticLock{}))
		})
		if err != nil {
			if apierrors.IsInvalid(err) || apierrors.IsForbidden(err) {
				return fmt.Errorf("record the sharing on rootcauseanalysis %q in namespace %q: the API server refused it: %w", a.Name, a.Namespace, err)
			}
			return fmt.Errorf("record the sharing on rootcauseanalysis %q in namespace %q: %w", a.Name, a.Namespace, err)
		}
		fmt.Fprintf(out, "rootcauseanalysis %s/%s: shared with %s recorded (spec.sharedWith)\n", a.Namespace, a.Name, rec.entry.Audience)
	}
	return nil
}
