import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  autoscalingPath,
  AutoscalingResponse,
  deliveryPath,
  DeliveryResponse,
  entityAlertsPath,
  EntityAlertsResponse,
  FLEET_PATH,
  FleetResponse,
  GpuJobDetailResponse,
  gpuJobDetailPath,
  gpuJobsPath,
  GpuJobsResponse,
  MLOPS_PLUGIN_ID,
  servingHealthPath,
  ServingHealthResponse,
  ServingTimeRange,
  servingTimeSeriesPath,
  ServingTimeSeriesResponse,
} from '@internal/plugin-mlops-common';
import { MlopsApi } from './MlopsApi';

/** {@link MlopsApi} over the backend's HTTP API. @public */
export class MlopsClient implements MlopsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getServingHealth(entity: CompoundEntityRef): Promise<ServingHealthResponse> {
    return this.get(servingHealthPath(entity));
  }

  getServingTimeSeries(
    entity: CompoundEntityRef,
    range: ServingTimeRange,
  ): Promise<ServingTimeSeriesResponse> {
    return this.get(servingTimeSeriesPath(entity, range));
  }

  getEntityAlerts(entity: CompoundEntityRef): Promise<EntityAlertsResponse> {
    return this.get(entityAlertsPath(entity));
  }

  getAutoscaling(entity: CompoundEntityRef): Promise<AutoscalingResponse> {
    return this.get(autoscalingPath(entity));
  }

  getDelivery(entity: CompoundEntityRef): Promise<DeliveryResponse> {
    return this.get(deliveryPath(entity));
  }

  getGpuJobs(
    entity: CompoundEntityRef,
    days: number,
  ): Promise<GpuJobsResponse> {
    return this.get(gpuJobsPath(entity, days));
  }

  getGpuJob(
    entity: CompoundEntityRef,
    job: { cluster: string; namespace: string; name: string },
  ): Promise<GpuJobDetailResponse> {
    return this.get(gpuJobDetailPath(entity, job));
  }

  getFleet(): Promise<FleetResponse> {
    return this.get(FLEET_PATH);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(MLOPS_PLUGIN_ID);
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
