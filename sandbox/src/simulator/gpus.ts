import type { KubeNode, Pod } from './kubeTypes';
import { stableUuid, wave } from './random';
import { GPU_PRODUCT_LABEL, GPU_RESOURCE } from './workloads';

/** One physical GPU of a fake node, held by one container of a running pod. */
export interface GpuAllocation {
  node: string;
  index: number;
  uuid: string;
  modelName: string;
  memoryTotalMiB: number;
  namespace: string;
  pod: string;
  container: string;
  /** Key of the pod in the snapshot (namespace/name). */
  podKey: string;
}

/** Per node, which pod (namespace/name) holds each GPU index; empty slots are null. */
export type GpuAssignments = Map<string, Array<string | null>>;

interface ProductSpec {
  memoryMiB: number;
  idleWatts: number;
  maxWatts: number;
}

const PRODUCTS: Record<string, ProductSpec> = {
  'NVIDIA-A100-SXM4-80GB': { memoryMiB: 81920, idleWatts: 58, maxWatts: 400 },
  'NVIDIA-L4': { memoryMiB: 23034, idleWatts: 16, maxWatts: 72 },
};
const UNKNOWN_PRODUCT: ProductSpec = {
  memoryMiB: 40960,
  idleWatts: 45,
  maxWatts: 300,
};

export function productSpec(product: string): ProductSpec {
  return PRODUCTS[product] ?? UNKNOWN_PRODUCT;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** GPUs a pod asks for, and the container asking (the first one that does). */
export function gpuRequest(pod: Pod): { count: number; container?: string } {
  let count = 0;
  let container: string | undefined;
  for (const c of pod.spec.containers) {
    const value =
      c.resources?.limits?.[GPU_RESOURCE] ??
      c.resources?.requests?.[GPU_RESOURCE];
    const n = value === undefined ? 0 : Number(value);
    if (n > 0) {
      count += n;
      container ??= c.name;
    }
  }
  return { count, container };
}

function holdsGpus(pod: Pod): boolean {
  return (
    !!pod.spec.nodeName &&
    pod.status?.phase === 'Running' &&
    !pod.metadata.deletionTimestamp &&
    gpuRequest(pod).count > 0
  );
}

/**
 * Gives each running GPU pod device indices on its node. A pod keeps the
 * indices it had in `previous`; newcomers take the lowest free ones, the way a
 * device plugin hands out devices. Pods that do not fit get nothing.
 */
export function assignGpus(
  previous: GpuAssignments,
  nodes: readonly KubeNode[],
  pods: readonly Pod[],
): GpuAssignments {
  const next: GpuAssignments = new Map();
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods.filter(holdsGpus)) {
    const list = byNode.get(pod.spec.nodeName!) ?? [];
    list.push(pod);
    byNode.set(pod.spec.nodeName!, list);
  }
  for (const node of nodes) {
    const name = node.metadata.name;
    const capacity = Number(node.status?.capacity?.[GPU_RESOURCE] ?? 0);
    if (!capacity) continue;
    const present = new Map(
      (byNode.get(name) ?? []).map(p => [podKey(p), gpuRequest(p).count]),
    );
    const slots: Array<string | null> = Array.from(
      { length: capacity },
      (_, i) => {
        const holder = previous.get(name)?.[i] ?? null;
        return holder && present.has(holder) ? holder : null;
      },
    );
    const newcomers = (byNode.get(name) ?? [])
      .filter(p => !slots.includes(podKey(p)))
      .sort(
        (a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(
            b.metadata.creationTimestamp ?? '',
          ) || a.metadata.name.localeCompare(b.metadata.name),
      );
    for (const pod of newcomers) {
      const free = slots.flatMap((s, i) => (s === null ? [i] : []));
      const wanted = present.get(podKey(pod)) ?? 0;
      if (free.length < wanted) continue;
      for (const i of free.slice(0, wanted)) slots[i] = podKey(pod);
    }
    next.set(name, slots);
  }
  return next;
}

export function gpuAllocations(
  cluster: string,
  assignments: GpuAssignments,
  nodes: readonly KubeNode[],
  pods: readonly Pod[],
): GpuAllocation[] {
  const podsByKey = new Map(pods.map(p => [podKey(p), p]));
  const allocations: GpuAllocation[] = [];
  for (const node of nodes) {
    const slots = assignments.get(node.metadata.name) ?? [];
    const product = node.metadata.labels?.[GPU_PRODUCT_LABEL] ?? 'NVIDIA-GPU';
    const labelledMemory = Number(
      node.metadata.labels?.['nvidia.com/gpu.memory'] ?? NaN,
    );
    slots.forEach((holder, index) => {
      const pod = holder ? podsByKey.get(holder) : undefined;
      if (!pod) return;
      allocations.push({
        node: node.metadata.name,
        index,
        uuid: `GPU-${stableUuid(`${cluster}/${node.metadata.name}/${index}`)}`,
        modelName: product,
        memoryTotalMiB: Number.isFinite(labelledMemory)
          ? labelledMemory
          : productSpec(product).memoryMiB,
        namespace: pod.metadata.namespace ?? 'default',
        pod: pod.metadata.name,
        container: gpuRequest(pod).container ?? 'main',
        podKey: holder!,
      });
    });
  }
  return allocations;
}

/** Utilisation that follows traffic: ~15 % idle floor, ~50 % at 35 rps per pod. */
export function servingGpuUtil(
  rpsPerPod: number,
  override: [number, number] | undefined,
  key: string,
  nowMs: number,
): number {
  const w = wave(`${key}/util`, nowMs, 180_000);
  if (override) {
    const [lo, hi] = override;
    return lo + ((hi - lo) * (w + 1)) / 2;
  }
  return Math.min(100, Math.max(0, 15 + rpsPerPod + 4 * w));
}

export function trainingGpuUtil(key: string, nowMs: number): number {
  return 91 + 6 * wave(`${key}/util`, nowMs, 90_000);
}

/** A run that holds its GPUs and does nothing with them (a stuck data loader). */
export function idleTrainingGpuUtil(key: string, nowMs: number): number {
  return 1 + wave(`${key}/util`, nowMs, 90_000);
}

export function gpuPowerWatts(product: string, utilPercent: number): number {
  const spec = productSpec(product);
  return (
    spec.idleWatts + ((spec.maxWatts - spec.idleWatts) * utilPercent) / 100
  );
}

/** Frame buffer in use: the loaded model plus activations that grow with load. */
export function framebufferUsedMiB(
  modelMiB: number,
  utilPercent: number,
  totalMiB: number,
): number {
  return Math.min(
    totalMiB - 256,
    Math.round(modelMiB + (utilPercent / 100) * 0.08 * totalMiB),
  );
}
