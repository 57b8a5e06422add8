// Package plugin is the kubectl lessons command: a small dispatcher over
// subcommands, each with its own flag set and in its own file, and the
// shared handling of kubeconfig, namespace and errors.
package plugin

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/internal/version"
	"github.com/dspt-lessons/lessons-operator/internal/visible"
)

// pluginName is how users invoke the plugin: kubectl finds the
// kubectl-lessons binary on PATH and runs it for "kubectl lessons".
const pluginName = "kubectl lessons"

// Env is what a command may touch: its output streams and the cluster.
type Env struct {
	// Stdin is read by commands that take "-" for a file; nil reads
	// nothing.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Connect returns a client for the cluster the flags choose, and the
	// namespace to use (the flag's, else the kubeconfig context's).
	Connect func(KubeFlags) (client.Client, string, error)
	// Now is the clock; nil means the system clock. Tests fix it.
	Now func() time.Time
}

// now reads the environment's clock.
func (e *Env) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

// Command is one subcommand. To add one, write a function returning its
// Command in a file of its own and list it in Commands.
type Command struct {
	Name    string
	Summary string // one line for the command list
	// Run parses args (everything after the command's name) with a flag
	// set of its own and does the work. It returns a usage error
	// (usageText.errorf) for a wrong invocation and flag.ErrHelp when
	// help was asked for.
	Run func(ctx context.Context, env *Env, args []string) error
}

// Commands lists the subcommands, in the order help shows them.
func Commands() []Command {
	return []Command{
		statusCommand(),
		signOffCommand(),
		reportCommand(),
		reviewCommand(),
		shareCommand(),
		lintCommand(),
		newCommand(),
	}
}

// usageError is a wrong invocation: Main prints the message and the
// command's synopsis, and the exit code is 2.
type usageError struct {
	message string
	usage   usageText
}

func (e *usageError) Error() string { return e.message }

// Main runs the command args name and returns the process exit code: 0 on
// success and for help, 1 when the work failed, 2 for a wrong invocation.
func Main(ctx context.Context, env *Env, commands []Command, args []string) int {
	if len(args) == 0 {
		usage(env.Stderr, commands)
		return 2
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && name == "help" {
			if c := find(commands, rest[0]); c != nil {
				return Main(ctx, env, commands, []string{c.Name, "-h"})
			}
			fmt.Fprintf(env.Stderr, "error: unknown command %q\n\n", rest[0])
			usage(env.Stderr, commands)
			return 2
		}
		usage(env.Stdout, commands)
		return 0
	case "version", "--version":
		fmt.Fprintln(env.Stdout, "kubectl-lessons "+version.String())
		return 0
	}
	c := find(commands, name)
	if c == nil {
		fmt.Fprintf(env.Stderr, "error: unknown command %q\n\n", name)
		usage(env.Stderr, commands)
		return 2
	}
	err := c.Run(ctx, env, rest)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "error: %s\nUsage: %s %s\nRun '%s %s -h' for help.\n", visible.Text(ue.message), pluginName, ue.usage.synopsis, pluginName, ue.usage.command)
		return 2
	}
	fmt.Fprintf(env.Stderr, "error: %s\n", visible.Text(err.Error()))
	return 1
}

func find(commands []Command, name string) *Command {
	for i := range commands {
		if commands[i].Name == name {
			return &commands[i]
		}
	}
	return nil
}

func usage(w io.Writer, commands []Command) {
	fmt.Fprintf(w, "%s: post-incident reviews and lessons learned (DSPT D2) from the command line.\n\n", pluginName)
	fmt.Fprintf(w, "Usage:\n  %s <command> [arguments] [flags]\n\nCommands:\n", pluginName)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintf(w, "  %-10s %s\n", "help", "Show this help, or a command's ("+pluginName+" help report)")
	fmt.Fprintf(w, "  %-10s %s\n", "version", "Print the plugin's version (also --version)")
	fmt.Fprintf(w, "\nRun '%s <command> -h' for a command's flags.\n", pluginName)
}

// newFlagSet makes a command's flag set: parse errors and -h are returned
// to the command, never printed or exited on by the flag package.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(pluginName+" "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses a command's arguments; -h prints the command's usage
// to stdout and returns flag.ErrHelp, a bad flag returns a usage error.
func parseFlags(env *Env, fs *flag.FlagSet, args []string, u usageText) ([]string, error) {
	positional, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		u.write(env.Stdout, fs)
		return nil, err
	}
	if err != nil {
		return nil, u.errorf("%v", err)
	}
	return positional, nil
}

// shorthands are the one-letter aliases of long flags, as kubectl has them.
var shorthands = map[string]string{"namespace": "n", "output": "o", "all-namespaces": "A"}

// usageText is a command's help: its name, synopsis and description.
type usageText struct {
	command, synopsis, description string
}

// errorf makes a usage error for the command.
func (u usageText) errorf(format string, args ...any) error {
	return &usageError{message: fmt.Sprintf(format, args...), usage: u}
}

// write writes the command's synopsis, description and flags, the flags
// in kubectl's style: "-n, --namespace NAMESPACE".
func (u usageText) write(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage:\n  %s %s\n\n%s\n\nFlags:\n", pluginName, u.synopsis, strings.TrimSpace(u.description))
	short := map[string]bool{}
	for _, s := range shorthands {
		short[s] = true
	}
	fs.VisitAll(func(f *flag.Flag) {
		if short[f.Name] {
			return
		}
		value, help := flag.UnquoteUsage(f)
		names := "    --" + f.Name
		if s, ok := shorthands[f.Name]; ok && fs.Lookup(s) != nil {
			names = "-" + s + ", --" + f.Name
		}
		if value != "" {
			names += " " + value
		}
		fmt.Fprintf(w, "  %s\n        %s\n", names, help)
	})
}

// parseInterspersed parses flags wherever they stand among the positional
// arguments ("report NAME -n ns" as well as "report -n ns NAME"), as
// kubectl users expect; everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional, after []string
	for i, a := range args {
		if a == "--" {
			args, after = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	return append(positional, after...), nil
}
