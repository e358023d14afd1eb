import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AutoscalingResponse,
  DeliveryResponse,
  EntityAlertsResponse,
  FleetResponse,
  GpuJobDetailResponse,
  GpuJobsResponse,
  ServingHealthResponse,
  ServingTimeRange,
  ServingTimeSeriesResponse,
} from '@internal/plugin-mlops-common';

/** Reads every endpoint of `/api/mlops`: one entity's answers and the fleet's. @public */
export interface MlopsApi {
  getServingHealth(entity: CompoundEntityRef): Promise<ServingHealthResponse>;
  getServingTimeSeries(
    entity: CompoundEntityRef,
    range: ServingTimeRange,
  ): Promise<ServingTimeSeriesResponse>;
  getEntityAlerts(entity: CompoundEntityRef): Promise<EntityAlertsResponse>;
  getAutoscaling(entity: CompoundEntityRef): Promise<AutoscalingResponse>;
  /** Its Argo Rollouts and Deployments, their analysis and the model versions they serve. */
  getDelivery(entity: CompoundEntityRef): Promise<DeliveryResponse>;
  getGpuJobs(entity: CompoundEntityRef, days: number): Promise<GpuJobsResponse>;
  getGpuJob(
    entity: CompoundEntityRef,
    job: { cluster: string; namespace: string; name: string },
  ): Promise<GpuJobDetailResponse>;
  /** The fleet the caller may see: every model service, team and GPU pool. */
  getFleet(): Promise<FleetResponse>;
}

/** @public */
export const mlopsApiRef = createApiRef<MlopsApi>({ id: 'plugin.mlops.api' });
