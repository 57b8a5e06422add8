// Package metricsauth guards the metrics endpoint with the API server's
// own authentication and authorisation, answering as the API server does.
package metricsauth

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authentication/authenticatorfactory"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	authenticationv1 "k8s.io/client-go/kubernetes/typed/authentication/v1"
	authorizationv1 "k8s.io/client-go/kubernetes/typed/authorization/v1"
	"k8s.io/client-go/rest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// reviewBackoff retries a TokenReview or SubjectAccessReview the API
// server failed to answer, for about five seconds.
var reviewBackoff = wait.Backoff{Duration: 500 * time.Millisecond, Factor: 1.5, Jitter: 0.2, Steps: 5}

// Filter authenticates the bearer token of each request with a
// TokenReview and authorises its verb on the path with a
// SubjectAccessReview, caching both answers briefly. Like the API server,
// it answers 401 to a token it cannot authenticate, whatever the reason (no
// token, an unknown, expired or malformed one: the TokenReview's verdict is
// logged, never shown), 403 to a user who may not read the path, and 500
// only when the API server cannot say whether the user may.
func Filter(config *rest.Config, httpClient *http.Client) (metricsserver.Filter, error) {
	tokens, err := authenticationv1.NewForConfigAndClient(config, httpClient)
	if err != nil {
		return nil, err
	}
	access, err := authorizationv1.NewForConfigAndClient(config, httpClient)
	if err != nil {
		return nil, err
	}
	authenticator, _, err := authenticatorfactory.DelegatingAuthenticatorConfig{
		Anonymous:                &apiserver.AnonymousAuthConfig{Enabled: false},
		CacheTTL:                 time.Minute,
		TokenAccessReviewClient:  tokens,
		TokenAccessReviewTimeout: 10 * time.Second,
		WebhookRetryBackoff:      &reviewBackoff,
	}.New()
	if err != nil {
		return nil, fmt.Errorf("the metrics authenticator: %w", err)
	}
	authz, err := authorizerfactory.DelegatingAuthorizerConfig{
		SubjectAccessReviewClient: access,
		AllowCacheTTL:             5 * time.Minute,
		DenyCacheTTL:              30 * time.Second,
		WebhookRetryBackoff:       &reviewBackoff,
	}.New()
	if err != nil {
		return nil, fmt.Errorf("the metrics authorizer: %w", err)
	}
	return func(log logr.Logger, next http.Handler) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			res, ok, err := authenticator.AuthenticateRequest(req)
			if err != nil || !ok {
				log.V(4).Info("a metrics request was not authenticated", "reason", err)
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
				return
			}
			user := res.User.GetName()
			decision, reason, err := authz.Authorize(req.Context(), authorizer.AttributesRecord{
				User: res.User, Verb: strings.ToLower(req.Method), Path: req.URL.Path,
			})
			switch {
			case err != nil:
				log.Error(err, "could not decide whether a user may read the metrics", "user", user)
				http.Error(w, "Authorization for user "+user+" could not be decided", http.StatusInternalServerError)
			case decision != authorizer.DecisionAllow:
				log.V(4).Info("a metrics request was forbidden", "user", user, "reason", reason)
				http.Error(w, "Forbidden: user "+user+" may not "+strings.ToLower(req.Method)+" "+req.URL.Path, http.StatusForbidden)
			default:
				next.ServeHTTP(w, req)
			}
		}), nil
	}, nil
}
