import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';

/** How often an open page refreshes; the backend shares answers for 15 s. */
const REFRESH_MS = 30_000;

/**
 * One answer of `/api/mlops` about the page's entity, asked again while the
 * page is open. `deps` are what `load` reads besides the API and the entity.
 */
export function usePolledAnswer<T>(
  load: (api: MlopsApi, entity: CompoundEntityRef) => Promise<T>,
  deps: DependencyList = [],
) {
  const { entity } = useEntity();
  const api = useApi(mlopsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => load(api, ref),
    [api, ref.kind, ref.namespace, ref.name, ...deps],
  );
  useInterval(state.retry, REFRESH_MS);
  return { ...state, ref };
}
