# lessons-operator: post-incident reviews as Kubernetes resources.

# Image to build and deploy.
IMG ?= ghcr.io/dspt-lessons/lessons-operator:latest

# The version the binaries print with --version: the Git tag, else the
# commit, marked -dirty for uncommitted changes.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS ?= -X github.com/dspt-lessons/lessons-operator/internal/version.Version=$(VERSION)

# The release `make release` cuts. The one place its version is written
# down: a test fails until the CHANGELOG, the chart, the krew manifest and
# the README name it too.
RELEASE_VERSION ?= v0.2.0
# Where `make release` writes the release.
DIST ?= dist

# Tool versions, pinned.
CONTROLLER_TOOLS_VERSION ?= v0.23.0
HELM_VERSION ?= v3.22.0

# The envtest control plane, built from the Go module proxy and cached
# outside the repository (the setup-envtest store layout).
ENVTEST_K8S_VERSION ?= 1.36.3
ENVTEST_ETCD_VERSION ?= 3.6.16
ENVTEST_STORE ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/kubebuilder-envtest
KUBEBUILDER_ASSETS ?= $(ENVTEST_STORE)/k8s/$(ENVTEST_K8S_VERSION)-$(shell go env GOOS)-$(shell go env GOARCH)
export KUBEBUILDER_ASSETS

LOCALBIN ?= $(CURDIR)/bin
CONTROLLER_GEN ?= $(LOCALBIN)/controller-gen
HELM ?= $(LOCALBIN)/helm

SHELL = /usr/bin/env bash -o pipefail
.SHELLFLAGS = -ec

.PHONY: all
all: build

##@ General

.PHONY: help
help: ## Show the targets.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make \033[36m<target>\033[0m\n"} /^[a-zA-Z_0-9-]+:.*?##/ { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) } ' $(MAKEFILE_LIST)

##@ Development

.PHONY: manifests
manifests: controller-gen ## Generate CRDs and RBAC from the API types and markers.
	$(CONTROLLER_GEN) rbac:roleName=manager-role crd:allowDangerousTypes=false paths="./..." output:crd:artifacts:config=config/crd/bases

.PHONY: generate
generate: controller-gen ## Generate deepcopy code.
	$(CONTROLLER_GEN) object:headerFile="hack/boilerplate.go.txt" paths="./api/..."

.PHONY: fmt
fmt: ## gofmt the code.
	gofmt -w $$(git ls-files '*.go')

.PHONY: vet
vet: ## go vet the code.
	go vet ./...

.PHONY: docs
docs: manifests ## Write docs/reference.md (events, conditions, metrics, alerts, printer columns, manager flags) from the code.
	go run ./hack/docs -o docs/reference.md

.PHONY: verify
verify: manifests generate docs ## Fail when generated files or formatting are stale.
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	@test -z "$$(git status --porcelain -- api config docs/reference.md)" || { git status --porcelain -- api config docs/reference.md; git diff -- api config docs/reference.md; echo "generated files are stale: run 'make manifests generate docs' and commit"; exit 1; }

.PHONY: test
test: manifests generate vet envtest chromium alerting helm ## Run every test: unit, envtest suites, alert rules, the Helm chart and e2e against a local control plane.
	go test ./... -count=1 -timeout 15m

# The suites that start a manager: their tests write specs while the
# manager writes statuses, so a write that does not retry on a conflict, or
# a spec that leans on another's leftovers, fails only now and then.
MANAGER_SUITES ?= ./internal/controller ./test/upgrade ./test/e2e ./test/alerting

.PHONY: test-races
test-races: envtest chromium alerting ## Run the suites that start a manager once more, every spec in a random order (the seed is printed), as CI does after `make test`: a test that races the manager shows here before it fails main at random.
	seed=$${GINKGO_SEED:-$$(( $$(date +%s) % 100000 ))}; echo "specs in random order, seed $$seed (again: make test-races GINKGO_SEED=$$seed)"; \
	go test $(MANAGER_SUITES) -count=1 -timeout 20m -args -ginkgo.randomize-all -ginkgo.seed=$$seed

.PHONY: test-docs
test-docs: envtest ## Run every shell block of README.md and docs/*.md against a local control plane with the samples applied (a block marked <!-- docs-test: skip (why) --> is not run).
	go test ./test/docs -count=1 -v

.PHONY: test-unit
test-unit: ## Run the tests that need no control plane and no browser.
	LESSONS_SKIP_BROWSER=1 go test ./api/... ./internal/review/... ./internal/report/... ./internal/metrics/... ./internal/render/... ./internal/lint/... ./internal/plugin/... ./internal/learning/... -count=1

.PHONY: bench
bench: envtest ## Run the benchmarks: the pure roll-up, then the real manager against a local control plane.
	go test ./internal/... -run '^$$' -bench . -benchmem -count=1
	go build -o bin/manager ./cmd
	go run ./test/bench --manager bin/manager $(BENCH_ARGS)

# How many inputs `make fuzz` tries per fuzz target. A count rather than a
# duration: Go 1.26's fuzz coordinator can report a spurious "context deadline
# exceeded" failure when a duration runs out (golang/go#75804).
FUZZTIME ?= 20000x

