import { Counter, Gauge, Histogram } from 'prom-client';
import { registerDcgmMetrics } from './dcgmMetrics';
import type { ClusterName, ModelService } from './fleet';
import { advanceLlm } from './llmTraffic';
import { LLM_FRAMEWORKS } from './scenarios';
import {
  registerVllmMetrics,
  vllmPodSeries,
  VllmPodSeries,
} from './vllmMetrics';
import type { GpuAllocation } from './gpus';
import { registerKubeStateMetrics } from './kubeStateMetrics';
import {
  LedgerCounter,
  LedgerHistogram,
  SeriesLabels,
  seriesLabels,
  SimulatorRegistry,
} from './ledgerFamilies';
import type { Pod } from './kubeTypes';
import { isRunning, ServiceLoad } from './load';
import { parseQuantity } from '@internal/plugin-mlops-common';
import { Random } from './random';
import type { ClusterSnapshot } from './snapshot';
import {
  LATENCY_BUCKETS,
  podCpuCores,
  podMemoryBytes,
  simulateRequests,
  STATUS_CODES,
  StatusCode,
} from './traffic';
import { LABEL_ROLE, SERVER_CONTAINER } from './workloads';

/** Counters of one pod, carried from tick to tick while the pod runs. */
export interface PodLedger {
  cluster: ClusterName;
  /** Labels of the model server's series; absent for training pods and LLM servers. */
  serving?: { series: SeriesLabels; byCode: Record<StatusCode, SeriesLabels> };
  /** An LLM server's own series and state (vLLM), in place of `serving`. */
  llm?: VllmPodSeries;
  /** Labels of the cAdvisor series: cluster, namespace, pod, container, node (as kubelet scrapes carry it). */
  container: SeriesLabels;
  codes: Record<StatusCode, number>;
  /** Requests per latency bucket, not cumulative; the last entry is above the highest bound. */
  buckets: number[];
  sumSeconds: number;
  cpuSeconds: number;
}

/** What moves one ledger: a serving pod's traffic, or a training pod's CPU. */
interface LedgerDriver {
  key: string;
  podName?: string;
  ledger: PodLedger;
  rps: number;
  load?: ServiceLoad;
  trainingCores?: number;
}

/** The latest state of one cluster, from which gauges are derived at scrape time. */
export interface ClusterView {
  snapshot: ClusterSnapshot;
  loads: Map<string, ServiceLoad>;
  gpus: GpuAllocation[];
  drivers: LedgerDriver[];
  /** Counters include everything up to this moment. */
  advancedAtMs: number;
}

const TRAINING_CPU_CORES_PER_GPU = 3.2;

/**
 * Every series the simulator exports. Counters live in per-pod ledgers
 * advanced at each tick; everything else is derived at scrape time from the
 * latest snapshot of each cluster, so deleted objects drop out by themselves.
 */
export class SimulatorMetrics {
  readonly registry = new SimulatorRegistry();
  private readonly views = new Map<ClusterName, ClusterView>();
  private readonly ledgers = new Map<string, PodLedger>();
  private readonly reachable = new Map<ClusterName, boolean>();
  /** Every registered family, kept so the registry's contents are explicit. */
  private readonly families: Array<Counter | Gauge | Histogram> = [];

  constructor(
    private readonly random: Random,
    private readonly scenario: () => string,
    private readonly now: () => number = Date.now,
  ) {
    this.register();
  }

