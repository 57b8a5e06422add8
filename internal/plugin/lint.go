package plugin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/lint"
	"github.com/dspt-lessons/lessons-operator/internal/visible"
)

const lintSynopsis = "lint DIR|FILE... [--strict]"

const lintDescription = `
Validate a Git folder of review YAML offline, before it merges, as the API
server would when it is applied: every lessons.dspt.io object is checked
against the operator's CRD schemas and their CEL rules (unknown fields
included), then across the folder: an RCA or improvement action whose
incidentRef names no Incident in the folder, an Incident with no root cause
analysis, an action with no owner or due date, two RCAs for one incident,
an object defined twice. Objects are matched per namespace; objects with
no metadata.namespace (the GitOps application sets it) share one.

Directories are read recursively (*.yaml and *.yml; files named as
arguments are read whatever their name), every document of a multi-
document file is checked, and documents of other kinds are ignored, as are
the patch files a kustomization.yaml lists.

So that a hostile pull request cannot exhaust the job that lints it, only
regular files are read, at most 5 MiB each and 16 MiB in all, through
symbolic links only when they stay within the folder linted (for a path
named, the folder holding it). A link to a folder found inside is not
followed: that folder is linted under its own name. A device, named pipe
or socket, a bigger file or a link leading out is refused by name, and the
run fails before printing any finding.

Every message starts with file:line. Problems are printed on standard
output; warnings start with "warning:" and fail the run only with
--strict. Exit status: 0 when clean, 1 when something is wrong (a
refused file too), 2 for a wrong invocation.

Examples:
  kubectl lessons lint reviews/
  kubectl lessons lint reviews/northshire-community-trust/phishing-credential-compromise-2025-05/ --strict`

// lintCommand validates YAML files offline.
func lintCommand() Command {
	return Command{
		Name:    "lint",
		Summary: "Validate a folder of review YAML offline (CRD schemas, CEL rules, cross-object rules)",
		Run:     runLint,
	}
}

func runLint(ctx context.Context, env *Env, args []string) error {
	var strict bool
	fs := newFlagSet("lint")
	fs.BoolVar(&strict, "strict", false, "fail on warnings too")
	usage := usageText{command: "lint", synopsis: lintSynopsis, description: lintDescription}
	paths, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usage.errorf("a folder or file to lint is required")
	}
	files, err := lint.FindFiles(paths)
	switch {
	case errors.Is(err, lint.ErrRefused):
		return err // what the folder holds is wrong, not the invocation
	case err != nil:
		return usage.errorf("%v", err)
	}
	res, err := lint.Check(ctx, files, env.now())
	if err != nil {
		return err
	}
	for _, f := range res.Findings {
		fmt.Fprintln(env.Stdout, visible.Line(f.String()))
	}
	errs, warnings := res.Counts()
	summary := fmt.Sprintf("%s and %s in %s (%s)", plural(errs, "error"), plural(warnings, "warning"), plural(res.Objects, "object"), plural(len(files), "file"))
	switch {
	case errs > 0 || (strict && warnings > 0):
		if errs == 0 {
			summary += "; --strict fails on warnings"
		}
		return errors.New(summary)
	case res.Objects == 0:
		warnf(env.Stderr, "no %s objects found in %s", v1alpha1.GroupVersion.Group, strings.Join(paths, " "))
	default:
		fmt.Fprintln(env.Stderr, summary)
	}
	return nil
}

// plural counts what: "1 error", "2 errors".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
