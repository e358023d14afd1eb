import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  autoscalingPath,
  AutoscalingResponse,
  MLOPS_PLUGIN_ID,
} from '@internal/plugin-mlops-common';
import { AutoscalingApi } from './AutoscalingApi';

/** {@link AutoscalingApi} over the backend's HTTP API. @public */
export class AutoscalingClient implements AutoscalingApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getAutoscaling(
    entity: CompoundEntityRef,
  ): Promise<AutoscalingResponse> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(MLOPS_PLUGIN_ID);
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${autoscalingPath(entity)}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as AutoscalingResponse;
  }
}
