// A sample of the fleet answer's rows against what Prometheus and the
// apiservers say: traffic, error ratio and p95 by PromQL written the way the
// template's rules write it, evaluated at the answer's own instant, and
// ready/desired replicas by kubectl. Prints one line per service and exits
// 1 when one differs.
// Usage: node bench/lib/fleet-sample.mjs FLEET_JSON N
// (MLOPS_PROMETHEUS_URL and MLOPS_SANDBOX_KUBECONFIG_EAST/_WEST from `sandbox env`)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const [file, count = '5'] = process.argv.slice(2);
const view = JSON.parse(fs.readFileSync(file, 'utf8'));
const at = (Date.parse(view.evaluatedAt) / 1000).toFixed(3);

async function promql(query) {
  const response = await fetch(
    `${process.env.MLOPS_PROMETHEUS_URL}/api/v1/query`,
    {
      method: 'POST',
      body: new URLSearchParams({ query, time: at }),
    },
  );
  const sample = (await response.json()).data.result[0];
  return sample ? Number(sample.value[1]) : null;
}

// The series each server's alert rules read: the template's, or vLLM's own.
const TEMPLATE = {
  requests: sel => `model_server_requests_total{${sel}}`,
  failed: sel => `model_server_requests_total{${sel}, code=~"5.."}`,
  answered: sel => `model_server_requests_total{${sel}}`,
  histogram: 'model_server_request_duration_seconds',
};
const VLLM = {
  requests: sel => `vllm:e2e_request_latency_seconds_count{${sel}}`,
  failed: sel => `http_requests_total{${sel}, handler=~"/v1/.*", status="5xx"}`,
  answered: sel => `http_requests_total{${sel}, handler=~"/v1/.*"}`,
  histogram: 'vllm:e2e_request_latency_seconds',
};

function replicas(namespace, name) {
  let ready = 0;
  let desired = 0;
  for (const kubeconfig of ['EAST', 'WEST'].map(
    c => process.env[`MLOPS_SANDBOX_KUBECONFIG_${c}`],
  )) {
    const run = spawnSync(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        '-n',
        namespace,
        'get',
        'deployment',
        name,
        '-o',
        'json',
      ],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) continue;
    const d = JSON.parse(run.stdout);
    ready += d.status?.readyReplicas ?? 0;
    desired += d.spec?.replicas ?? 0;
  }
  return { ready, desired };
}

const close = (a, b) =>
  a === b ||
  (a !== null &&
    b !== null &&
    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
const rows = view.services.filter(r => r.requestsPerSecond !== null);
const step = Math.max(1, Math.floor(rows.length / Number(count)));
let differ = 0;
for (let i = 0; i < rows.length && i / step < Number(count); i += step) {
  const r = rows[i];
  const sel = `namespace="${r.namespace}", service="${r.name}"`;
  const s = r.framework === 'vllm' ? VLLM : TEMPLATE;
  const rps = await promql(`sum(rate(${s.requests(sel)}[5m]))`);
  const errors = await promql(
    `(sum(rate(${s.failed(sel)}[5m])) or vector(0)) / sum(rate(${s.answered(
      sel,
    )}[5m]))`,
  );
  const p95s = await promql(
    `histogram_quantile(0.95, sum by (le) (rate(${s.histogram}_bucket{${sel}}[5m])))`,
  );
  const p95 = p95s === null ? null : p95s * 1000;
  const k8s = replicas(r.namespace, r.name);
  const same =
    close(r.requestsPerSecond, rps) &&
    close(r.errorRatio, errors) &&
    close(r.latencyP95Ms, p95) &&
    r.replicas?.ready === k8s.ready &&
    r.replicas?.desired === k8s.desired;
  if (!same) differ++;
  console.log(
    `  ${same ? 'same' : 'DIFFERS'} ${r.name}: rps ${
      r.requestsPerSecond
    } / ${rps}, errors ${r.errorRatio} / ${errors}, p95 ${
      r.latencyP95Ms
    } / ${p95} ms, replicas ${r.replicas?.ready}/${r.replicas?.desired} / ${
      k8s.ready
    }/${k8s.desired} (fleet / PromQL, kubectl)`,
  );
}
process.exit(differ ? 1 : 0);
