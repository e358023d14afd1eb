import type { V1Job } from '@kubernetes/client-node';
import type { ModelService, TrainingPipeline } from './fleet';
import { deviceRequest } from './gpus';
import { decideHpa, hpaStatusChanged, Recommendation } from './hpa';
import type {
  ContainerStatus,
  HpaStatus,
  Job,
  KubeNode,
  Pod,
} from './kubeTypes';
import { unitHash } from './random';
import type { ServiceLoad } from './load';
import { isRunning, serviceOfPod } from './load';
import { ScenarioName, SCENARIOS } from './scenarios';
import type { ClusterSnapshot } from './snapshot';
import {
  ANNOTATION_SIMULATED_EXIT_CODE,
  ANNOTATION_SIMULATED_PHASE,
  ANNOTATION_SIMULATED_REASON,
  LABEL_ROLE,
  LABEL_SCENARIO,
  SERVER_CONTAINER,
  TrainingRun,
  trainingJobManifest,
} from './workloads';

/** A change to make in a cluster; `why` is the log line (omitted for routine writes). */
export type Action =
  | {
      kind: 'pod-status';
      namespace: string;
      name: string;
      status: object;
      /** Node to bind the pod to after writing its status (failed training pods). */
      bindTo?: string;
      why?: string;
    }
  | { kind: 'delete-pod'; namespace: string; name: string; why: string }
  | { kind: 'create-job'; manifest: V1Job; why: string }
  | { kind: 'delete-job'; namespace: string; name: string; why: string }
  | {
      kind: 'scale';
      namespace: string;
      name: string;
      replicas: number;
      why: string;
    }
  | { kind: 'hpa-status'; namespace: string; name: string; status: HpaStatus };

export const CRASH_INTERVAL_MS = 30_000;
/**
 * How often unchanged HPA status is rewritten to refresh its metric values
 * (changes of replicas or conditions are written at once). The controller
 * rewrites at every sync; with 1000 HPAs that alone is 60+ writes a second.
 */
export const HPA_METRICS_REFRESH_MS = 30_000;

/** What the simulator remembers about each HPA between ticks. */
export interface HpaMemory {
  recommendations: Recommendation[];
  lastWrittenMs: number;
}

export interface PlanInputs {
  snapshot: ClusterSnapshot;
  services: readonly ModelService[];
  pipelines: readonly TrainingPipeline[];
  loads: Map<string, ServiceLoad>;
  scenario: ScenarioName;
  targets: readonly string[];
  nowMs: number;
  hpaWriter: 'controller' | 'simulator';
  hpaMemory: Map<string, HpaMemory>;
}

/** The sandbox's A100s: two nodes of eight. */
export const SWEEP_GPUS = 16;

