// Command localcluster runs a local control plane (kube-apiserver and etcd,
// as built by `make envtest`) with the operator's CRDs installed, writes an
// administrator kubeconfig, and runs until interrupted. `make demo` uses it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

func main() {
	kubeconfig := flag.String("write-kubeconfig", "kubeconfig", "Where to write the administrator kubeconfig.")
	flag.Parse()
	if err := run(*kubeconfig); err != nil {
		fmt.Fprintln(os.Stderr, "localcluster:", err)
		os.Exit(1)
	}
}

func run(kubeconfig string) error {
	env, err := testenv.Start()
	if err != nil {
		return err
	}
	defer func() { _ = env.Stop() }()
	if err := env.WriteAdminKubeconfig(kubeconfig); err != nil {
		return err
	}
	fmt.Printf("control plane at %s; kubeconfig written to %s\n", env.Config.Host, kubeconfig)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	fmt.Println("stopping the control plane")
	return nil
}
