import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { mlopsApiRef } from './api/MlopsApi';
import { MlopsClient } from './api/MlopsClient';

/** Model services: components of spec.type model-service. */
export const isModelService = {
  kind: 'component',
  'spec.type': 'model-service',
};

export const mlopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlopsClient({ discoveryApi, fetchApi }),
    }),
});

/** Entities that run GPU jobs: training pipelines, model services and teams. */
export function hasGpuJobs(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return (
    kind === 'group' ||
    (kind === 'component' &&
      ['training-pipeline', 'model-service'].includes(
        String(entity.spec?.type),
      ))
  );
}

/** The GPU jobs tab. */
export const gpuJobsContent = EntityContentBlueprint.make({
  name: 'gpu-jobs',
  params: {
    path: '/gpu-jobs',
    title: 'GPU jobs',
    filter: hasGpuJobs,
    loader: () =>
      import('./components/gpuJobs/GpuJobsContent').then(m => (
        <m.GpuJobsContent />
      )),
  },
});

/** The Overview card of idle and failing GPU jobs. */
export const gpuJobsCard = EntityCardBlueprint.make({
  name: 'gpu-jobs',
  params: {
    type: 'content',
    filter: hasGpuJobs,
    loader: () =>
      import('./components/gpuJobs/GpuJobsCard').then(m => <m.GpuJobsCard />),
  },
});

/** The Overview card of every model service. */
export const servingHealthCard = EntityCardBlueprint.make({
  name: 'serving-health',
  params: {
    type: 'content',
    filter: isModelService,
    loader: () =>
      import('./components/serving/ServingHealthCard').then(m => (
        <m.ServingHealthCard />
      )),
  },
});

/** The Serving tab of every model service. */
export const servingContent = EntityContentBlueprint.make({
  name: 'serving',
  params: {
    path: '/serving',
    title: 'Serving',
    filter: isModelService,
    loader: () =>
      import('./components/serving/ServingContent').then(m => (
        <m.ServingContent />
      )),
  },
});

/** The Autoscaling tab of every model service. */
export const autoscalingContent = EntityContentBlueprint.make({
  name: 'autoscaling',
  params: {
    path: '/autoscaling',
    title: 'Autoscaling',
    filter: isModelService,
    loader: () =>
      import('./components/autoscaling/AutoscalingContent').then(m => (
        <m.AutoscalingContent />
      )),
  },
});

/**
 * The MLOps plugin: serving health of model services.
 *
 * @public
 */
export const mlopsPlugin = createFrontendPlugin({
  pluginId: 'mlops',
  title: 'MLOps',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    mlopsApi,
    servingHealthCard,
    servingContent,
    autoscalingContent,
    gpuJobsContent,
    gpuJobsCard,
  ],
});
