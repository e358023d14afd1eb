import { usePolledAnswer } from '../shared/usePolledAnswer';

/** The page entity's delivery answer, fetched again when the backend signals a change (polled without signals). */
export function useDelivery() {
  return usePolledAnswer((api, ref) => api.getDelivery(ref));
}
