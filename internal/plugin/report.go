package plugin

import (
	"context"
	"fmt"
	"io"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/render"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

const reportSynopsis = "report NAME [-n NAMESPACE] [--format markdown|html] [-o FILE]"

const reportDescription = `
Render the LessonsReport NAME as the lessons learned report a SIRO hands to
an auditor as DSPT D2 evidence: Markdown, or a self-contained, printable
HTML page with charts. It is written to standard output, or to FILE.
Without --format, a FILE ending in .html or .htm gets HTML, anything else
Markdown.

The report's action register lists every improvement action of the
period's incidents that is open, overdue or had its deadline extended,
read from the cluster now. For an organisation-wide report
(spec.namespaceSelector) it is read from every selected namespace you may
read, except those labelled lessons.dspt.io/confidential: "true", whose
actions are counted in the figures but never named; it needs the right to
list namespaces.

Examples:
  kubectl lessons report fy-2026-27 -n northshire-trust
  kubectl lessons report fy-2026-27 -o fy-2026-27.html`

// reportCommand renders a LessonsReport.
func reportCommand() Command {
	return documentCommand{
		name: "report", summary: "Render a LessonsReport as the lessons learned report (Markdown or HTML)",
		synopsis: reportSynopsis, description: reportDescription,
		article: "a", kind: "LessonsReport", read: readReport,
	}.command()
}

// readReport reads the LessonsReport and what its action register lists.
func readReport(ctx context.Context, env *Env, c client.Reader, ns, name string) (renderers, error) {
	r, err := getReport(ctx, c, ns, name)
	if err != nil {
		return renderers{}, err
	}
	if !computed(r) {
		warnf(env.Stderr, "lessonsreport %q in namespace %q has not been computed by the operator yet (its status is empty): the report shows no figures. Is the operator running?", r.Name, r.Namespace)
	}
	reg, err := readRegister(ctx, c, r, env.now(), env.Stderr)
	if err != nil {
		return renderers{}, err
	}
	return renderers{
		what:     fmt.Sprintf("lessonsreport %q", r.Name),
		markdown: func(w io.Writer) error { return render.Markdown(w, r, reg) },
		html:     func(w io.Writer) error { return render.HTML(w, r, reg) },
	}, nil
}

// getReport reads a LessonsReport, with errors that say what to do.
func getReport(ctx context.Context, c client.Reader, namespace, name string) (*v1alpha1.LessonsReport, error) {
	r := &v1alpha1.LessonsReport{}
	if err := getNamed(ctx, c, r, namespace, name, "lessonsreport", "LessonsReports"); err != nil {
		return nil, err
	}
	return r, nil
}

// computed tells whether the operator has written the report's figures.
func computed(r *v1alpha1.LessonsReport) bool { return r.Status.Incidents != nil }

// readRegister reads what the report's action register is drawn from: the
// incidents its selector chooses that were detected in its period as at
// now, with their actions, in each namespace the register reads (see
// registerNamespaces). A selector that cannot be read leaves the register
// out, as the operator leaves out the figures. A namespace of an
// organisation-wide report that the reader may not list is left out and
// named in the document, rather than failing the whole report.
func readRegister(ctx context.Context, c client.Reader, r *v1alpha1.LessonsReport, now time.Time, warn io.Writer) (render.Register, error) {
	selector, err := report.Selector(r)
	if err != nil {
		warnf(warn, "lessonsreport %q: spec.selector cannot be read (%v): the action register is left out", r.Name, err)
		return render.Register{}, nil
	}
	namespaces, ok, err := registerNamespaces(ctx, c, r, warn)
	if !ok || err != nil {
		return render.Register{}, err
	}
	reg := render.Register{AsAt: now, Namespace: r.Namespace}
	var cases []review.Case
	for _, ns := range namespaces {
		in, err := readCases(ctx, c, ns, selector, warn)
		if err != nil && report.OrganisationWide(r) && apierrors.IsForbidden(err) {
			warnf(warn, "%v: the action register leaves out namespace %q", err, ns)
			reg.Unread = append(reg.Unread, ns)
			continue
		}
		if err != nil {
			return render.Register{}, err
		}
		cases = append(cases, in...)
	}
	from, to := report.Period(r, now)
	reg.Members = report.Members(cases, from, to)
	return reg, nil
}

// readCases reads a namespace's incidents that the selector chooses, with
// their actions, leaving out (with a warning) what cannot be read.
func readCases(ctx context.Context, c client.Reader, ns string, selector labels.Selector, warn io.Writer) ([]review.Case, error) {
	return readCasesOf(ctx, c, ns, selector, false, warn)
}

// readCasesOf is readCases, with the incidents' analyses too when asked.
func readCasesOf(ctx context.Context, c client.Reader, ns string, selector labels.Selector, analyses bool, warn io.Writer) ([]review.Case, error) {
	rd := cached.Lists(c)
	var all review.Reviews
	var err error
	if all.Incidents, err = rd.Incidents(ctx, ns, selector); err != nil {
		return nil, listError(err)
	}
	if analyses {
		if all.RCAs, err = rd.RCAs(ctx, ns); err != nil {
			return nil, listError(err)
		}
	}
	if all.Actions, err = rd.Actions(ctx, ns); err != nil {
		return nil, listError(err)
	}
	reviews, unreadable := all.Readable()
	warnUnreadable(warn, unreadable)
	return reviews.Cases(), nil
}
