// Command kubectl-lessons is the kubectl plugin for the lessons-operator:
// with the binary on PATH, "kubectl lessons report NAME" renders a
// LessonsReport as the lessons learned report a SIRO hands to an auditor.
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
	env := &plugin.Env{Stdout: os.Stdout, Stderr: os.Stderr, Connect: plugin.Connect}
	code := plugin.Main(ctx, env, plugin.Commands(), os.Args[1:])
	stop()
	os.Exit(code)
}
