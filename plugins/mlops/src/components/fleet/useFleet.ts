import { useApi } from '@backstage/frontend-plugin-api';
import { FLEET_SIGNAL_CHANNEL } from '@internal/plugin-mlops-common';
import { mlopsApiRef } from '../../api/MlopsApi';
import { useLiveAnswer } from '../shared/useLiveAnswer';

/** The fleet answer, fetched again when the backend signals a change. */
export function useFleet() {
  const api = useApi(mlopsApiRef);
  return useLiveAnswer(() => api.getFleet(), FLEET_SIGNAL_CHANNEL, [api]);
}
