import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { durationAt, durationMsAt } from '../config/configValues';
import { GpuPrices } from './fleetGpus';

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
  const perGpuHour: Record<string, number> = {};
  const table = c?.getOptionalConfig('gpuPrices.perGpuHour');
  for (const model of table?.keys() ?? []) {
    const price = table!.getNumber(model);
    if (!(price >= 0) || !Number.isFinite(price)) {
      throw new Error(
        `mlops.fleet.gpuPrices.perGpuHour.${model} must be a price of at least 0, not ${price}`,
      );
    }
    perGpuHour[model] = price;
  }
  const currency = c?.getOptionalString('gpuPrices.currency') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(
      `mlops.fleet.gpuPrices.currency must be an ISO 4217 code such as USD, not '${currency}'`,
    );
  }
  return {
    frequency,
    timeout: durationAt(c, 'timeout', { minutes: 2 }),
    queryTimeoutMs: durationMsAt(c, 'queryTimeout', { seconds: 30 }),
    cacheTtlMs: 2 * durationMsAt(c, 'frequency', { seconds: 30 }),
    prices: { currency, perGpuHour },
  };
}
