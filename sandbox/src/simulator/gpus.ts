import type { KubeNode, Pod } from './kubeTypes';
import { stableUuid, wave } from './random';
import {
  GPU_PRODUCT_LABEL,
  GPU_RESOURCE,
  MIG_RESOURCE_PREFIX,
} from './workloads';

/** A MIG slice as the DCGM exporter labels it: `GPU_I_PROFILE` and `GPU_I_ID`. */
export interface MigSlice {
  profile: string;
  instanceId: number;
}

/** One device of a fake node (a whole GPU or a MIG slice), held by one container of a running pod. */
export interface GpuAllocation {
  node: string;
  /** The physical GPU; for a slice, the GPU it is cut from. */
  index: number;
  /** The physical GPU's UUID (DCGM labels a slice with its parent's). */
  uuid: string;
  modelName: string;
  /** Of the whole GPU, or of the slice. */
  memoryTotalMiB: number;
  mig?: MigSlice;
  namespace: string;
  pod: string;
  container: string;
  /** Key of the pod in the snapshot (namespace/name). */
  podKey: string;
}

/**
 * Per node, which pod (namespace/name) holds each of its devices, in the
 * order of {@link nodeDevices}; free devices are null.
 */
export type GpuAssignments = Map<string, Array<string | null>>;

/** A device the NVIDIA device plugin hands out: a whole GPU, or one MIG slice of a GPU. */
export interface GpuDevice {
  /** What pods ask for: nvidia.com/gpu or nvidia.com/mig-<profile>. */
  resource: string;
  index: number;
  memoryMiB: number;
  mig?: MigSlice;
}

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

/**
 * The GPU instance id nvidia-smi gives the first slice of a GPU split into
 * one profile on an A100, by compute slices: 1g 7..13, 2g 3..5, 3g 1..2, 7g 0.
 */
const FIRST_INSTANCE_ID: Record<number, number> = { 1: 7, 2: 3, 3: 1, 7: 0 };
const COMPUTE_SLICES_PER_GPU = 7;

/** How a profile such as 3g.40gb cuts a GPU of `gpuMemoryMiB`: slices per GPU, and its ids. */
function migLayout(profile: string, gpuMemoryMiB: number) {
  const match = /^(\d+)g\.(\d+)gb/.exec(profile);
  const computeSlices = Number(match?.[1] ?? 1);
  const gb = Number(match?.[2] ?? 10);
  const perGpu = Math.max(
    1,
    Math.min(
      Math.floor(COMPUTE_SLICES_PER_GPU / computeSlices),
      Math.floor(Math.round(gpuMemoryMiB / 1024) / gb),
    ),
  );
  return {
    computeSlices,
    perGpu,
    firstInstanceId: FIRST_INSTANCE_ID[computeSlices] ?? 1,
    memoryMiB: gb * 1024,
  };
}

const labelledMiB = (node: KubeNode, label: string): number | undefined => {
  const value = Number(node.metadata.labels?.[label] ?? NaN);
  return Number.isFinite(value) ? value : undefined;
};

/**
 * The devices a node advertises: whole GPUs (`nvidia.com/gpu`) at indices
 * 0.., then, in the GPU operator's mixed strategy, the slices of each MIG
 * profile (`nvidia.com/mig-<profile>`), the smallest profile first, each
 * filling GPUs of its own. A slice's memory is the node's
 * `nvidia.com/mig-<profile>.memory` label, else the profile's GB × 1024.
 */
