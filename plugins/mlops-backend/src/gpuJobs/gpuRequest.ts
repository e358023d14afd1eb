import type { V1Container, V1PodSpec } from '@kubernetes/client-node';
import {
  gpuEquivalentOf,
  MIG_RESOURCE_PREFIX,
  migSliceOf,
  parseQuantity,
} from '@internal/plugin-mlops-common';

/** GPUs a pod template or pod asks for, and of which extended resource. */
export interface GpuRequest {
  /** Devices asked for: whole GPUs, or MIG slices. */
  gpus: number;
  /** The extended resource; of several MIG profiles, the one with the largest share. */
  resource: string;
  /** What they amount to in GPUs: a MIG slice counts its fraction (3g.40gb = 3/7). */
  gpuEquivalents: number;
  /** The MIG profiles asked for, largest share first (`3g.40gb`, `3g.40gb, 1g.10gb`); null for whole GPUs. */
  migProfile: string | null;
}

function count(c: V1Container, resource: string): number {
  const quantity =
    c.resources?.limits?.[resource] ?? c.resources?.requests?.[resource];
  const value = parseQuantity(quantity as string | number | undefined);
  return value !== null && value > 0 ? Math.floor(value) : 0;
}

/** Per container, its limit or request, summed; init containers run one at a time. */
function devicesOf(spec: V1PodSpec, resource: string): number {
  const main = (spec.containers ?? []).reduce(
    (sum, c) => sum + count(c, resource),
    0,
  );
  const init = Math.max(
    0,
    ...(spec.initContainers ?? []).map(c => count(c, resource)),
  );
  return Math.max(main, init);
}

/** The well-formed MIG resources any container names. */
function migResourcesOf(spec: V1PodSpec): string[] {
  const names = new Set<string>();
  for (const c of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
  ]) {
    for (const name of [
      ...Object.keys(c.resources?.limits ?? {}),
      ...Object.keys(c.resources?.requests ?? {}),
    ]) {
      if (name.startsWith(MIG_RESOURCE_PREFIX) && migSliceOf(name)) {
        names.add(name);
      }
    }
  }
  return [...names].sort();
}

/**
 * The MIG slices of a pod spec, every profile it asks for: the slices
 * summed, their GPU-equivalents summed, the profiles named largest share
 * first. Null when it asks for none.
 */
function migRequestOf(spec: V1PodSpec): GpuRequest | null {
  const asked = migResourcesOf(spec)
    .map(resource => {
      const devices = devicesOf(spec, resource);
      return {
        resource,
        devices,
        equivalents: gpuEquivalentOf(resource, devices),
      };
    })
    .filter(r => r.devices > 0)
    .sort((a, b) => b.equivalents - a.equivalents);
  if (asked.length === 0) return null;
  return {
    gpus: asked.reduce((sum, r) => sum + r.devices, 0),
    resource: asked[0].resource,
    gpuEquivalents: asked.reduce((sum, r) => sum + r.equivalents, 0),
    migProfile: asked.map(r => migSliceOf(r.resource)!.profile).join(', '),
  };
}

/**
 * The GPUs of a pod spec: per container, its limit (extended resources must
 * have limit = request) or its request, summed over containers; init
 * containers run one at a time, so the largest counts if it is larger.
 * Quantities may be strings (`"2"`) or numbers; anything else counts 0.
 * The first configured resource asked for wins; when none is, the MIG
 * slices (`nvidia.com/mig-<g>g.<memory>gb`) of the `mixed` strategy count.
 * Null when it asks for neither.
 */
export function gpuRequestOf(
  spec: V1PodSpec | undefined,
  resources: readonly string[],
): GpuRequest | null {
  if (!spec) return null;
  for (const resource of resources) {
    const gpus = devicesOf(spec, resource);
    if (gpus > 0) {
      return {
        gpus,
        resource,
        gpuEquivalents: gpuEquivalentOf(resource, gpus),
        migProfile: migSliceOf(resource)?.profile ?? null,
      };
    }
  }
  return migRequestOf(spec);
}
