# shellcheck shell=bash
# Kueue in the sandbox, sourced by sandbox/bin/sandbox (uses its STATE, BIN,
# PORT_BASE, MANIFESTS, kc, kubeconfig, cluster_dir, start_bg, wait_ready,
# running, stop_bg and log_tail). Kueue's manager (built from its module by
# build-binaries.sh) runs once, for the GPU cluster, against its
# kube-apiserver:
# - no leader election (one manager per cluster, nothing restarts it);
# - webhooks: the manager serves them (on 127.0.0.1, with a self-signed
#   certificate made here) but no webhook configuration is registered, so
#   the apiserver never calls them. Kueue then neither suspends new Jobs nor
#   validates its own objects: the simulator creates its Jobs suspended with
#   the kueue.x-k8s.io/queue-name label, and manageJobsWithoutQueueName is
#   false, so Jobs without the label run straight away, as before;
# - the visibility API (visibility.kueue.x-k8s.io: pending workloads and
#   their positions) is served by the manager on 127.0.0.1 and reached by the
#   apiserver's aggregator through an APIService, as prometheus-adapter's;
# - the metrics, webhook and visibility servers share one self-signed
#   certificate (build-binaries.sh points the first and last at the webhook's
#   certDir);
# - integrations: batch/job only. kubeflow.org/pytorchjob needs the Training
#   Operator's CRD and controller, which the sandbox does not run.

KUEUE_CLUSTER=sandbox-east # the one cluster with GPU nodes
KUEUE_NAMESPACE=kueue-system

kueue_port() { # kueue_port health|metrics|webhook|visibility
  case "$1" in
    health) echo $((PORT_BASE + 30)) ;;
    metrics) echo $((PORT_BASE + 31)) ;;
    webhook) echo $((PORT_BASE + 32)) ;;
    visibility) echo $((PORT_BASE + 33)) ;;
    *) die "unknown Kueue port $1" ;;
  esac
}

kueue_ports() { # "PORT description" lines, for all_ports
  local p
  for p in health metrics webhook visibility; do echo "$(kueue_port "$p") $KUEUE_CLUSTER kueue-$p"; done
}

write_kueue_config() { # write_kueue_config DIR
  local d="$1"
  mkdir -p "$d/webhook-certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=kueue-webhook \
    -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$d/webhook-certs/tls.key" -out "$d/webhook-certs/tls.crt" >/dev/null 2>&1 ||
    die "openssl could not make Kueue's webhook certificate"
  cat >"$d/config.yaml" <<YAML
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
namespace: $KUEUE_NAMESPACE
manageJobsWithoutQueueName: false
health:
  healthProbeBindAddress: 127.0.0.1:$(kueue_port health)
metrics:
  bindAddress: 127.0.0.1:$(kueue_port metrics)
webhook:
  host: 127.0.0.1
  port: $(kueue_port webhook)
  certDir: $d/webhook-certs
leaderElection:
  leaderElect: false
internalCertManagement:
  enable: false
integrations:
  frameworks: [batch/job]
resources:
  excludeResourcePrefixes: [nvidia.com/mig-]
visibilityServer:
  bindAddress: 127.0.0.1
  bindPort: $(kueue_port visibility)
YAML
}

start_kueue() {
  local c="$KUEUE_CLUSTER" d health
  d="$(cluster_dir "$c")/kueue" health="$(kueue_port health)"
  write_kueue_config "$d"
  kc "$c" create namespace "$KUEUE_NAMESPACE" >/dev/null
  start_bg "kueue-$c" "$BIN/kueue-controller" --kubeconfig "$(kubeconfig "$c")" \
    --config "$d/config.yaml" --zap-log-level=info
  wait_ready "kueue-$c" "http://127.0.0.1:$health/readyz" 90
  # The teams' namespaces as the simulator makes them, so their LocalQueues
  # can be made now.
  local ns
  for ns in fraud-ml recsys nlp-llm; do
    kc "$c" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $ns
  labels: { team: $ns, app.kubernetes.io/managed-by: mlops-sandbox, mlops-sandbox/managed: 'true' }
YAML
  done
  kc "$c" apply -f "$MANIFESTS/kueue-queues.yaml" >/dev/null
  sed "s/VISIBILITY_PORT/$(kueue_port visibility)/" "$MANIFESTS/kueue-visibility-api.yaml" | kc "$c" apply -f - >/dev/null
  kc "$c" wait --for=condition=Available --timeout=60s apiservice/v1beta2.visibility.kueue.x-k8s.io >/dev/null || {
    log_tail "$STATE/logs/kueue-$c.log"
    die "Kueue's visibility API in $c did not become Available; log: $STATE/logs/kueue-$c.log"
  }
  kc "$c" wait --for=condition=Active --timeout=60s clusterqueue --all >/dev/null || {
    log_tail "$STATE/logs/kueue-$c.log"
    die "Kueue's ClusterQueues in $c did not become Active; log: $STATE/logs/kueue-$c.log"
  }
}

kueue_healthy() {
  running "kueue-$KUEUE_CLUSTER" &&
    curl -fs -o /dev/null --max-time 3 "http://127.0.0.1:$(kueue_port health)/readyz"
}

stop_kueue() { stop_bg "kueue-$KUEUE_CLUSTER"; }
