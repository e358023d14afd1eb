import { Config } from '@backstage/config';

/** Price per GPU-hour by GPU model (`mlops.fleet.gpuPrices`). */
export interface GpuPrices {
  currency: string;
  perGpuHour: Record<string, number>;
}

/** `mlops.fleet.gpuPrices`: the fleet's cost figures and each LLM service's cost per token. */
export function readGpuPrices(root: Config): GpuPrices {
  const c = root.getOptionalConfig('mlops.fleet.gpuPrices');
  const perGpuHour: Record<string, number> = {};
  const table = c?.getOptionalConfig('perGpuHour');
  for (const model of table?.keys() ?? []) {
    const price = table!.getNumber(model);
    if (!(price >= 0) || !Number.isFinite(price)) {
      throw new Error(
        `mlops.fleet.gpuPrices.perGpuHour.${model} must be a price of at least 0, not ${price}`,
      );
    }
    perGpuHour[model] = price;
  }
  const currency = c?.getOptionalString('currency') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(
      `mlops.fleet.gpuPrices.currency must be an ISO 4217 code such as USD, not '${currency}'`,
    );
  }
  return { currency, perGpuHour };
}