  /**
   * Takes a cluster's new snapshot: counters first run up to now at the old
   * rates, then pods that appeared get ledgers and pods that left lose theirs.
   */
  observe(
    snapshot: ClusterSnapshot,
    loads: Map<string, ServiceLoad>,
    gpus: GpuAllocation[],
    nowMs: number,
  ): void {
    const cluster = snapshot.cluster;
    const previous = this.views.get(cluster);
    if (previous) this.advance(previous, nowMs);
    this.reachable.set(cluster, true);

    const drivers: LedgerDriver[] = [];
    for (const load of loads.values()) {
      for (const pod of load.runningPods) {
        const key = `${cluster}/${pod.metadata.namespace}/${pod.metadata.name}`;
        drivers.push({
          key,
          ledger: this.ledger(
            key,
            cluster,
            pod,
            SERVER_CONTAINER,
            load.service,
          ),
          load,
          podName: pod.metadata.name,
          rps: load.rpsByPod.get(pod.metadata.name) ?? 0,
        });
      }
    }
    for (const pod of snapshot.pods) {
      if (
        pod.metadata.labels?.[LABEL_ROLE] !== 'training-run' ||
        !isRunning(pod)
      ) {
        continue;
      }
      const key = `${cluster}/${pod.metadata.namespace}/${pod.metadata.name}`;
      const container = pod.spec.containers[0]?.name ?? 'trainer';
      const gpuCount =
        parseQuantity(
          pod.spec.containers[0]?.resources?.limits?.['nvidia.com/gpu'] ?? '1',
        ) ?? NaN;
      drivers.push({
        key,
        ledger: this.ledger(key, cluster, pod, container, undefined),
        rps: 0,
        trainingCores: gpuCount * TRAINING_CPU_CORES_PER_GPU,
      });
    }
    const seen = new Set(drivers.map(d => d.key));
    for (const [key, ledger] of this.ledgers) {
      if (ledger.cluster === cluster && !seen.has(key))
        this.ledgers.delete(key);
    }
    this.views.set(cluster, {
      snapshot,
      loads,
      gpus,
      drivers,
      advancedAtMs: nowMs,
    });
  }

  /** The exposition text, with every counter run up to this moment. */
  async metrics(): Promise<string> {
    const nowMs = this.now();
    for (const view of this.views.values()) this.advance(view, nowMs);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Adds the requests and CPU time of the time since the view was last advanced. */
  private advance(view: ClusterView, nowMs: number): void {
    const dt = Math.min(30, (nowMs - view.advancedAtMs) / 1000);
    if (dt <= 0) return;
    view.advancedAtMs = nowMs;
    for (const driver of view.drivers) {
      const { key, ledger, load, rps, trainingCores } = driver;
      if (!load) {
        ledger.cpuSeconds += (trainingCores ?? 0) * dt;
        continue;
      }
      const effects =
        (driver.podName && load.podEffects.get(driver.podName)) || load.effects;
      if (rps > 0) {
        const step = simulateRequests(
          rps,
          dt,
          effects,
          load.profile,
          this.random,
        );
        for (const code of STATUS_CODES) ledger.codes[code] += step.codes[code];
        step.buckets.forEach((n, i) => {
          ledger.buckets[i] += n;
        });
        ledger.sumSeconds += step.sumSeconds;
        if (ledger.llm) {
          advanceLlm(
            ledger.llm.state,
            {
              completed: step.codes['200'],
              rps,
              dt,
              effects,
              key,
              nowMs,
            },
            this.random,
          );
        }
      }
      ledger.cpuSeconds += podCpuCores(load.profile, rps, key, nowMs) * dt;
    }
  }

  /** Drops every series of an unreachable cluster, as a dead scrape target would. */
  forget(cluster: ClusterName): void {
    this.views.delete(cluster);
    this.reachable.set(cluster, false);
    for (const [key, ledger] of this.ledgers) {
      if (ledger.cluster === cluster) this.ledgers.delete(key);
    }
  }

  private ledger(
    key: string,
    cluster: ClusterName,
    pod: Pod,
    container: string,
    service: ModelService | undefined,
  ): PodLedger {
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      const namespace = pod.metadata.namespace ?? 'default';
      const base = { cluster, namespace };
      // The ServiceMonitor copies a Rollout pod's rollouts-pod-template-hash.
      const hash = pod.metadata.labels?.['rollouts-pod-template-hash'];
      const scrape = service && {
        ...base,
        service: service.name,
        pod: pod.metadata.name,
        ...(hash ? { rollouts_pod_template_hash: hash } : {}),
      };
      const llm =
        scrape && LLM_FRAMEWORKS.includes(service.framework)
          ? vllmPodSeries(scrape, service.name)
          : undefined;
      const serving =
        scrape && !llm ? { ...scrape, model: service.name } : undefined;
      ledger = {
        cluster,
        llm,
        serving: serving && {
          series: seriesLabels(serving),
          byCode: {
            '200': seriesLabels({ ...serving, code: '200' }),
            '500': seriesLabels({ ...serving, code: '500' }),
            '503': seriesLabels({ ...serving, code: '503' }),
          },
        },
        container: seriesLabels({
          ...base,
          pod: pod.metadata.name,
          container,
          node: pod.spec.nodeName ?? '',
        }),
        codes: { '200': 0, '500': 0, '503': 0 },
        buckets: new Array(LATENCY_BUCKETS.length + 1).fill(0),
        sumSeconds: 0,
        cpuSeconds: 0,
      };
      this.ledgers.set(key, ledger);
    }
    return ledger;
  }

