import { CompoundEntityRef } from '@backstage/catalog-model';

/** The plugin id: the backend answers under `/api/mlops`. @public */
export const MLOPS_PLUGIN_ID = 'mlops';

/** Time ranges of the serving charts. @public */
export const SERVING_TIME_RANGES = ['1h', '6h', '24h'] as const;

/** One of {@link SERVING_TIME_RANGES}. @public */
export type ServingTimeRange = (typeof SERVING_TIME_RANGES)[number];

/** `kind/namespace/name` of an entity, lowercased and encoded, for API paths. @public */
export function entityPath(ref: CompoundEntityRef): string {
  return [ref.kind, ref.namespace, ref.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
}

/** Path (below the plugin's base URL) of an entity's serving health. @public */
export function servingHealthPath(ref: CompoundEntityRef): string {
  return `/entities/${entityPath(ref)}/serving-health`;
}

/** Path (below the plugin's base URL) of an entity's serving time series. @public */
export function servingTimeSeriesPath(
  ref: CompoundEntityRef,
  range: ServingTimeRange,
): string {
  return `/entities/${entityPath(ref)}/serving-timeseries?range=${range}`;
}
