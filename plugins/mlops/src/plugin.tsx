import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { mlopsApiRef } from './api/MlopsApi';
import { MlopsClient } from './api/MlopsClient';
import { fleetRouteRef } from './routes';

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

/** The Delivery tab of every model service: Argo Rollouts, their analysis and the model versions served. */
export const deliveryContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: '/delivery',
    title: 'Delivery',
    filter: isModelService,
    loader: () =>
      import('./components/delivery/EntityDeliveryContent').then(m => (
        <m.EntityDeliveryContent />
      )),
  },
});

/**
 * The Overview card of the model versions a service serves. Off by default
 * (the Delivery tab shows them); enable `entity-card:mlops/model-versions`.
 */
export const modelVersionsCard = EntityCardBlueprint.make({
  name: 'model-versions',
  disabled: true,
  params: {
    type: 'content',
    filter: isModelService,
    loader: () =>
      import('./components/delivery/ModelVersionsCard').then(m => (
        <m.ModelVersionsCard />
      )),
  },
});

/** The Model fleet page, in the sidebar. */
export const fleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/mlops/fleet',
    title: 'Model fleet',
    icon: <StorageIcon />,
    routeRef: fleetRouteRef,
    loader: () =>
      import('./components/fleet/FleetPage').then(m => <m.FleetPage />),
  },
});

/** The fleet's figures on the home page. */
export const fleetHomeWidget = HomePageWidgetBlueprint.make({
  name: 'fleet',
  params: {
    name: 'ModelFleetWidget',
    title: 'Model fleet',
    description:
      'Services by status, GPUs against capacity, idle GPUs and GPU cost',
    components: () =>
      import('./components/fleet/FleetHomeContent').then(m => ({
        Content: m.FleetHomeContent,
      })),
  },
});

/**
 * The MLOps plugin: serving health of model services, and the fleet.
 *
 * @public
 */
export const mlopsPlugin = createFrontendPlugin({
  pluginId: 'mlops',
  title: 'MLOps',
  info: { packageJson: () => import('../package.json') },
  routes: { fleet: fleetRouteRef },
  extensions: [
    mlopsApi,
    fleetPage,
    fleetHomeWidget,
    servingHealthCard,
    servingContent,
    autoscalingContent,
    deliveryContent,
    modelVersionsCard,
    gpuJobsContent,
    gpuJobsCard,
  ],
});
