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
export {
  legacyMlopsPlugin,
  EntityServingHealthCard,
  EntityServingContent,
  EntityAutoscalingContent,
  EntityGpuJobsContent,
  EntityGpuJobsCard,
  isModelService,
} from './legacy';
