import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { mlopsApiRef } from '../../api/MlopsApi';

/** How often an open tab refreshes; the backend shares answers for 15 s. */
const REFRESH_MS = 30_000;

/** The GPU jobs of the page's entity over `days`, refreshed while shown. */
export function useGpuJobs(days: number) {
  const { entity } = useEntity();
  const api = useApi(mlopsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => api.getGpuJobs(ref, days),
    [api, ref.kind, ref.namespace, ref.name, days],
  );
  useInterval(state.retry, REFRESH_MS);
  return { ...state, ref };
}
