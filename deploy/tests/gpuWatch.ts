import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { query } from './database';
import { Replica, logLines } from './replica';

/*
 * The GPU job watch across replicas: who holds it (the lease row and the
 * replicas' logs), GPU Jobs on a 4-GPU KWOK node of the test's own on
 * sandbox-east, and the pods' own timestamps to check the records against.
 */

const NAMESPACE = 'replicas-gpu-watch';
const NODE = 'replicas-gpu-watch-node';

function kubectl(args: string[], input?: string): string {
  const bin = fs
    .readFileSync(path.join(process.env.MLOPS_SANDBOX_DIR!, 'bin-dir'), 'utf8')
    .trim();
  const run = spawnSync(
    path.join(bin, 'kubectl'),
    ['--kubeconfig', process.env.MLOPS_SANDBOX_KUBECONFIG_EAST!, ...args],
    { input, encoding: 'utf8' },
  );
  if (run.status !== 0) {
    throw new Error(`kubectl ${args.join(' ')}: ${run.stderr}`);
  }
  return run.stdout;
}

export function createGpuWatchLab() {
  kubectl(
    ['apply', '-f', '-'],
    `
apiVersion: v1
kind: Namespace
metadata: { name: ${NAMESPACE} }
---
apiVersion: v1
kind: Node
metadata:
  name: ${NODE}
  annotations: { kwok.x-k8s.io/node: fake }
  labels: { type: kwok, kubernetes.io/hostname: ${NODE} }
spec:
  taints: [{ key: mlops-test/replicas, value: only, effect: NoSchedule }]
status:
  capacity: { cpu: '64', memory: 512Gi, pods: '110', nvidia.com/gpu: '4' }
  allocatable: { cpu: '64', memory: 512Gi, pods: '110', nvidia.com/gpu: '4' }
`,
  );
}

export function deleteGpuWatchLab() {
  kubectl([
    'delete',
    'namespace',
    NAMESPACE,
    '--wait=false',
    '--ignore-not-found',
  ]);
  kubectl(['delete', 'node', NODE, '--ignore-not-found']);
}

/** A 1-GPU Job on the lab node whose pod runs `runFor` (a Go duration). */
export function createGpuJob(name: string, runFor: string) {
  kubectl(
    ['apply', '-f', '-'],
    `
apiVersion: batch/v1
kind: Job
metadata: { name: ${name}, namespace: ${NAMESPACE} }
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 600
  template:
    metadata:
      annotations: { mlops-sandbox/run-for: '${runFor}' }
    spec:
      restartPolicy: Never
      nodeSelector: { kubernetes.io/hostname: ${NODE} }
      tolerations:
        - { key: mlops-test/replicas, operator: Exists, effect: NoSchedule }
      containers:
        - name: trainer
          image: trainer:replicas
          resources: { limits: { nvidia.com/gpu: '1' } }
`,
  );
}

interface PodTimes {
  uid: string;
  job: string;
  phase: string;
  /** GPU-seconds from its own start to its containers' end. */
  gpuSeconds: number | null;
}

/** The lab's pods as the apiserver has them, with their own GPU-seconds. */
export function labPods(): PodTimes[] {
  const { items } = JSON.parse(
    kubectl(['get', 'pods', '-n', NAMESPACE, '-o', 'json']),
  );
  return items.map((pod: any) => {
    const ends: number[] = (pod.status?.containerStatuses ?? [])
      .map((c: any) => c.state?.terminated?.finishedAt)
      .filter(Boolean)
      .map((t: string) => Date.parse(t));
    const start = pod.status?.startTime;
    return {
      uid: pod.metadata.uid,
      job: pod.metadata.labels?.['batch.kubernetes.io/job-name'],
      phase: pod.status?.phase,
      gpuSeconds:
        start && ends.length
          ? (Math.max(...ends) - Date.parse(start)) / 1000
          : null,
    };
  });
}

/** The pod records of the mlops database, by UID, with their GPU-seconds. */
export async function recordedPods(): Promise<
  Map<
    string,
    { gpuSeconds: number | null; end: string | null; estimated: boolean }
  >
> {
  const rows = await query<{
    uid: string;
    gpus: number;
    started_at: Date | null;
    finished_at: Date | null;
    end_source: string | null;
    estimated: boolean;
  }>(
    'backstage_plugin_mlops',
    `SELECT uid, gpus, started_at, finished_at, end_source, estimated FROM mlops_gpu_pods WHERE namespace = '${NAMESPACE}'`,
  );
  return new Map(
    rows.map(r => [
      r.uid,
      {
        gpuSeconds:
          r.started_at && r.finished_at
            ? (r.gpus * (r.finished_at.getTime() - r.started_at.getTime())) /
              1000
            : null,
        end: r.end_source,
        estimated: r.estimated,
      },
    ]),
  );
}

/** The replica holding the watch's lease, by the pid in the lease's holder. */
export async function watchHolder(
  replicas: Replica[],
): Promise<Replica | undefined> {
  const [row] = await query<{ holder: string; expires_at_ms: string }>(
    'backstage_plugin_mlops',
    "SELECT holder, expires_at_ms FROM mlops_leases WHERE name = 'mlops-gpu-jobs-watch'",
  );
  if (!row || Number(row.expires_at_ms) < Date.now()) return undefined;
  const pid = Number(row.holder.split('/')[1]);
  return replicas.find(r => r.child.pid === pid);
}

/** Replicas whose last watch log line says it watches. */
export function replicasWatching(replicas: Replica[]): string[] {
  return replicas
    .filter(r => {
      const lines = logLines(r).filter(l =>
        /^GPU job watch (started|stopped)/.test(String(l.message)),
      );
      return /started/.test(String(lines[lines.length - 1]?.message ?? ''));
    })
    .map(r => r.name);
}