export function desiredTrainingRuns(
  pipelines: readonly TrainingPipeline[],
  scenario: ScenarioName,
): TrainingRun[] {
  const runs: TrainingRun[] = [];
  if (pipelines.length > 0) {
    runs.push({
      pipeline: pipelines[0],
      jobName: `${pipelines[0].name}-run-ttl`,
      kind: 'succeeded-ttl',
    });
  }
  pipelines.forEach((pipeline, i) => {
    runs.push({
      pipeline,
      jobName: `${pipeline.name}-run-1`,
      kind: 'succeeded',
    });
    if (i < 2) {
      runs.push({
        pipeline,
        jobName: `${pipeline.name}-run-2`,
        kind: 'running',
      });
    }
  });
  if (pipelines.length > 0) {
    // Each asks for the whole A100 pool, so Kueue keeps both queued while
    // any other run holds quota (scripts/manifests/kueue-queues.yaml).
    const pipeline = pipelines[pipelines.length - 1];
    for (const n of [1, 2]) {
      runs.push({
        pipeline,
        jobName: `${pipeline.name}-sweep-${n}`,
        kind: 'running',
        gpus: SWEEP_GPUS,
      });
    }
  }
  if (SCENARIOS[scenario].gpuJobFailures && pipelines.length > 0) {
    const at = (i: number) => pipelines[i % pipelines.length];
    runs.push(
      {
        pipeline: at(0),
        jobName: `${at(0).name}-run-failed`,
        kind: 'failed-backoff',
        scenario,
      },
      {
        pipeline: at(1),
        jobName: `${at(1).name}-run-oom`,
        kind: 'failed-oom',
        scenario,
      },
      {
        pipeline: at(2),
        jobName: `${at(2).name}-run-16gpu`,
        kind: 'pending-gpus',
        scenario,
      },
      {
        pipeline: at(2),
        jobName: `${at(2).name}-run-deadline`,
        kind: 'failed-deadline',
        scenario,
      },
    );
  }
  if (SCENARIOS[scenario].migTrainingRuns && pipelines.length > 0) {
    const at = (i: number) => pipelines[i % pipelines.length];
    runs.push(
      {
        pipeline: at(2),
        jobName: `${at(2).name}-run-mig-3g`,
        kind: 'running',
        migProfile: '3g.40gb',
        scenario,
      },
      {
        pipeline: at(1),
        jobName: `${at(1).name}-run-mig-1g`,
        kind: 'running',
        migProfile: '1g.10gb',
        parallelism: 2,
        scenario,
      },
      {
        pipeline: at(0),
        jobName: `${at(0).name}-run-mig-idle`,
        kind: 'running-idle',
        migProfile: '1g.10gb',
        scenario,
      },
    );
  }
  if (SCENARIOS[scenario].idleTrainingRun && pipelines.length > 0) {
    const pipeline = pipelines[pipelines.length - 1];
    runs.push({
      pipeline,
      jobName: `${pipeline.name}-run-idle`,
      kind: 'running-idle',
      scenario,
    });
  }
  return runs;
}

export function planTrainingRuns(
  jobs: readonly Job[],
  pipelines: readonly TrainingPipeline[],
  scenario: ScenarioName,
): Action[] {
  const desired = desiredTrainingRuns(pipelines, scenario);
  const existing = new Set(
    jobs.map(j => `${j.metadata.namespace}/${j.metadata.name}`),
  );
  const wanted = new Set(
    desired.map(r => `${r.pipeline.namespace}/${r.jobName}`),
  );
  const actions: Action[] = [];
  for (const run of desired) {
    if (!existing.has(`${run.pipeline.namespace}/${run.jobName}`)) {
      actions.push({
        kind: 'create-job',
        manifest: trainingJobManifest(run),
        why: `create Job ${run.pipeline.namespace}/${run.jobName} (${run.kind})`,
      });
    }
  }
  for (const job of jobs) {
    const key = `${job.metadata.namespace}/${job.metadata.name}`;
    if (
      job.metadata.labels?.[LABEL_SCENARIO] &&
      !wanted.has(key) &&
      !job.metadata.deletionTimestamp
    ) {
      actions.push({
        kind: 'delete-job',
        namespace: job.metadata.namespace!,
        name: job.metadata.name,
        why: `delete Job ${key} (scenario ${job.metadata.labels[LABEL_SCENARIO]} is over)`,
      });
    }
  }
  return actions;
}

/** Status for a simulated training pod: running, or failed with its reason and exit code. */
export function simulatedPodStatus(
  pod: Pod,
  nowIso: string,
): object | undefined {
  const annotations = pod.metadata.annotations ?? {};
  const phase = annotations[ANNOTATION_SIMULATED_PHASE];
  if (
    !phase ||
    pod.status?.phase !== 'Pending' ||
    pod.metadata.deletionTimestamp
  ) {
    return undefined;
  }
  const container = pod.spec.containers[0];
  const started = pod.metadata.creationTimestamp ?? nowIso;
  if (phase === 'Running') {
    return {
      phase: 'Running',
      startTime: started,
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: nowIso },
        { type: 'Ready', status: 'True', lastTransitionTime: nowIso },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: nowIso },
      ],
      containerStatuses: [
        {
          name: container.name,
          image: container.image,
          imageID: '',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: started } },
        },
      ],
    };
  }
  const reason = annotations[ANNOTATION_SIMULATED_REASON] ?? 'Error';
  return {
    phase: 'Failed',
    startTime: started,
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'PodFailed',
        lastTransitionTime: nowIso,
      },
      {
        type: 'ContainersReady',
        status: 'False',
        reason: 'PodFailed',
        lastTransitionTime: nowIso,
      },
    ],
    containerStatuses: [
      {
        name: container.name,
        image: container.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: {
          terminated: {
            exitCode: Number(annotations[ANNOTATION_SIMULATED_EXIT_CODE] ?? 1),
            reason,
            message:
              reason === 'OOMKilled'
                ? 'container exceeded its memory limit'
                : 'training step failed: CUDA error: an illegal memory access was encountered',
            startedAt: started,
            finishedAt: nowIso,
          },
        },
      },
    ],
  };
}

