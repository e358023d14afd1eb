// The pods' own GPU time, as the apiserver tells it: watches the pods of one
// namespace (reconnecting from the last resourceVersion), keeps each pod's
// last state, deleted pods included, and on SIGTERM prints one JSON line:
// pods (seen), ran (with a start and an end), gpuSeconds (sum over pods of
// GPUs × (containers' last finishedAt − status.startTime)), unfinished.
//
// Usage: node bench/lib/pod-times.mjs KUBECONFIG NAMESPACE [LABEL_SELECTOR]
import { KubeConfig, Watch } from '@kubernetes/client-node';

const [kubeconfig, namespace, labelSelector] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const pods = new Map();
let resourceVersion;
let request;

function gpusOf(pod) {
  return (pod.spec?.containers ?? []).reduce(
    (n, c) => n + Number(c.resources?.limits?.['nvidia.com/gpu'] ?? 0),
    0,
  );
}

async function watch() {
  request = await new Watch(kc).watch(
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector, resourceVersion, allowWatchBookmarks: true },
    (type, pod) => {
      resourceVersion = pod.metadata?.resourceVersion ?? resourceVersion;
      if (type === 'BOOKMARK' || !pod.metadata?.uid) return;
      pods.set(pod.metadata.uid, pod);
    },
    error => {
      if (error?.statusCode === 410) resourceVersion = undefined;
      setTimeout(watch, error ? 1000 : 0);
    },
  );
}

process.on('SIGTERM', () => {
  let gpuSeconds = 0;
  let ran = 0;
  let unfinished = 0;
  for (const pod of pods.values()) {
    const start = pod.status?.startTime;
    const ends = (pod.status?.containerStatuses ?? [])
      .map(c => c.state?.terminated?.finishedAt)
      .filter(Boolean)
      .map(t => new Date(t).getTime());
    if (!start) continue;
    if (!ends.length) {
      unfinished++;
      continue;
    }
    ran++;
    gpuSeconds +=
      (gpusOf(pod) * (Math.max(...ends) - new Date(start).getTime())) / 1000;
  }
  console.log(JSON.stringify({ pods: pods.size, ran, unfinished, gpuSeconds }));
  request?.abort();
  process.exit(0);
});

await watch();
