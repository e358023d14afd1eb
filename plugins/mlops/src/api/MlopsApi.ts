import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EntityAlertsResponse,
  ServingHealthResponse,
  ServingTimeRange,
  ServingTimeSeriesResponse,
} from '@internal/plugin-mlops-common';

/** Reads `/api/mlops`. @public */
export interface MlopsApi {
  getServingHealth(entity: CompoundEntityRef): Promise<ServingHealthResponse>;
  getServingTimeSeries(
    entity: CompoundEntityRef,
    range: ServingTimeRange,
  ): Promise<ServingTimeSeriesResponse>;
  getEntityAlerts(entity: CompoundEntityRef): Promise<EntityAlertsResponse>;
}

/** @public */
export const mlopsApiRef = createApiRef<MlopsApi>({ id: 'plugin.mlops.api' });
