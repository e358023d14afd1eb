import { Config } from '@backstage/config';
import { durationMsAt } from '../config/configValues';
import { rangeOf } from '../upstream/prometheus/promql';

/** `mlops.delivery`, with defaults applied. */
export interface DeliveryConfig {
  cacheTtlMs: number;
  /** The window of the revisions' SLO figures, a Prometheus duration such as `5m`. */
  sloWindow: string;
}

export function readDeliveryConfig(root: Config): DeliveryConfig {
  const c = root.getOptionalConfig('mlops.delivery');
  const sloWindow = c?.getOptionalString('sloWindow') ?? '5m';
  try {
    rangeOf(sloWindow);
  } catch {
    throw new Error(
      `mlops.delivery.sloWindow: '${sloWindow}' is not a Prometheus duration such as 5m`,
    );
  }
  return {
    cacheTtlMs: durationMsAt(c, 'cacheTtl', { seconds: 15 }),
    sloWindow,
  };
}
