package plugin

import (
	"context"
	"fmt"
	"io"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/render"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

const reviewSynopsis = "review INCIDENT [-n NAMESPACE] [--format markdown|html] [-o FILE]"

const reviewDescription = `
Render one incident's review as the evidence document DSPT D2 asks for
("reports and findings from root cause analysis investigations"): the
incident's facts, whether the SIRO was told and the incident reported
outside the organisation in time, and its related incidents (with their
titles and phases); its root cause
analysis, every section, with the SIRO's sign-off and whether it still
stands; its improvement actions with their original and agreed deadlines,
the extensions agreed and why, their tickets and evidence; and its
timeline. What the records do not hold is shown as "not recorded". People
are named only in their accountable roles, as the records name them.

It is Markdown, or a self-contained, printable HTML page in the style of
the lessons learned report, written to standard output or to FILE.
Without --format, a FILE ending in .html or .htm gets HTML, anything else
Markdown. Phases and deadlines are judged now.

Examples:
  kubectl lessons review phishing-credential-compromise-2025-05 -n northshire-trust
  kubectl lessons review phishing-credential-compromise-2025-05 -o review.html`

// reviewCommand renders one incident's evidence document.
func reviewCommand() Command {
	return documentCommand{
		name: "review", summary: "Render one incident's review (incident, RCA, sign-off, actions, timeline) as evidence (Markdown or HTML)",
		synopsis: reviewSynopsis, description: reviewDescription,
		article: "an", kind: "Incident", read: readReview,
	}.command()
}

// readReview reads the incident, its analysis and its actions.
func readReview(ctx context.Context, env *Env, c client.Reader, ns, name string) (renderers, error) {
	inc := &v1alpha1.Incident{}
	if err := getNamed(ctx, c, inc, ns, name, "incident", "Incidents"); err != nil {
		return renderers{}, err
	}
	if inc.Status.ObservedGeneration == 0 {
		warnf(env.Stderr, "incident %q in namespace %q has not been seen by the operator yet (its status is empty): whether the SIRO was told in time, and the timeline, show as not recorded. Is the operator running?", inc.Name, inc.Namespace)
	}
	cs, err := readCase(ctx, c, inc, env.Stderr)
	if err != nil {
		return renderers{}, err
	}
	related := readRelated(ctx, c, inc, env.Stderr)
	now := env.now()
	return renderers{
		what:     fmt.Sprintf("review of incident %q", inc.Name),
		markdown: func(w io.Writer) error { return render.ReviewMarkdown(w, cs, now, related...) },
		html:     func(w io.Writer) error { return render.ReviewHTML(w, cs, now, related...) },
	}, nil
}

// readRelated reads the incidents the incident names as related, for
// their titles and phases. One that does not exist is named alone in the
// document, which says so; one that cannot be read is named alone too,
// and the reader is told why: neither stops the document.
func readRelated(ctx context.Context, c client.Reader, inc *v1alpha1.Incident, warn io.Writer) []v1alpha1.Incident {
	var out []v1alpha1.Incident
	for _, name := range inc.Spec.RelatedIncidents {
		var r v1alpha1.Incident
		switch err := c.Get(ctx, client.ObjectKey{Namespace: inc.Namespace, Name: name}, &r); {
		case err == nil:
			out = append(out, r)
		case !apierrors.IsNotFound(err):
			warnf(warn, "related incident %q cannot be read, so it is named alone: %v", name, err)
		}
	}
	return out
}

// readCase reads the analyses and actions that name the incident. When
// several analyses do, the one that speaks for the incident is shown (the
// core's choice, as the operator makes it), and the reader is told.
func readCase(ctx context.Context, c client.Reader, inc *v1alpha1.Incident, warn io.Writer) (review.Case, error) {
	rd := cached.Lists(c)
	all := review.Reviews{Incidents: []*v1alpha1.Incident{inc}}
	var err error
	if all.RCAs, err = rd.RCAs(ctx, inc.Namespace); err != nil {
		return review.Case{}, listError(err)
	}
	if all.Actions, err = rd.Actions(ctx, inc.Namespace); err != nil {
		return review.Case{}, listError(err)
	}
	reviews, unreadable := all.Readable()
	warnUnreadable(warn, unreadable)
	cs := reviews.Cases()[0]
	var names []string
	for _, r := range reviews.RCAs {
		if r.Spec.IncidentRef.Name == inc.Name {
			names = append(names, r.Name)
		}
	}
	if len(names) > 1 {
		warnf(warn, "%d root cause analyses name incident %q (%s): the review shows %s, the one that speaks for the incident", len(names), inc.Name, strings.Join(names, ", "), cs.RCA.Name)
	}
	return cs, nil
}
