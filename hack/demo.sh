#!/usr/bin/env bash
# make demo: the DSPT "lessons learned" story in about two minutes, on a
# local control plane with the admission policies and roles config/default
# installs. An incident is detected and the SIRO told; its root cause
# analysis is submitted; an engineer's approval is refused; the SIRO
# approves; an action goes overdue (event and gauge); the LessonsReport
# rolls it up; the review and report documents are written.
#   DEMO_HOLD=0 make demo   tells the story and exits (as CI runs it),
#                           failing if any step of the story does not happen.
# Portable to macOS: no GNU-only date, sed or readlink options.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_DIR=${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/lessons-demo.XXXXXX")}
DEMO_HOLD=${DEMO_HOLD:-1}
METRICS_PORT=${DEMO_METRICS_PORT:-18080}
KUBECONFIG_PATH="$DEMO_DIR/kubeconfig"
NS=northshire-community-trust
ENGINEER=amira.hussain@example.nhs.uk
SIRO=siro@example.nhs.uk
pids=()

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "Stopping the manager and the control plane..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped. Logs are in $DEMO_DIR"
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# run shows a command as the reader would type it, then runs it.
run() {
  if [[ "$1" == k ]]; then printf '$ kubectl %s\n' "${*:2}"; else printf '$ %s\n' "$*"; fi
  "$@"
}
fail() { echo "demo: $*" >&2; exit 1; }
k() { kubectl --kubeconfig "$KUBECONFIG_PATH" "$@"; }
# until CMD...: retries a check for up to 60 seconds.
until_ok() { for _ in $(seq 1 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done; "$@"; }
phase_is() { [[ "$(k get "$1" -n "$NS" -o jsonpath='{.status.phase}')" == "$2" ]]; }

say "Building the manager, the kubectl plugin and the local control plane runner"
go build -o bin/manager ./cmd
go build -o bin/kubectl-lessons ./cmd/kubectl-lessons
go build -o bin/localcluster ./hack/localcluster
export PATH="$PWD/bin:$PATH"

say "Starting a local control plane (kube-apiserver and etcd) with the CRDs installed"
bin/localcluster --write-kubeconfig "$KUBECONFIG_PATH" >"$DEMO_DIR/control-plane.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do [[ -s "$KUBECONFIG_PATH" ]] && break; sleep 0.5; done
[[ -s "$KUBECONFIG_PATH" ]] || fail "the control plane did not start; see $DEMO_DIR/control-plane.log"
export KUBECONFIG="$KUBECONFIG_PATH"

say "Installing the admission policies and the roles, as config/default does"
k create namespace system >/dev/null # where config/admission keeps its parameters
k apply -k config/admission >/dev/null
k apply -f config/rbac/lessons_edit_role.yaml -f config/rbac/lessons_siro_role.yaml >/dev/null
k create namespace "$NS" >/dev/null
k create rolebinding engineer -n "$NS" --clusterrole=lessons-edit --user="$ENGINEER" >/dev/null
k create rolebinding siro -n "$NS" --clusterrole=lessons-siro --user="$SIRO" >/dev/null
echo "The engineer $ENGINEER may edit reviews in $NS; the SIRO $SIRO may sign them off."

say "Starting the manager (logs: $DEMO_DIR/manager.log)"
bin/manager --kubeconfig "$KUBECONFIG_PATH" --metrics-bind-address="127.0.0.1:$METRICS_PORT" \
  --health-probe-bind-address=127.0.0.1:0 >"$DEMO_DIR/manager.log" 2>&1 &
pids+=($!)

say "1. An incident is detected, and the SIRO told within the hour"
echo "A discharge summary went to the wrong GP practice two hours ago. The engineer records it,"
echo "with its root cause analysis already written and submitted, and two improvement actions,"
echo "the first due in 25 seconds (kubectl lessons new --example writes it all, true today):"
kubectl lessons new --example --due-in 25s -n "$NS" >"$DEMO_DIR/incident.yaml"
INC=$(awk '/^  name: /{print $2; exit}' "$DEMO_DIR/incident.yaml")
run k apply --as "$ENGINEER" -f "$DEMO_DIR/incident.yaml"
until_ok phase_is "incident/$INC" AwaitingSignOff || fail "the incident did not wait for the SIRO's sign-off"
run k get incidents -n "$NS"

say "2. The root cause analysis is submitted: it waits for the SIRO"
run k get rootcauseanalyses -n "$NS"

say "3. The engineer tries to approve it: the admission policy refuses"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
approval="{\"spec\":{\"signOff\":{\"decision\":\"Approved\",\"by\":\"$ENGINEER\",\"at\":\"$now\"}}}"
# A policy is in force a moment after it is created.
refused() { ! k --as "$ENGINEER" patch rootcauseanalysis "$INC" -n "$NS" --type=merge -p "$approval" --dry-run=server; }
until_ok refused || fail "the sign-off policy is not in force"
printf '$ kubectl --as %s patch rootcauseanalysis %s ...\n' "$ENGINEER" "$INC"
if out=$(k --as "$ENGINEER" patch rootcauseanalysis "$INC" -n "$NS" --type=merge -p "$approval" 2>&1); then
  fail "an engineer approved an analysis: $out"
fi
echo "$out"

say "4. The SIRO reads it and approves"
run kubectl lessons review "$INC" -n "$NS" --format html -o "$DEMO_DIR/review.html"
approval="{\"spec\":{\"signOff\":{\"decision\":\"Approved\",\"by\":\"$SIRO\",\"at\":\"$now\",\"comment\":\"Reviewed with the IG lead.\"}}}"
run k --as "$SIRO" patch rootcauseanalysis "$INC" -n "$NS" --type=merge -p "$approval"
until_ok phase_is "incident/$INC" Remediating || fail "the incident did not move to Remediating"
run k get incidents -n "$NS"

say "5. An action goes overdue: a Warning event, and a gauge the alerts page its owner with"
echo "Waiting for $INC-autocomplete's deadline..."
until_ok phase_is "improvementaction/$INC-autocomplete" Overdue || fail "the action did not go overdue"
run k get improvementactions -n "$NS"
run k get events -n "$NS" --field-selector reason=ActionOverdue
printf '$ curl -s http://127.0.0.1:%s/metrics | grep lessons_action_overdue_seconds\n' "$METRICS_PORT"
gauge=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | grep '^lessons_action_overdue_seconds' || true)
[[ -n "$gauge" ]] || fail "no lessons_action_overdue_seconds series"
echo "$gauge"

