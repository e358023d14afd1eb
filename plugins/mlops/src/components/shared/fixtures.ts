import { Entity } from '@backstage/catalog-model';
import { SourceReport } from '@internal/plugin-mlops-common';

/** A model service as the catalog holds it: the sandbox's fraud-scorer. */
export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-scorer',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'fraud-scorer',
      'backstage.io/kubernetes-namespace': 'fraud-ml',
    },
  },
  spec: { type: 'model-service', owner: 'fraud-ml', lifecycle: 'production' },
};

/** The sandbox's Prometheus, refusing connections. */
export const unreachablePrometheus: SourceReport = {
  kind: 'prometheus',
  name: 'sandbox',
  ok: false,
  error: {
    kind: 'unreachable',
    message: "Prometheus 'sandbox' is unreachable (ECONNREFUSED)",
  },
  requests: 1,
  durationMs: 3,
};
