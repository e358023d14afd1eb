import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { FiringAlertsService } from '../alerts/FiringAlertsService';
import { FleetService } from '../fleet/FleetService';
import { AutoscalingService } from '../autoscaling/AutoscalingService';
import { DeliveryService } from '../delivery/DeliveryService';
import { GpuJobsService } from '../gpuJobs/GpuJobsService';
import { ServingHealthService } from '../serving/ServingHealthService';
import {
  LocalSandboxConfig,
  LocalSandboxWatch,
  withLocalSandboxMarks,
} from '../shared/localSandbox';
import { addAlertsRoutes } from './alertsRoutes';
import { addAutoscalingRoutes } from './autoscalingRoutes';
import { addDeliveryRoutes } from './deliveryRoutes';
import { addFleetRoutes } from './fleetRoutes';
import { entityRequests } from './entityRequest';
import { EntityRoutes } from './EntityRoutes';
import { addGpuJobRoutes } from './gpuJobsRoutes';
import { addServingRoutes } from './servingRoutes';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  servingHealth: ServingHealthService;
  autoscaling: AutoscalingService;
  delivery: DeliveryService;
  firingAlerts: FiringAlertsService;
  gpuJobs: GpuJobsService;
  fleet: FleetService;
  /** `mlops.localSandbox`, set only in the local defaults. */
  localSandbox?: LocalSandboxConfig;
}

/** /api/mlops: each feature's routes check the input, the caller and the entity, then ask its service. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  const sandbox =
    options.localSandbox && new LocalSandboxWatch(options.localSandbox);
  const routes: EntityRoutes = {
    entityFor: entityRequests(options),
    asSent: answer => withLocalSandboxMarks(answer, sandbox),
  };
  addServingRoutes(router, routes, options.servingHealth);
  addAlertsRoutes(router, routes, options.firingAlerts);
  addAutoscalingRoutes(router, routes, options.autoscaling);
  addDeliveryRoutes(router, routes, options.delivery);
  addGpuJobRoutes(router, routes, options.gpuJobs);
  addFleetRoutes(router, options.httpAuth, options.fleet);
  return router;
}
