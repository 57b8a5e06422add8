// Command kubectl-lessons is the kubectl plugin for the lessons-operator.
// With the binary on PATH, kubectl runs it as "kubectl lessons":
//
//   - status: the on-call summary of open incidents and what is overdue;
//   - sign-off: the SIRO approves, sends back or withdraws a sign-off;
//   - report: a LessonsReport as the report a SIRO hands to an auditor;
//   - lint: a Git folder of review YAML checked offline, for CI;
//   - new: a review object to fill in, with the DSPT guidance as comments.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/dspt-lessons/lessons-operator/internal/plugin"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &plugin.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Connect: plugin.Connect}
	code := plugin.Main(ctx, env, plugin.Commands(), os.Args[1:])
	stop()
	os.Exit(code)
}
