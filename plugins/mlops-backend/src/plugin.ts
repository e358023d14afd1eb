import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mlopsPermissions } from '@internal/plugin-mlops-common';
import { readAlertsConfig } from './alerts/config';
import { FiringAlertsService } from './alerts/FiringAlertsService';
import { setUpAutoscaling } from './autoscaling/setup';
import { setUpGpuJobs } from './gpuJobs/setup';
import { applyDatabaseMigrations } from './database/migrations';
import { kubernetesClusterAccessServiceRef } from './kubernetes/clusterAccess';
import { KubernetesWorkloadReader } from './kubernetes/KubernetesWorkloadReader';
import { createRouter } from './router';
import { readServingConfig } from './service/config';
import { ServingHealthService } from './service/ServingHealthService';

/**
 * The mlops backend plugin: `/api/mlops`, model-serving health from
 * Prometheus and the kubernetes plugin's clusters.
 *
 * @public
 */
export const mlopsPlugin = createBackendPlugin({
  pluginId: 'mlops',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        cache: coreServices.cache,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        clusterAccess: kubernetesClusterAccessServiceRef,
      },
      async init(deps) {
        const config = readServingConfig(deps.config);
        const db = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(db);
        }
        deps.permissionsRegistry.addPermissions(mlopsPermissions);
        const kubernetes = new KubernetesWorkloadReader({
          registry: deps.clusterAccess,
          logger: deps.logger,
          timeoutMs: config.kubernetesTimeoutMs,
        });
        const servingHealth = new ServingHealthService({
          config,
          kubernetes,
          cache: deps.cache,
          logger: deps.logger,
        });
        const autoscaling = await setUpAutoscaling({
          rootConfig: deps.config,
          serving: config,
          kubernetes,
          registry: deps.clusterAccess,
          db,
          cache: deps.cache,
          scheduler: deps.scheduler,
          auth: deps.auth,
          logger: deps.logger,
        });
        const gpuJobs = await setUpGpuJobs({
          rootConfig: deps.config,
          serving: config,
          kubernetes,
          registry: deps.clusterAccess,
          catalog: deps.catalog,
          db,
          cache: deps.cache,
          scheduler: deps.scheduler,
          auth: deps.auth,
          logger: deps.logger,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            servingHealth,
            autoscaling,
            gpuJobs: gpuJobs.service,
            firingAlerts: new FiringAlertsService({
              serving: config,
              alerts: readAlertsConfig(deps.config),
              cache: deps.cache,
            }),
          }),
        );
        deps.logger.info(
          `Serving health reads ${config.instances.length} Prometheus instance(s) and ${config.profiles.length} metric profiles`,
        );
      },
    });
  },
});
