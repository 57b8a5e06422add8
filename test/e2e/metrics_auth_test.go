package e2e

import (
	"crypto/tls"
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// The secure metrics endpoint answers as the API server would: 401 to any
// token it cannot authenticate, 403 to a user without the metrics-reader
// role, the metrics to one with it.
var _ = Describe("The secure metrics endpoint", Serial, func() {
	It("answers 401 to a missing, unknown or malformed token, 403 without the reader role, 200 with it", func() {
		ns := newNamespace("metrics-auth")
		replicas := replaceManager(1, "--metrics-secure")
		mustKubectl("apply", "-f", "config/rbac/metrics_reader_role.yaml")
		token := func(name string) string {
			sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}}
			Expect(k8s.Create(ctx, sa)).To(Succeed())
			req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr.To[int64](600)}}
			Expect(k8s.SubResource("token").Create(ctx, sa, req)).To(Succeed())
			return req.Status.Token
		}
		reader, stranger := token("prometheus"), token("stranger")
		Expect(k8s.Create(ctx, &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: ns + "-prometheus"},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "metrics-reader"},
			Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: "prometheus", Namespace: ns}},
		})).To(Succeed())

		// scrape answers the status of one scrape; g fails it when the
		// endpoint cannot be reached (yet: it serves a moment after ready).
		scrape := func(g Gomega, authorization string) int {
			req, err := http.NewRequest(http.MethodGet, "https://"+replicas[0].MetricsAddr()+"/metrics", nil)
			g.Expect(err).NotTo(HaveOccurred())
			if authorization != "" {
				req.Header.Set("Authorization", authorization)
			}
			// The manager serves a certificate of its own making.
			client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
			res, err := client.Do(req)
			g.Expect(err).NotTo(HaveOccurred())
			defer res.Body.Close()
			return res.StatusCode
		}
		Eventually(func(g Gomega) int { return scrape(g, "Bearer "+reader) }).Should(Equal(http.StatusOK), "the reader scrapes")
		for name, authorization := range map[string]string{
			"no token":               "",
			"an unknown token":       "Bearer " + "c2VjcmV0LXRoYXQtaXMtbm90LWEtdG9rZW4",
			"a malformed token":      "Bearer %%%not-a-token%%%",
			"a token signed by none": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl",
			"not a bearer token":     "Basic YWRtaW46YWRtaW4=",
		} {
			Expect(scrape(Default, authorization)).To(Equal(http.StatusUnauthorized), name)
		}
		Expect(scrape(Default, "Bearer "+stranger)).To(Equal(http.StatusForbidden), "a user without the reader role")
	})
})