.PHONY: fuzz
fuzz: ## Run each fuzz target for FUZZTIME executions (20000x); a failing input is saved under testdata/fuzz. `go test` runs the seeds.
	go test ./internal/review -run '^$$' -fuzz '^FuzzComputeAction$$' -fuzztime $(FUZZTIME)
	go test ./internal/review -run '^$$' -fuzz '^FuzzComputeRCA$$' -fuzztime $(FUZZTIME)
	go test ./internal/review -run '^$$' -fuzz '^FuzzComputeIncident$$' -fuzztime $(FUZZTIME)
	go test ./internal/report -run '^$$' -fuzz '^FuzzRollUp$$' -fuzztime $(FUZZTIME)
	go test ./internal/report -run '^$$' -fuzz '^FuzzComputeReport$$' -fuzztime $(FUZZTIME)
	go test ./api/v1alpha1 -run '^$$' -fuzz '^FuzzRoundTrip$$' -fuzztime $(FUZZTIME)
	go test ./internal/learning -run '^$$' -fuzz '^FuzzRedactor$$' -fuzztime $(FUZZTIME)
	go test ./test/crosscheck -run '^$$' -fuzz '^FuzzEvidenceSurvives$$' -fuzztime $(FUZZTIME)

.PHONY: envtest
envtest: ## Build (once) and cache kube-apiserver, etcd and kube-controller-manager for envtest.
	@ENVTEST_K8S_VERSION=$(ENVTEST_K8S_VERSION) ENVTEST_ETCD_VERSION=$(ENVTEST_ETCD_VERSION) ENVTEST_STORE=$(ENVTEST_STORE) hack/envtest/build-control-plane.sh >/dev/null
	@echo "KUBEBUILDER_ASSETS=$(KUBEBUILDER_ASSETS)"

.PHONY: demo
demo: envtest ## Tell the DSPT lessons-learned story on a local control plane, narrated (DEMO_HOLD=0: tell it and exit, failing if a step does not happen).
	hack/demo.sh

##@ Build

.PHONY: build
build: manifests generate ## Build the manager and the kubectl-lessons plugin binaries.
	go build -ldflags "$(LDFLAGS)" -o bin/manager ./cmd
	go build -ldflags "$(LDFLAGS)" -o bin/kubectl-lessons ./cmd/kubectl-lessons

.PHONY: run
run: manifests generate ## Run the manager against the current kubeconfig.
	go run ./cmd

.PHONY: docker-build
docker-build: ## Build the manager image (needs a container engine).
	docker build --build-arg VERSION=$(VERSION) -t $(IMG) .

##@ Deployment

.PHONY: install
install: manifests ## Install the CRDs into the current cluster.
	kubectl apply --server-side -k config/crd

.PHONY: uninstall
uninstall: manifests ## Remove the CRDs (and every review with them!) from the current cluster.
	kubectl delete -k config/crd

.PHONY: deploy
deploy: manifests ## Deploy the operator (image IMG) into the current cluster.
	kubectl kustomize config/default | sed 's|ghcr.io/dspt-lessons/lessons-operator:latest|$(IMG)|' | kubectl apply --server-side -f -


.PHONY: build-installer
build-installer: manifests ## Write dist/install.yaml: the CRDs, RBAC, admission policies and manager of config/default, with the image IMG.
	mkdir -p dist
	kubectl kustomize config/default | sed 's|ghcr.io/dspt-lessons/lessons-operator:latest|$(IMG)|' >dist/install.yaml
	@grep -q 'image: $(IMG)$$' dist/install.yaml || { echo "dist/install.yaml: the image was not set to $(IMG)"; exit 1; }
	@echo "wrote dist/install.yaml for $(IMG)"

.PHONY: release
release: manifests helm ## Write the release RELEASE_VERSION into dist/: install.yaml, the chart, the plugin for every platform, the krew manifest lessons.yaml and SHA256SUMS; then check that all of them agree.
	RELEASE_VERSION=$(RELEASE_VERSION) DIST=$(DIST) HELM=$(HELM) hack/release.sh
	LESSONS_RELEASE_DIST=$(abspath $(DIST)) go test ./test/release -count=1

.PHONY: helm-lint
helm-lint: helm ## Lint the Helm chart.
	$(HELM) lint charts/lessons-operator --strict

##@ Tools

$(LOCALBIN):
	mkdir -p $(LOCALBIN)

.PHONY: controller-gen
controller-gen: $(CONTROLLER_GEN)-$(CONTROLLER_TOOLS_VERSION) ## Install controller-gen into bin/.
$(CONTROLLER_GEN)-$(CONTROLLER_TOOLS_VERSION): | $(LOCALBIN)
	GOBIN=$(LOCALBIN) go install sigs.k8s.io/controller-tools/cmd/controller-gen@$(CONTROLLER_TOOLS_VERSION)
	touch $@

.PHONY: alerting
alerting: ## Install Debian's Prometheus and Alertmanager (when missing) for the alert rule and routing tests and the end-to-end alerting suite, which run the binaries directly.
	@for t in promtool prometheus amtool prometheus-alertmanager; do command -v $$t >/dev/null 2>&1 || missing=1; done; [ -z "$$missing" ] || { \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends prometheus prometheus-alertmanager; }

.PHONY: helm
helm: $(HELM)-$(HELM_VERSION) ## Build Helm into bin/ from the Go module proxy (the chart tests run it).
$(HELM)-$(HELM_VERSION): | $(LOCALBIN)
	GOBIN=$(LOCALBIN) CGO_ENABLED=0 go install -ldflags "-X helm.sh/helm/v3/internal/version.version=$(HELM_VERSION)" helm.sh/helm/v3/cmd/helm@$(HELM_VERSION)
	touch $@

.PHONY: chromium
chromium: ## Install Debian's Chromium (when missing) for the report's headless-browser test.
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium; }
