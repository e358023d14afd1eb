import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ServingTimeRange } from '@internal/plugin-mlops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { mlopsApiRef } from '../../api/MlopsApi';

/** How often an open page refreshes; the backend shares answers for 15 s. */
const REFRESH_MS = 30_000;

/** The serving health of the page's entity, refreshed while the page is open. */
export function useServingHealth() {
  const { entity } = useEntity();
  const api = useApi(mlopsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => api.getServingHealth(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  useInterval(state.retry, REFRESH_MS);
  return state;
}

/** The firing and pending alerts of the page's entity, refreshed while the page is open. */
export function useEntityAlerts() {
  const { entity } = useEntity();
  const api = useApi(mlopsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => api.getEntityAlerts(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  useInterval(state.retry, REFRESH_MS);
  return state;
}

/** The chart data of the page's entity over `range`. */
export function useServingTimeSeries(range: ServingTimeRange) {
  const { entity } = useEntity();
  const api = useApi(mlopsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => api.getServingTimeSeries(ref, range),
    [api, ref.kind, ref.namespace, ref.name, range],
  );
  useInterval(state.retry, REFRESH_MS);
  return state;
}
