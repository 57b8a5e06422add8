#!/usr/bin/env bash
# make demo: a local control plane, the CRDs, the manager, the samples and an
# action that goes overdue while you watch. Ctrl-C stops everything.
#   DEMO_HOLD=0 make demo   shows the demo and exits instead of waiting.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_DIR=${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/lessons-demo.XXXXXX")}
KUBECONFIG_PATH="$DEMO_DIR/kubeconfig"
NS=community-health-trust
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
k() { kubectl --kubeconfig "$KUBECONFIG_PATH" "$@"; }

say "Building the manager and the local control plane runner"
go build -o bin/manager ./cmd
go build -o bin/localcluster ./hack/localcluster

say "Starting a local control plane (kube-apiserver and etcd) with the CRDs installed"
bin/localcluster --write-kubeconfig "$KUBECONFIG_PATH" >"$DEMO_DIR/control-plane.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do [[ -s "$KUBECONFIG_PATH" ]] && break; sleep 0.5; done
[[ -s "$KUBECONFIG_PATH" ]] || { echo "the control plane did not start; see $DEMO_DIR/control-plane.log"; exit 1; }
k get crd -o name | grep lessons.dspt.io

say "Starting the manager (logs: $DEMO_DIR/manager.log)"
bin/manager --kubeconfig "$KUBECONFIG_PATH" --metrics-bind-address=0 --health-probe-bind-address=127.0.0.1:0 \
  >"$DEMO_DIR/manager.log" 2>&1 &
pids+=($!)

say "Applying the samples: a phishing-led credential compromise, its RCA, three actions, more of the year and a report"
k create namespace "$NS" >/dev/null
k apply -n "$NS" -k config/samples

due=$(date -u -d '+20 seconds' +%Y-%m-%dT%H:%M:%SZ)
say "Applying an action due at $due (in 20 seconds)"
k apply -n "$NS" -f - <<YAML
apiVersion: lessons.dspt.io/v1alpha1
kind: ImprovementAction
metadata:
  name: revoke-stale-vpn-accounts
spec:
  incidentRef:
    name: phishing-credential-compromise-2026-05
  title: Revoke VPN accounts unused for 90 days
  area: SystemConfiguration
  priority: High
  owner: team:infrastructure
  dueDate: $due
YAML

sleep 3
say "kubectl get lessons"
k get lessons -n "$NS"

say "Waiting for the deadline to pass..."
sleep 20
say "kubectl get lessons"
k get lessons -n "$NS"
say "kubectl get events"
k get events -n "$NS" --sort-by=.metadata.creationTimestamp

cat <<MSG

The operator is running. Explore with:

  export KUBECONFIG=$KUBECONFIG_PATH
  kubectl get lessons -n $NS
  kubectl describe incident -n $NS
  kubectl explain incident.spec

MSG
if [[ "${DEMO_HOLD:-1}" != 0 ]]; then
  echo "Press Ctrl-C to stop."
  wait "${pids[0]}"
fi
