import type { V1PodSpec } from '@kubernetes/client-node';
import { parseQuantity } from '@internal/plugin-mlops-common';

/** GPUs a pod template or pod asks for, and of which extended resource. */
export interface GpuRequest {
  gpus: number;
  resource: string;
}

/**
 * The GPUs of a pod spec: per container, its limit (extended resources must
 * have limit = request) or its request, summed over containers; init
 * containers run one at a time, so the largest counts if it is larger.
 * Quantities may be strings (`"2"`) or numbers; anything else counts 0.
 * Null when no configured GPU resource is asked for.
 */
export function gpuRequestOf(
  spec: V1PodSpec | undefined,
  resources: readonly string[],
): GpuRequest | null {
  if (!spec) return null;
  const count = (
    c: NonNullable<V1PodSpec['containers']>[number],
    resource: string,
  ) => {
    const quantity =
      c.resources?.limits?.[resource] ?? c.resources?.requests?.[resource];
    const value = parseQuantity(quantity as string | number | undefined);
    return value !== null && value > 0 ? Math.floor(value) : 0;
  };
  for (const resource of resources) {
    const main = (spec.containers ?? []).reduce(
      (sum, c) => sum + count(c, resource),
      0,
    );
    const init = Math.max(
      0,
      ...(spec.initContainers ?? []).map(c => count(c, resource)),
    );
    const gpus = Math.max(main, init);
    if (gpus > 0) return { gpus, resource };
  }
  return null;
}