say "6. The LessonsReport rolls the year up"
year=$(date -u +%Y)
k apply --as "$ENGINEER" -n "$NS" -f - >/dev/null <<YAML
apiVersion: lessons.dspt.io/v1alpha1
kind: LessonsReport
metadata:
  name: calendar-year-$year
spec:
  period:
    from: "$year-01-01T00:00:00Z"
  siro: $SIRO
YAML
until_ok test -n "$(k get lessonsreport "calendar-year-$year" -n "$NS" -o jsonpath='{.status.incidents.total}')" ||
  fail "the report was not rolled up"
run k get lessonsreports -n "$NS"
run kubectl lessons report "calendar-year-$year" -n "$NS" --format html -o "$DEMO_DIR/report.html"

say "The evidence"
echo "The incident's review:  $DEMO_DIR/review.html"
echo "The lessons report:     $DEMO_DIR/report.html"
echo "The on-call view:"
run kubectl lessons status -n "$NS"

if [[ "$DEMO_HOLD" == "0" ]]; then
  exit 0
fi
cat <<MSG

The operator is running. Explore with:

  export KUBECONFIG=$KUBECONFIG_PATH
  kubectl get lessons -n $NS
  kubectl describe incident $INC -n $NS
  kubectl lessons status -n $NS

Press Ctrl-C to stop.
MSG
while true; do sleep 3600; done
