import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { durationAt, durationMsAt } from '../config/configValues';
import { GpuPrices, readGpuPrices } from '../config/gpuPrices';

/** `mlops.fleet`, with defaults applied. */
export interface FleetConfig {
  frequency: HumanDuration;
  timeout: HumanDuration;
  /** Timeout of each of the task's Prometheus queries, which cover the whole fleet. */
  queryTimeoutMs: number;
  /** How long a replica keeps the answer before it reads the database again. */
  cacheTtlMs: number;
  prices: GpuPrices;
}

export function readFleetConfig(root: Config): FleetConfig {
  const c = root.getOptionalConfig('mlops.fleet');
  const frequency = durationAt(c, 'frequency', { seconds: 30 });
  return {
    frequency,
    timeout: durationAt(c, 'timeout', { minutes: 2 }),
    queryTimeoutMs: durationMsAt(c, 'queryTimeout', { seconds: 30 }),
    cacheTtlMs: 2 * durationMsAt(c, 'frequency', { seconds: 30 }),
    prices: readGpuPrices(root),
  };
}
