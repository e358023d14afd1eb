import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import { GpuJobDetail, GpuJobsResponse } from '@internal/plugin-mlops-common';

/** Reads the GPU jobs of entities from `/api/mlops`. @public */
export interface GpuJobsApi {
  getGpuJobs(entity: CompoundEntityRef, days: number): Promise<GpuJobsResponse>;
  getGpuJob(
    entity: CompoundEntityRef,
    job: { cluster: string; namespace: string; name: string },
  ): Promise<GpuJobDetail>;
}

/** @public */
export const gpuJobsApiRef = createApiRef<GpuJobsApi>({
  id: 'plugin.mlops.gpu-jobs',
});
