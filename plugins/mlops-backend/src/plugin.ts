import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { mlopsPermissions } from '@internal/plugin-mlops-common';
import { readAlertsConfig } from './alerts/config';
import { FiringAlertsService } from './alerts/FiringAlertsService';
import { setUpAutoscaling } from './autoscaling/setup';
import { setUpDelivery } from './delivery/setup';
import { setUpGpuJobs } from './gpuJobs/setup';
import { setUpFleet } from './fleet/setup';
import { applyDatabaseMigrations } from './database/migrations';
import { kubernetesClusterAccessServiceRef } from './upstream/kubernetes/clusterAccess';
import { KubernetesWorkloadReader } from './upstream/kubernetes/KubernetesWorkloadReader';
import { createRouter } from './router/createRouter';
import { readMlopsConfig } from './config/mlopsConfig';
import { MlopsCore } from './shared/core';
import {
  NamespaceBindings,
  readTenancyConfig,
} from './tenancy/namespaceBindings';
import { SharedAnswers } from './shared/SharedAnswers';
import { ChangeSignals } from './shared/entitySignals';
import { readLocalSandboxConfig } from './shared/localSandbox';
import { PrometheusClient } from './upstream/prometheus/PrometheusClient';
import { ServingHealthService } from './serving/ServingHealthService';

/**
 * The mlops backend plugin: `/api/mlops`, what model services do (serving
 * health, alerts, autoscaling, delivery, GPU jobs) from Prometheus, the
 * kubernetes plugin's clusters and an MLflow registry, with the history
 * those forget.
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
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        clusterAccess: kubernetesClusterAccessServiceRef,
      },
      async init(deps) {
        const config = readMlopsConfig(deps.config);
        const db = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(db);
        }
        deps.permissionsRegistry.addPermissions(mlopsPermissions);
        const tenancy = readTenancyConfig(deps.config);
        const core: MlopsCore = {
          config,
          tenancy: new NamespaceBindings(tenancy.namespaces),
          kubernetes: new KubernetesWorkloadReader({
            registry: deps.clusterAccess,
            logger: deps.logger,
            timeoutMs: config.kubernetesTimeoutMs,
            limits: config.limits,
          }),
          prometheus: PrometheusClient.byName(config.instances),
          answers: new SharedAnswers(deps.cache),
          logger: deps.logger,
        };
        const signals = new ChangeSignals(deps.signals);
        const collectors = {
          rootConfig: deps.config,
          registry: deps.clusterAccess,
          db,
          scheduler: deps.scheduler,
          auth: deps.auth,
        };
        const gpuJobs = await setUpGpuJobs(core, {
          ...collectors,
          catalog: deps.catalog,
          lifecycle: deps.lifecycle,
          signals,
        });
        const servingHealth = new ServingHealthService(core);
        const fleet = await setUpFleet(core, {
          ...collectors,
          catalog: deps.catalog,
          cache: deps.cache,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          signals,
          servingHealth,
          gpuJobs,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            servingHealth,
            autoscaling: await setUpAutoscaling(core, collectors),
            delivery: setUpDelivery(core, collectors),
            gpuJobs: gpuJobs.service,
            fleet,
            firingAlerts: new FiringAlertsService(
              core,
              readAlertsConfig(deps.config),
            ),
            localSandbox: readLocalSandboxConfig(deps.config),
          }),
        );
        deps.logger.info(
          `Serving health reads ${config.instances.length} Prometheus instance(s) and ${config.profiles.length} metric profiles`,
        );
        deps.logger.info(
          `Tenancy: ${tenancy.namespaces.length} namespace binding(s) under mlops.tenancy.namespaces; entities read only namespaces their owner holds`,
        );
      },
    });
  },
});
