package plugin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/render"
)

const reportSynopsis = "report NAME [-n NAMESPACE] [--format markdown|html] [-o FILE]"

const reportDescription = `
Render the LessonsReport NAME as the lessons learned report a SIRO hands to
an auditor as DSPT D2 evidence: Markdown, or a self-contained, printable
HTML page with charts. It is written to standard output, or to FILE.
Without --format, a FILE ending in .html or .htm gets HTML, anything else
Markdown.

Examples:
  kubectl lessons report fy-2026-27 -n northshire-trust
  kubectl lessons report fy-2026-27 -o fy-2026-27.html`

// reportCommand renders a LessonsReport.
func reportCommand() Command {
	return Command{
		Name:    "report",
		Summary: "Render a LessonsReport as the lessons learned report (Markdown or HTML)",
		Run:     runReport,
	}
}

// Formats the report command writes.
const (
	formatMarkdown = "markdown"
	formatHTML     = "html"
)

func runReport(ctx context.Context, env *Env, args []string) error {
	var kube KubeFlags
	var format, output string
	fs := newFlagSet("report")
	kube.Bind(fs)
	fs.StringVar(&format, "format", "", "output `FORMAT`: markdown or html (default: html for an -o FILE ending in .html or .htm, else markdown)")
	fs.StringVar(&output, "o", "", "shorthand for --output")
	fs.StringVar(&output, "output", "", "write the report to `FILE` instead of standard output")
	usage := usageText{command: "report", synopsis: reportSynopsis, description: reportDescription}
	positional, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	switch len(positional) {
	case 0:
		return usage.errorf("the name of a LessonsReport is required")
	case 1:
	default:
		return usage.errorf("one LessonsReport at a time, got %d names: %s", len(positional), strings.Join(positional, " "))
	}
	format, err = chooseFormat(format, output)
	if err != nil {
		return usage.errorf("%v", err)
	}

	c, ns, err := env.Connect(kube)
	if err != nil {
		return err
	}
	r, err := getReport(ctx, c, ns, positional[0])
	if err != nil {
		return err
	}
	if !computed(r) {
		fmt.Fprintf(env.Stderr, "warning: lessonsreport %q in namespace %q has not been computed by the operator yet (its status is empty): the report shows no figures. Is the operator running?\n", r.Name, r.Namespace)
	}
	var buf bytes.Buffer
	if err := renderReport(&buf, r, format); err != nil {
		return err
	}
	if output == "" || output == "-" {
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	fmt.Fprintf(env.Stderr, "lessonsreport %q written to %s (%s)\n", r.Name, output, format)
	return nil
}

// chooseFormat settles the output format: the flag's, else the output
// file's extension, else Markdown.
func chooseFormat(format, output string) (string, error) {
	switch strings.ToLower(format) {
	case formatMarkdown, "md":
		return formatMarkdown, nil
	case formatHTML:
		return formatHTML, nil
	case "":
		switch strings.ToLower(filepath.Ext(output)) {
		case ".html", ".htm":
			return formatHTML, nil
		}
		return formatMarkdown, nil
	}
	return "", fmt.Errorf("unknown --format %q: use markdown or html", format)
}

// getReport reads a LessonsReport, with errors that say what to do.
func getReport(ctx context.Context, c client.Reader, namespace, name string) (*v1alpha1.LessonsReport, error) {
	r := &v1alpha1.LessonsReport{}
	err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, r)
	switch {
	case err == nil:
		return r, nil
	case apierrors.IsNotFound(err):
		return nil, fmt.Errorf("lessonsreport %q not found in namespace %q", name, namespace)
	case meta.IsNoMatchError(err):
		return nil, fmt.Errorf("the cluster does not know LessonsReports (%s): install the operator's CRDs first", v1alpha1.GroupVersion)
	case apierrors.IsForbidden(err):
		return nil, fmt.Errorf("not allowed to read lessonsreport %q in namespace %q: %w", name, namespace, err)
	}
	return nil, fmt.Errorf("get lessonsreport %q in namespace %q: %w", name, namespace, err)
}

// computed tells whether the operator has written the report's figures.
func computed(r *v1alpha1.LessonsReport) bool { return r.Status.Incidents != nil }

// renderReport writes the report in a format.
func renderReport(w io.Writer, r *v1alpha1.LessonsReport, format string) error {
	switch format {
	case formatHTML:
		return render.HTML(w, r)
	case formatMarkdown:
		return render.Markdown(w, r)
	}
	return fmt.Errorf("unknown format %q: use markdown or html", format)
}
