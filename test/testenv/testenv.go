// Package testenv starts the local control plane (kube-apiserver and etcd,
// built by `make envtest`) with the operator's CRDs installed, once per test
// suite, and kube-controller-manager beside it for the suites that need it.
// It holds what every suite does with it: create, re-read and update
// objects, name them uniquely, read their conditions and events, render the
// kustomize trees under config/, install the shipped policies and roles,
// write manifests and run kubectl and the pinned Helm against it.
package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	lessonsv1alpha1 "github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Scheme knows the built-in kinds, CustomResourceDefinitions and the
// operator's kinds.
var Scheme = newScheme()

// Codecs decodes YAML into the kinds of Scheme.
var Codecs = serializer.NewCodecFactory(Scheme)

func newScheme() *k8sruntime.Scheme {
	s := k8sruntime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		panic(err)
	}
	if err := apiextensionsv1.AddToScheme(s); err != nil {
		panic(err)
	}
	if err := lessonsv1alpha1.AddToScheme(s); err != nil {
		panic(err)
	}
	return s
}

// RepoRoot is the repository's top directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Env is a running control plane with the CRDs installed.
type Env struct {
	*envtest.Environment
	Config *rest.Config
	Client client.Client
	// controllerManagers are stopped with the control plane.
	controllerManagers []*ControllerManager
}

// Start starts the control plane. KUBEBUILDER_ASSETS must point at the
// binaries `make envtest` builds; `make test` sets it.
func Start() (*Env, error) { return StartWith() }

// StartWith starts the control plane as Start does, changed by opts.
func StartWith(opts ...Option) (*Env, error) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		return nil, errNoAssets
	}
	env := &envtest.Environment{
		CRDDirectoryPaths:     []string{filepath.Join(RepoRoot(), "config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
	}
	for _, opt := range opts {
		opt(env)
	}
	return start(env)
}

// Option changes how the control plane starts.
type Option func(*envtest.Environment)

// APIServerFlag sets a kube-apiserver flag (without its leading dashes).
func APIServerFlag(name, value string) Option {
	return func(env *envtest.Environment) {
		env.ControlPlane.GetAPIServer().Configure().Set(name, value)
	}
}

// StartWithoutCRDs starts the control plane with no CRDs installed, for
// tests that install them as users do: with Helm, or an older release's
// CRDs before an upgrade. Env.Client knows the operator's kinds all the
// same; it reaches them once their CRDs are in.
func StartWithoutCRDs() (*Env, error) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		return nil, errNoAssets
	}
	return start(&envtest.Environment{})
}

var errNoAssets = errors.New("KUBEBUILDER_ASSETS is not set: run the tests with `make test` (it builds the control plane with `make envtest`)")

func start(env *envtest.Environment) (*Env, error) {
	cfg, err := env.Start()
	if err != nil {
		return nil, fmt.Errorf("starting the control plane: %w", err)
	}
	c, err := client.New(cfg, client.Options{Scheme: Scheme})
	if err != nil {
		_ = env.Stop()
		return nil, err
	}
	return &Env{Environment: env, Config: cfg, Client: c}, nil
}

// Stop stops the controller managers started with StartControllerManager,
// then the control plane.
func (e *Env) Stop() error {
	var errs []error
	for _, m := range e.controllerManagers {
		errs = append(errs, m.Stop())
	}
	return errors.Join(append(errs, e.Environment.Stop())...)
}

// AdminKubeconfig returns a kubeconfig for a cluster administrator
// (system:masters), for kubectl and for a manager run as a process.
func (e *Env) AdminKubeconfig() ([]byte, error) {
	user, err := e.AddUser(envtest.User{Name: "lessons-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	return user.KubeConfig()
}

// WriteAdminKubeconfig writes AdminKubeconfig to path, readable by the owner only.
func (e *Env) WriteAdminKubeconfig(path string) error {
	data, err := e.AdminKubeconfig()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}
