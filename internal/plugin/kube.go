package plugin

import (
	"flag"
	"fmt"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// KubeFlags choose the cluster and namespace, as kubectl's flags do.
type KubeFlags struct {
	Kubeconfig string
	Context    string
	Namespace  string
	// As and AsGroups impersonate a user, as kubectl's --as and
	// --as-group do.
	As       string
	AsGroups groupList
}

// groupList is a flag that may be given more than once.
type groupList []string

func (g *groupList) String() string { return strings.Join(*g, ",") }

func (g *groupList) Set(v string) error {
	*g = append(*g, v)
	return nil
}

// Bind adds -n/--namespace, --kubeconfig and --context to a command.
func (k *KubeFlags) Bind(fs *flag.FlagSet) {
	fs.StringVar(&k.Namespace, "n", "", "shorthand for --namespace")
	fs.StringVar(&k.Namespace, "namespace", "", "the `NAMESPACE` of the object (default: the kubeconfig context's)")
	fs.StringVar(&k.Kubeconfig, "kubeconfig", "", "the kubeconfig `FILE` (default: $KUBECONFIG, then ~/.kube/config)")
	fs.StringVar(&k.Context, "context", "", "the kubeconfig `CONTEXT` to use (default: the current context)")
	fs.StringVar(&k.As, "as", "", "act as `USER`, as kubectl's --as does (the kubeconfig's user must be allowed to impersonate)")
	fs.Var(&k.AsGroups, "as-group", "with --as, act as a member of `GROUP`; may be repeated")
}

// newScheme knows the lessons.dspt.io kinds, and SelfSubjectReview (who am I).
func newScheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(s); err != nil {
		return nil, err
	}
	if err := authenticationv1.AddToScheme(s); err != nil {
		return nil, err
	}
	// An organisation-wide report's register lists namespaces.
	if err := corev1.AddToScheme(s); err != nil {
		return nil, err
	}
	// share --record asks whether the user may edit each analysis.
	if err := authorizationv1.AddToScheme(s); err != nil {
		return nil, err
	}
	return s, nil
}

// resolve loads the kubeconfig the way kubectl does (--kubeconfig, else
// $KUBECONFIG, else ~/.kube/config; in a pod, the service account) and
// returns the REST config and the namespace: the flag's, else the
// context's, else "default".
func resolve(k KubeFlags) (*rest.Config, string, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = k.Kubeconfig
	overrides := &clientcmd.ConfigOverrides{CurrentContext: k.Context}
	if k.Namespace != "" {
		overrides.Context.Namespace = k.Namespace
	}
	overrides.AuthInfo.Impersonate, overrides.AuthInfo.ImpersonateGroups = k.As, k.AsGroups
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, "", kubeconfigError(err)
	}
	ns, _, err := cc.Namespace()
	if err != nil {
		return nil, "", kubeconfigError(err)
	}
	return cfg, ns, nil
}

func kubeconfigError(err error) error {
	if clientcmd.IsEmptyConfig(err) {
		return fmt.Errorf("no kubeconfig found: pass --kubeconfig, set $KUBECONFIG, or create ~/.kube/config")
	}
	return fmt.Errorf("load kubeconfig: %w", err)
}

// Connect is the Env.Connect of the real command: a controller-runtime
// client for the cluster the kubeconfig chooses.
func Connect(k KubeFlags) (client.Client, string, error) {
	cfg, ns, err := resolve(k)
	if err != nil {
		return nil, "", err
	}
	cfg.UserAgent = "kubectl-lessons"
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	scheme, err := newScheme()
	if err != nil {
		return nil, "", err
	}
	c, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return nil, "", fmt.Errorf("connect to the cluster: %w", err)
	}
	return c, ns, nil
}
