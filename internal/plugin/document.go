package plugin

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// documentCommand is a command that renders one object, named on the
// command line, as a document: Markdown or a self-contained HTML page, to
// standard output or to a file. The report and review commands are two.
type documentCommand struct {
	name, summary, synopsis, description string
	// article and kind name the object in messages: "a", "LessonsReport".
	article, kind string
	// read reads the object name in namespace ns, and whatever else its
	// document shows, and returns the document's renderers.
	read func(ctx context.Context, env *Env, c client.Reader, ns, name string) (renderers, error)
}

// renderers write one document, in each format.
type renderers struct {
	// what names the document's object when it is written to a file.
	what           string
	markdown, html func(io.Writer) error
}

// command is the subcommand.
func (d documentCommand) command() Command {
	return Command{Name: d.name, Summary: d.summary, Run: d.run}
}

func (d documentCommand) run(ctx context.Context, env *Env, args []string) error {
	var flags documentFlags
	fs := newFlagSet(d.name)
	flags.bind(fs, d.name)
	usage := usageText{command: d.name, synopsis: d.synopsis, description: d.description}
	name, err := flags.parse(env, fs, args, usage, d.article, d.kind)
	if err != nil {
		return err
	}
	c, ns, err := env.Connect(flags.kube)
	if err != nil {
		return err
	}
	r, err := d.read(ctx, env, c, ns, name)
	if err != nil {
		return err
	}
	// Rendered whole before anything is written, so a failure writes nothing.
	render := r.markdown
	if flags.format == formatHTML {
		render = r.html
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	return flags.write(env, buf.Bytes(), r.what)
}

// Formats a document is written in.
const (
	formatMarkdown = "markdown"
	formatHTML     = "html"
)

// documentFlags are a document command's flags: the cluster's, --format
// and -o/--output.
type documentFlags struct {
	kube           KubeFlags
	format, output string
}

// bind adds the flags; what names the document in their help.
func (d *documentFlags) bind(fs *flag.FlagSet, what string) {
	d.kube.Bind(fs)
	fs.StringVar(&d.format, "format", "", "output `FORMAT`: markdown (or md) or html (default: html for an -o FILE ending in .html or .htm, else markdown)")
	fs.StringVar(&d.output, "o", "", "shorthand for --output")
	fs.StringVar(&d.output, "output", "", "write the "+what+" to `FILE` instead of standard output")
}

// parse parses a document command's arguments (flags wherever they stand)
// and returns the one name they give, of an object of kind ("LessonsReport",
// after its article "a" in messages). The format is settled here, before
// anything is read from the cluster, so a wrong one is a usage error.
func (d *documentFlags) parse(env *Env, fs *flag.FlagSet, args []string, u usageText, article, kind string) (string, error) {
	positional, err := parseFlags(env, fs, args, u)
	if err != nil {
		return "", err
	}
	switch len(positional) {
	case 0:
		return "", u.errorf("the name of %s %s is required", article, kind)
	case 1:
	default:
		return "", u.errorf("one %s at a time, got %d names: %s", kind, len(positional), strings.Join(positional, " "))
	}
	if d.format, err = chooseFormat(d.format, d.output); err != nil {
		return "", u.errorf("%v", err)
	}
	return positional[0], nil
}

// write writes a rendered document to standard output, or to the output
// file with a line on standard error saying so; what names the object.
func (d documentFlags) write(env *Env, doc []byte, what string) error {
	if d.output == "" || d.output == "-" {
		_, err := env.Stdout.Write(doc)
		return err
	}
	if err := os.WriteFile(d.output, doc, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	fmt.Fprintf(env.Stderr, "%s written to %s (%s)\n", what, d.output, d.format)
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

// readable is an object of ours that may have been stored in a form Go
// cannot read (see v1alpha1's Unreadable).
type readable interface {
	client.Object
	Unreadable() string
}

// getNamed reads one object into obj, with errors that name it and its
// namespace and say what to do. resource names the kind in messages
// ("incident"), kinds in the plural ("Incidents").
func getNamed(ctx context.Context, c client.Reader, obj readable, namespace, name, resource, kinds string) error {
	err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, obj)
	switch {
	case err == nil:
		if why := obj.Unreadable(); why != "" {
			return fmt.Errorf("%s %q in namespace %q cannot be read until it is corrected: %s", resource, name, namespace, why)
		}
		return nil
	case apierrors.IsNotFound(err):
		return fmt.Errorf("%s %q not found in namespace %q", resource, name, namespace)
	case meta.IsNoMatchError(err):
		return fmt.Errorf("the cluster does not know %s (%s): install the operator's CRDs first", kinds, v1alpha1.GroupVersion)
	case apierrors.IsForbidden(err):
		return fmt.Errorf("not allowed to read %s %q in namespace %q: %w", resource, name, namespace, err)
	}
	return fmt.Errorf("get %s %q in namespace %q: %w", resource, name, namespace, err)
}
