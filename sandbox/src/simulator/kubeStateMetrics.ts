import { Gauge, Registry } from 'prom-client';
import type { ContainerStatus, Pod } from './kubeTypes';
import type { ClusterView } from './metrics';
import { parseQuantity } from '@internal/plugin-mlops-common';

const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

function resourceUnit(resource: string): string {
  if (resource === 'cpu') return 'core';
  if (resource === 'memory') return 'byte';
  return 'integer';
}

/**
 * A resource name as kube-state-metrics writes it into the `resource` label:
 * nvidia.com/gpu -> nvidia_com_gpu, nvidia.com/mig-1g.10gb -> nvidia_com_mig_1g_10gb.
 */
export const resourceLabel = (resource: string) =>
  resource.replace(/[^a-zA-Z0-9_]/g, '_');

/**
 * kube-state-metrics' series for the simulator's objects, derived at scrape
 * time from the latest snapshot of each cluster (names and labels as KSM v2).
 */
export function registerKubeStateMetrics(
  registry: Registry,
  views: () => Iterable<ClusterView>,
): Gauge[] {
  const registers = [registry];
  const families: Gauge[] = [];
  const gauge = <T extends string>(
    name: string,
    help: string,
    labelNames: T[],
    fill: (
      set: (labels: Record<T, string>, value: number) => void,
      view: ClusterView,
    ) => void,
  ) =>
    families.push(
      new Gauge<T | 'cluster'>({
        name,
        help,
        labelNames: ['cluster', ...labelNames],
        registers,
        collect() {
          this.reset();
          for (const view of views()) {
            const cluster = view.snapshot.cluster;
            fill(
              (labels, value) => this.set({ ...labels, cluster }, value),
              view,
            );
          }
        },
      }),
    );

  const deployment = ['namespace', 'deployment'] as const;
  gauge(
    'kube_deployment_spec_replicas',
    'Desired pods of a deployment.',
    [...deployment],
    (set, v) => {
      for (const d of v.snapshot.deployments) {
        set(
          { namespace: d.metadata.namespace!, deployment: d.metadata.name },
          d.spec?.replicas ?? 1,
        );
      }
    },
  );
  gauge(
    'kube_deployment_status_replicas_available',
    'Available pods of a deployment.',
    [...deployment],
    (set, v) => {
      for (const d of v.snapshot.deployments) {
        set(
          { namespace: d.metadata.namespace!, deployment: d.metadata.name },
          d.status?.availableReplicas ?? 0,
        );
      }
    },
  );

  const hpa = ['namespace', 'horizontalpodautoscaler'] as const;
  const hpaGauge = (
    name: string,
    help: string,
    value: (h: ClusterView['snapshot']['hpas'][number]) => number | undefined,
  ) =>
    gauge(name, help, [...hpa], (set, v) => {
      for (const h of v.snapshot.hpas) {
        const n = value(h);
        if (n !== undefined)
          set(
            {
              namespace: h.metadata.namespace!,
              horizontalpodautoscaler: h.metadata.name,
            },
            n,
          );
      }
    });
  hpaGauge(
    'kube_horizontalpodautoscaler_spec_min_replicas',
    'Lower limit of pods of the HPA.',
    h => h.spec.minReplicas ?? 1,
  );
  hpaGauge(
    'kube_horizontalpodautoscaler_spec_max_replicas',
    'Upper limit of pods of the HPA.',
    h => h.spec.maxReplicas,
  );
  hpaGauge(
    'kube_horizontalpodautoscaler_status_current_replicas',
    'Current pods managed by the HPA.',
    h => h.status?.currentReplicas ?? 0,
  );
  hpaGauge(
    'kube_horizontalpodautoscaler_status_desired_replicas',
    'Desired pods computed by the HPA.',
    h => h.status?.desiredReplicas ?? 0,
  );
  gauge(
    'kube_horizontalpodautoscaler_status_condition',
    'Condition of the HPA (1 for the current status).',
    [...hpa, 'condition', 'status'],
    (set, v) => {
      for (const h of v.snapshot.hpas) {
        for (const c of h.status?.conditions ?? []) {
          for (const status of ['true', 'false', 'unknown']) {
            set(
              {
                namespace: h.metadata.namespace!,
                horizontalpodautoscaler: h.metadata.name,
                condition: c.type,
                status,
              },
              c.status.toLowerCase() === status ? 1 : 0,
            );
          }
        }
      }
    },
  );

  const podLabels = (p: Pod) => ({
    namespace: p.metadata.namespace!,
    pod: p.metadata.name,
  });
  gauge(
    'kube_pod_info',
    'Information about the pod.',
    ['namespace', 'pod', 'node', 'created_by_kind', 'created_by_name'],
    (set, v) => {
      for (const p of v.snapshot.pods) {
        const owner = p.metadata.ownerReferences?.[0];
        set(
          {
            ...podLabels(p),
            node: p.spec.nodeName ?? '',
            created_by_kind: owner?.kind ?? '',
            created_by_name: owner?.name ?? '',
          },
          1,
        );
      }
    },
  );
  gauge(
    'kube_pod_status_phase',
    "The pod's current phase.",
    ['namespace', 'pod', 'phase'],
    (set, v) => {
      for (const p of v.snapshot.pods) {
        for (const phase of POD_PHASES)
          set({ ...podLabels(p), phase }, p.status?.phase === phase ? 1 : 0);
      }
    },
  );
  gauge(
    'kube_pod_status_unschedulable',
    'The pod cannot be scheduled.',
    ['namespace', 'pod'],
    (set, v) => {
      for (const p of v.snapshot.pods) {
        if (
          p.status?.conditions?.some(
            c =>
              c.type === 'PodScheduled' &&
              c.status === 'False' &&
              c.reason === 'Unschedulable',
          )
        ) {
          set(podLabels(p), 1);
        }
      }
    },
  );
  const container = ['namespace', 'pod', 'container'] as const;
  gauge(
    'kube_pod_container_status_restarts_total',
    'Restarts of the container.',
    [...container],
    (set, v) => {
      for (const p of v.snapshot.pods) {
        for (const cs of p.status?.containerStatuses ?? [])
          set({ ...podLabels(p), container: cs.name }, cs.restartCount);
      }
    },
  );
  const reasonGauges: Array<
    [string, string, (cs: ContainerStatus) => string | undefined]
  > = [
    [
      'kube_pod_container_status_last_terminated_reason',
      'Reason the container last terminated.',
      cs => cs.lastState?.terminated?.reason,
    ],
    [
      'kube_pod_container_status_terminated_reason',
      'Reason the container is terminated.',
      cs => cs.state?.terminated?.reason,
    ],
    [
      'kube_pod_container_status_waiting_reason',
      'Reason the container is waiting.',
      cs => cs.state?.waiting?.reason,
    ],
  ];
  for (const [name, help, reasonOf] of reasonGauges) {
    gauge(name, help, [...container, 'reason'], (set, v) => {
      for (const p of v.snapshot.pods) {
        for (const cs of p.status?.containerStatuses ?? []) {
          const reason = reasonOf(cs);
          if (reason) set({ ...podLabels(p), container: cs.name, reason }, 1);
        }
      }
    });
  }
  gauge(
    'kube_pod_container_resource_requests',
    'Resources requested by the container.',
    [...container, 'node', 'resource', 'unit'],
    (set, v) => {
      for (const p of v.snapshot.pods) {
        if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')
          continue;
        for (const c of p.spec.containers) {
          for (const [resource, quantity] of Object.entries(
            c.resources?.requests ?? {},
          )) {
            set(
              {
                ...podLabels(p),
                container: c.name,
                node: p.spec.nodeName ?? '',
                resource: resourceLabel(resource),
                unit: resourceUnit(resource),
              },
              parseQuantity(quantity) ?? NaN,
            );
          }
        }
      }
    },
  );
  const nodeResources = (
    name: string,
    help: string,
    field: 'capacity' | 'allocatable',
  ) =>
    gauge(name, help, ['node', 'resource', 'unit'], (set, v) => {
      for (const n of v.snapshot.nodes) {
        for (const [resource, quantity] of Object.entries(
          n.status?.[field] ?? {},
        )) {
          if (
            resource.startsWith('hugepages') ||
            resource === 'ephemeral-storage'
          )
            continue;
          set(
            {
              node: n.metadata.name,
              resource: resourceLabel(resource),
              unit: resourceUnit(resource),
            },
            parseQuantity(quantity) ?? NaN,
          );
        }
      }
    });
  nodeResources(
    'kube_node_status_capacity',
    'The total amount of resources of the node.',
    'capacity',
  );
  nodeResources(
    'kube_node_status_allocatable',
    'Allocatable resources of the node.',
    'allocatable',
  );

  const job = ['namespace', 'job_name'] as const;
  const jobGauge = (
    name: string,
    help: string,
    field: 'active' | 'succeeded' | 'failed',
  ) =>
    gauge(name, help, [...job], (set, v) => {
      for (const j of v.snapshot.jobs) {
        set(
          { namespace: j.metadata.namespace!, job_name: j.metadata.name },
          j.status?.[field] ?? 0,
        );
      }
    });
  jobGauge(
    'kube_job_status_active',
    'Actively running pods of the job.',
    'active',
  );
  jobGauge(
    'kube_job_status_succeeded',
    'Pods of the job that succeeded.',
    'succeeded',
  );
  jobGauge('kube_job_status_failed', 'Pods of the job that failed.', 'failed');
  gauge(
    'kube_job_status_condition',
    'Condition of the job (1 for the current status).',
    [...job, 'condition', 'status', 'reason'],
    (set, v) => {
      for (const j of v.snapshot.jobs) {
        for (const c of j.status?.conditions ?? []) {
          set(
            {
              namespace: j.metadata.namespace!,
              job_name: j.metadata.name,
              condition: c.type,
              status: c.status.toLowerCase(),
              reason: c.reason ?? '',
            },
            1,
          );
        }
      }
    },
  );
  return families;
}
