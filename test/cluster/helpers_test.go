package cluster_test

import (
	. "github.com/onsi/gomega"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// kubectl runs kubectl as the administrator and returns its combined
// output, failing the spec when it fails.
func kubectl(args ...string) string {
	out, err := testenv.Kubectl(kubeconfig, args...)
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "kubectl %v:\n%s", args, out)
	return out
}

// newNamespace creates a namespace with a unique name, with kubectl.
func newNamespace(base string) string {
	name := testenv.UniqueName(base)
	kubectl("create", "namespace", name)
	return name
}

// impersonate returns a client that acts as user, in groups, through the
// administrator's credentials, as `kubectl --as` does.
func impersonate(user string, groups ...string) client.Client {
	cfg := rest.CopyConfig(env.Config)
	cfg.Impersonate = rest.ImpersonationConfig{UserName: user, Groups: groups}
	c, err := client.New(cfg, client.Options{Scheme: testenv.Scheme})
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return c
}

// stillStored fails g unless obj is stored and not being deleted.
func stillStored(g Gomega, obj client.Object) {
	stored := obj.DeepCopyObject().(client.Object)
	g.ExpectWithOffset(1, admin.Get(ctx, client.ObjectKeyFromObject(obj), stored)).To(Succeed(), "%T %s is gone", obj, obj.GetName())
	g.ExpectWithOffset(1, stored.GetDeletionTimestamp()).To(BeNil(), "%T %s is being deleted", obj, obj.GetName())
}
