import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { mlopsApiRef } from './api/MlopsApi';
import { MlopsClient } from './api/MlopsClient';

/**
 * The plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const legacyMlopsPlugin = createPlugin({
  id: 'mlops',
  apis: [
    createApiFactory({
      api: mlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlopsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Overview card, for legacy entity pages. @public */
export const EntityServingHealthCard = legacyMlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityServingHealthCard',
    component: {
      lazy: () =>
        import('./components/ServingHealthCard').then(m => m.ServingHealthCard),
    },
  }),
);

/** The Serving tab's content, for legacy entity pages. @public */
export const EntityServingContent = legacyMlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityServingContent',
    component: {
      lazy: () =>
        import('./components/ServingContent').then(m => m.ServingContent),
    },
  }),
);

/** The Autoscaling tab's content, for legacy entity pages. @public */
export const EntityAutoscalingContent = legacyMlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityAutoscalingContent',
    component: {
      lazy: () =>
        import('./components/autoscaling/AutoscalingContent').then(
          m => m.AutoscalingContent,
        ),
    },
  }),
);

/** The GPU jobs tab's content, for legacy entity pages. @public */
export const EntityGpuJobsContent = legacyMlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGpuJobsContent',
    component: {
      lazy: () =>
        import('./components/gpuJobs/GpuJobsContent').then(
          m => m.GpuJobsContent,
        ),
    },
  }),
);

/** The Overview card of idle and failing GPU jobs, for legacy entity pages. @public */
export const EntityGpuJobsCard = legacyMlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGpuJobsCard',
    component: {
      lazy: () =>
        import('./components/gpuJobs/GpuJobsCard').then(m => m.GpuJobsCard),
    },
  }),
);

/** For `<EntitySwitch.Case if={isModelService}>` in legacy entity pages. @public */
export function isModelService(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === 'model-service'
  );
}