  private register(): void {
    const registers = [this.registry];
    const views = () => this.views.values();
    const ledgers = () => this.ledgers.values();
    const now = this.now;

    const families = this.families;
    families.push(
      new LedgerCounter(
        this.registry,
        {
          name: 'model_server_requests_total',
          help: 'Requests answered by the model server, by status code.',
          labelNames: [
            'cluster',
            'namespace',
            'service',
            'pod',
            'model',
            'code',
            'rollouts_pod_template_hash',
          ],
        },
        function* requests() {
          for (const l of ledgers()) {
            if (!l.serving) continue;
            for (const code of STATUS_CODES) {
              yield { series: l.serving.byCode[code], value: l.codes[code] };
            }
          }
        },
      ),
      new LedgerHistogram(
        this.registry,
        {
          name: 'model_server_request_duration_seconds',
          help: 'Time the model server took to answer, by pod.',
          labelNames: [
            'cluster',
            'namespace',
            'service',
            'pod',
            'model',
            'rollouts_pod_template_hash',
          ],
        },
        function* durations() {
          for (const l of ledgers()) {
            if (l.serving) {
              yield {
                series: l.serving.series,
                buckets: l.buckets,
                sum: l.sumSeconds,
              };
            }
          }
        },
      ),
      new LedgerCounter(
        this.registry,
        {
          name: 'container_cpu_usage_seconds_total',
          help: 'Cumulative CPU time consumed by the container (cAdvisor).',
          labelNames: ['cluster', 'namespace', 'pod', 'container', 'node'],
        },
        function* cpu() {
          for (const l of ledgers())
            yield { series: l.container, value: l.cpuSeconds };
        },
      ),
    );
    families.push(
      new Gauge({
        name: 'container_memory_working_set_bytes',
        help: 'Working set of the container (cAdvisor).',
        labelNames: ['cluster', 'namespace', 'pod', 'container', 'node'],
        registers,
        collect() {
          this.reset();
          const t = now();
          for (const view of views()) {
            for (const load of view.loads.values()) {
              for (const pod of load.runningPods) {
                const key = `${view.snapshot.cluster}/${pod.metadata.namespace}/${pod.metadata.name}`;
                this.set(
                  {
                    cluster: view.snapshot.cluster,
                    namespace: pod.metadata.namespace,
                    pod: pod.metadata.name,
                    container: SERVER_CONTAINER,
                    node: pod.spec.nodeName,
                  },
                  podMemoryBytes(
                    load.profile,
                    load.rpsByPod.get(pod.metadata.name) ?? 0,
                    load.effects.crashLoop,
                    key,
                    t,
                  ),
                );
              }
            }
            for (const pod of view.snapshot.pods) {
              if (
                pod.metadata.labels?.[LABEL_ROLE] !== 'training-run' ||
                !isRunning(pod)
              )
                continue;
              const c = pod.spec.containers[0];
              const request = parseQuantity(c?.resources?.requests?.memory);
              this.set(
                {
                  cluster: view.snapshot.cluster,
                  namespace: pod.metadata.namespace,
                  pod: pod.metadata.name,
                  container: c?.name ?? 'trainer',
                  node: pod.spec.nodeName,
                },
                request !== null ? Math.round(request * 0.82) : 0,
              );
            }
          }
        },
      }),
    );

    families.push(
      ...registerVllmMetrics(this.registry, function* vllmPods() {
        for (const l of ledgers()) {
          if (l.llm) yield { llm: l.llm, codes: l.codes };
        }
      }),
    );
    families.push(...registerKubeStateMetrics(this.registry, views));
    families.push(...registerDcgmMetrics(this.registry, views, now));

    const reachable = this.reachable;
    const scenario = this.scenario;
    families.push(
      new Gauge({
        name: 'mlops_sandbox_cluster_reachable',
        help: '1 when the simulator could read the cluster at its last attempt.',
        labelNames: ['cluster'],
        registers,
        collect() {
          this.reset();
          for (const [cluster, up] of reachable)
            this.set({ cluster }, up ? 1 : 0);
        },
      }),
    );
    families.push(
      new Gauge({
        name: 'mlops_sandbox_scenario_info',
        help: 'The active sandbox scenario (value 1).',
        labelNames: ['scenario'],
        registers,
        collect() {
          this.reset();
          this.set({ scenario: scenario() }, 1);
        },
      }),
    );
  }
}