export function nodeDevices(node: KubeNode): GpuDevice[] {
  const capacity = node.status?.capacity ?? {};
  const product = node.metadata.labels?.[GPU_PRODUCT_LABEL] ?? 'NVIDIA-GPU';
  const gpuMemoryMiB =
    labelledMiB(node, 'nvidia.com/gpu.memory') ??
    productSpec(product).memoryMiB;
  const devices: GpuDevice[] = [];
  const whole = Number(capacity[GPU_RESOURCE] ?? 0);
  for (let index = 0; index < whole; index++) {
    devices.push({ resource: GPU_RESOURCE, index, memoryMiB: gpuMemoryMiB });
  }
  let nextGpu = whole;
  const profiles = Object.keys(capacity)
    .filter(r => r.startsWith(MIG_RESOURCE_PREFIX))
    .map(r => r.slice(MIG_RESOURCE_PREFIX.length))
    .map(profile => ({ profile, layout: migLayout(profile, gpuMemoryMiB) }))
    .sort(
      (a, b) =>
        a.layout.computeSlices - b.layout.computeSlices ||
        a.profile.localeCompare(b.profile),
    );
  for (const { profile, layout } of profiles) {
    const resource = `${MIG_RESOURCE_PREFIX}${profile}`;
    const count = Number(capacity[resource] ?? 0);
    const memoryMiB =
      labelledMiB(node, `${resource}.memory`) ?? layout.memoryMiB;
    for (let s = 0; s < count; s++) {
      devices.push({
        resource,
        index: nextGpu + Math.floor(s / layout.perGpu),
        memoryMiB,
        mig: {
          profile,
          instanceId: layout.firstInstanceId + (s % layout.perGpu),
        },
      });
    }
    nextGpu += Math.ceil(count / layout.perGpu);
  }
  return devices;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

const isDeviceResource = (resource: string) =>
  resource === GPU_RESOURCE || resource.startsWith(MIG_RESOURCE_PREFIX);

/**
 * Whole GPUs and MIG slices a pod asks for, by resource, and the container
 * asking (the first one that does).
 */
export function deviceRequest(pod: Pod): {
  devices: Map<string, number>;
  container?: string;
} {
  const devices = new Map<string, number>();
  let container: string | undefined;
  for (const c of pod.spec.containers) {
    const { limits = {}, requests = {} } = c.resources ?? {};
    const resources = new Set(
      [...Object.keys(limits), ...Object.keys(requests)].filter(
        isDeviceResource,
      ),
    );
    for (const resource of resources) {
      const n = Number(limits[resource] ?? requests[resource]);
      if (n > 0) {
        devices.set(resource, (devices.get(resource) ?? 0) + n);
        container ??= c.name;
      }
    }
  }
  return { devices, container };
}

function holdsGpus(pod: Pod): boolean {
  return (
    !!pod.spec.nodeName &&
    pod.status?.phase === 'Running' &&
    !pod.metadata.deletionTimestamp &&
    deviceRequest(pod).devices.size > 0
  );
}

const byCreation = (a: Pod, b: Pod) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(
    b.metadata.creationTimestamp ?? '',
  ) || a.metadata.name.localeCompare(b.metadata.name);

/**
 * Gives each running pod the devices it asks for on its node (whole GPUs,
 * MIG slices of the profile it names). A pod keeps the devices it had in
 * `previous`; newcomers take the lowest free ones, the way a device plugin
 * hands them out. Pods that do not fit get nothing.
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
    const devices = nodeDevices(node);
    if (!devices.length) continue;
    const wanted = new Map(
      (byNode.get(name) ?? []).map(p => [podKey(p), deviceRequest(p).devices]),
    );
    const slots = devices.map((device, i) => {
      const holder = previous.get(name)?.[i] ?? null;
      return holder && wanted.get(holder)?.has(device.resource) ? holder : null;
    });
    const newcomers = (byNode.get(name) ?? [])
      .filter(p => !slots.includes(podKey(p)))
      .sort(byCreation);
    for (const pod of newcomers) {
      const picked: number[] = [];
      const fits = [...(wanted.get(podKey(pod)) ?? [])].every(
        ([resource, count]) => {
          const free = devices.flatMap((d, i) =>
            d.resource === resource && slots[i] === null ? [i] : [],
          );
          picked.push(...free.slice(0, count));
          return free.length >= count;
        },
      );
      if (!fits) continue;
      for (const i of picked) slots[i] = podKey(pod);
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
    nodeDevices(node).forEach((device, i) => {
      const holder = slots[i];
      const pod = holder ? podsByKey.get(holder) : undefined;
      if (!pod) return;
      allocations.push({
        node: node.metadata.name,
        index: device.index,
        uuid: `GPU-${stableUuid(
          `${cluster}/${node.metadata.name}/${device.index}`,
        )}`,
        modelName: product,
        memoryTotalMiB: device.memoryMiB,
        ...(device.mig ? { mig: device.mig } : {}),
        namespace: pod.metadata.namespace ?? 'default',
        pod: pod.metadata.name,
        container: deviceRequest(pod).container ?? 'main',
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

/** A training run on a MIG slice: the slice's graphics engine ~63-87 % active. */
export function migTrainingGpuUtil(key: string, nowMs: number): number {
  return 75 + 12 * wave(`${key}/util`, nowMs, 90_000);
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
