import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  GpuJobDetail,
  gpuJobDetailPath,
  gpuJobsPath,
  GpuJobsResponse,
  MLOPS_PLUGIN_ID,
} from '@internal/plugin-mlops-common';
import { GpuJobsApi } from './GpuJobsApi';

/** {@link GpuJobsApi} over the backend's HTTP API. @public */
export class GpuJobsClient implements GpuJobsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getGpuJobs(
    entity: CompoundEntityRef,
    days: number,
  ): Promise<GpuJobsResponse> {
    return this.get(gpuJobsPath(entity, days));
  }

  async getGpuJob(
    entity: CompoundEntityRef,
    job: { cluster: string; namespace: string; name: string },
  ): Promise<GpuJobDetail> {
    return this.get(gpuJobDetailPath(entity, job));
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(MLOPS_PLUGIN_ID);
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