/**
 * A node matching the pod's node selector and offering the GPUs or MIG slices
 * it asks for, picked by a stable hash of its name.
 */
export function nodeFor(
  pod: Pod,
  nodes: readonly KubeNode[],
): string | undefined {
  const selector = pod.spec.nodeSelector ?? {};
  const devices = [...deviceRequest(pod).devices.keys()];
  const matching = nodes
    .filter(
      n =>
        Object.entries(selector).every(
          ([k, v]) => n.metadata.labels?.[k] === v,
        ) && devices.every(r => Number(n.status?.allocatable?.[r] ?? 0) > 0),
    )
    .map(n => n.metadata.name)
    .sort();
  if (!matching.length) return undefined;
  return matching[Math.floor(unitHash(pod.metadata.name) * matching.length)];
}

function modelServerStatus(pod: Pod): ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find(c => c.name === SERVER_CONTAINER);
}

export function isCrashLooping(pod: Pod): boolean {
  const cs = modelServerStatus(pod);
  return cs?.state?.waiting?.reason === 'CrashLoopBackOff';
}

/**
 * The next OOM kill of a crash-looping pod, or undefined while it is still
 * backing off. Restarts rise every CRASH_INTERVAL_MS, as the kubelet would report.
 */
export function crashLoopStatus(pod: Pod, nowMs: number): object | undefined {
  const cs = modelServerStatus(pod);
  if (!cs) return undefined;
  const lastFinished = cs.lastState?.terminated?.finishedAt;
  if (
    isCrashLooping(pod) &&
    lastFinished &&
    nowMs - Date.parse(lastFinished) < CRASH_INTERVAL_MS
  ) {
    return undefined;
  }
  const nowIso = new Date(nowMs).toISOString();
  const restarts = cs.restartCount + 1;
  const backoff = Math.min(300, 10 * 2 ** Math.min(restarts - 1, 5));
  return {
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${SERVER_CONTAINER}]`,
        lastTransitionTime: nowIso,
      },
      {
        type: 'ContainersReady',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${SERVER_CONTAINER}]`,
        lastTransitionTime: nowIso,
      },
    ],
    containerStatuses: [
      {
        name: cs.name,
        image: cs.image,
        imageID: cs.imageID ?? '',
        ready: false,
        started: false,
        restartCount: restarts,
        lastState: {
          terminated: {
            exitCode: 137,
            reason: 'OOMKilled',
            startedAt:
              cs.state?.running?.startedAt ??
              cs.lastState?.terminated?.finishedAt ??
              pod.status?.startTime ??
              nowIso,
            finishedAt: nowIso,
          },
        },
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${backoff}s restarting failed container=${SERVER_CONTAINER} pod=${
              pod.metadata.name
            }_${pod.metadata.namespace}(${pod.metadata.uid ?? ''})`,
          },
        },
      },
    ],
  };
}

export function planPods(inputs: PlanInputs): Action[] {
  const { snapshot, loads, nowMs } = inputs;
  const nowIso = new Date(nowMs).toISOString();
  const actions: Action[] = [];
  for (const pod of snapshot.pods) {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    const simulated = simulatedPodStatus(pod, nowIso);
    if (simulated) {
      const failed =
        pod.metadata.annotations?.[ANNOTATION_SIMULATED_PHASE] === 'Failed';
      actions.push({
        kind: 'pod-status',
        namespace: ns,
        name,
        status: simulated,
        bindTo:
          failed && !pod.spec.nodeName
            ? nodeFor(pod, snapshot.nodes)
            : undefined,
        why: `Job pod ${ns}/${name} -> ${
          pod.metadata.annotations?.[ANNOTATION_SIMULATED_PHASE]
        } ${
          pod.metadata.annotations?.[ANNOTATION_SIMULATED_REASON] ?? ''
        }`.trim(),
      });
      continue;
    }
    if (pod.metadata.labels?.[LABEL_ROLE] !== 'model-service') continue;
    const service = serviceOfPod(pod);
    const crash = service ? loads.get(service)?.effects.crashLoop : false;
    if (crash && isRunning(pod)) {
      const status = crashLoopStatus(pod, nowMs);
      if (status) {
        const first = !isCrashLooping(pod);
        actions.push({
          kind: 'pod-status',
          namespace: ns,
          name,
          status,
          why: first
            ? `crashloop: ${ns}/${name} OOMKilled, CrashLoopBackOff`
            : undefined,
        });
      }
    } else if (
      !crash &&
      isCrashLooping(pod) &&
      !pod.metadata.deletionTimestamp
    ) {
      actions.push({
        kind: 'delete-pod',
        namespace: ns,
        name,
        why: `heal: delete crash-looping pod ${ns}/${name} (the ReplicaSet replaces it)`,
      });
    }
  }
  return actions;
}

export function planHpas(inputs: PlanInputs): {
  actions: Action[];
  memory: Map<string, HpaMemory>;
} {
  const { snapshot, loads, nowMs, scenario } = inputs;
  const memory = new Map<string, HpaMemory>();
  const actions: Action[] = [];
  if (inputs.hpaWriter !== 'simulator') return { actions, memory };
  const deployments = new Map(
    snapshot.deployments.map(d => [
      `${d.metadata.namespace}/${d.metadata.name}`,
      d,
    ]),
  );
  const metricsAvailable = SCENARIOS[scenario].metricsApiAvailable !== false;
  for (const hpa of snapshot.hpas) {
    const ns = hpa.metadata.namespace!;
    const key = `${ns}/${hpa.metadata.name}`;
    const deployment = deployments.get(`${ns}/${hpa.spec.scaleTargetRef.name}`);
    const load = loads.get(hpa.spec.scaleTargetRef.name);
    if (!deployment || !load) continue;
    const previous = inputs.hpaMemory.get(key);
    const currentReplicas = deployment.spec?.replicas ?? 1;
    const decision = decideHpa({
      hpa,
      currentReplicas,
      readyPods: load.readyPods.length,
      metrics: metricsAvailable
        ? {
            cpuUtilizationPercent: load.cpuUtilizationPercent,
            cpuMillisPerPod: load.cpuMillisPerPod,
            rpsPerPod: load.rpsPerPod,
          }
        : undefined,
      nowMs,
      recommendations: previous?.recommendations ?? [
        { atMs: nowMs, replicas: currentReplicas },
      ],
    });
    const stale =
      nowMs - (previous?.lastWrittenMs ?? 0) >= HPA_METRICS_REFRESH_MS;
    const write = stale || hpaStatusChanged(hpa.status, decision.status);
    memory.set(key, {
      recommendations: decision.recommendations,
      lastWrittenMs: write ? nowMs : previous?.lastWrittenMs ?? 0,
    });
    if (decision.desiredReplicas !== currentReplicas) {
      actions.push({
        kind: 'scale',
        namespace: ns,
        name: deployment.metadata.name,
        replicas: decision.desiredReplicas,
        why: `HPA ${key}: scale ${currentReplicas} -> ${decision.desiredReplicas}`,
      });
    }
    if (write) {
      actions.push({
        kind: 'hpa-status',
        namespace: ns,
        name: hpa.metadata.name,
        status: decision.status,
      });
    }
  }
  return { actions, memory };
}
