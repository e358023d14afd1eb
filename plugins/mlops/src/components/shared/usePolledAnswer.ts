import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { entitySignalChannel } from '@internal/plugin-mlops-common';
import { DependencyList } from 'react';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';
import { useLiveAnswer } from './useLiveAnswer';

/**
 * One answer of `/api/mlops` about the page's entity, fetched again when
 * the backend signals a change of the entity (or polled without signals).
 * `deps` are what `load` reads besides the API and the entity.
 */
export function usePolledAnswer<T>(
  load: (api: MlopsApi, entity: CompoundEntityRef) => Promise<T>,
  deps: DependencyList = [],
) {
  const { entity } = useEntity();
  const api = useApi(mlopsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useLiveAnswer(
    () => load(api, ref),
    entitySignalChannel(stringifyEntityRef(ref)),
    [api, ref.kind, ref.namespace, ref.name, ...deps],
  );
  return { ...state, ref };
}
