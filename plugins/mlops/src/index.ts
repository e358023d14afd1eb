/**
 * The MLOps Portal's frontend plugin: the serving health of model services
 * (an Overview card and a Serving tab), for the new frontend system, with
 * legacy exports.
 *
 * @packageDocumentation
 */

export { mlopsPlugin as default } from './plugin';
export { mlopsApiRef, type MlopsApi } from './api/MlopsApi';
export { MlopsClient } from './api/MlopsClient';
export { autoscalingApiRef, type AutoscalingApi } from './api/AutoscalingApi';
export { AutoscalingClient } from './api/AutoscalingClient';
export { gpuJobsApiRef, type GpuJobsApi } from './api/GpuJobsApi';
export { GpuJobsClient } from './api/GpuJobsClient';
export {
  legacyMlopsPlugin,
  EntityServingHealthCard,
  EntityServingContent,
  EntityAutoscalingContent,
  EntityGpuJobsContent,
  EntityGpuJobsCard,
  isModelService,
} from './legacy';
