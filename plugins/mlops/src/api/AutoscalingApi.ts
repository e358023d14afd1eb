import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import { AutoscalingResponse } from '@internal/plugin-mlops-common';

/** Reads the autoscaling of entities from `/api/mlops`. @public */
export interface AutoscalingApi {
  getAutoscaling(entity: CompoundEntityRef): Promise<AutoscalingResponse>;
}

/** @public */
export const autoscalingApiRef = createApiRef<AutoscalingApi>({
  id: 'plugin.mlops.autoscaling',
});
