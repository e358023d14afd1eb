import {
  AuthService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import { MlopsCore } from '../shared/core';
import { CollectorRunClaims } from '../shared/CollectorRunClaims';
import { scheduleCollector } from '../shared/scheduleCollector';
import { AutoscalingService } from './AutoscalingService';
import { readAutoscalingConfig } from './config';
import { KubernetesAutoscalingReader } from './KubernetesAutoscalingReader';
import { ScalingEventCollector } from './ScalingEventCollector';
import { ScalingEventStore } from './ScalingEventStore';

/** The scheduler's id of the collector; one run at a time across backend replicas. */
export const SCALING_HISTORY_TASK_ID = 'mlops-scaling-history';

/**
 * Wires autoscaling: the endpoint's service and the scheduled collector of
 * scaling history (scope global: once across backend replicas).
 */
export async function setUpAutoscaling(
  core: MlopsCore,
  deps: {
    rootConfig: RootConfigService;
    registry: KubernetesClusterAccessRegistry;
    db: Knex;
    scheduler: SchedulerService;
    auth: AuthService;
  },
): Promise<AutoscalingService> {
  const config = readAutoscalingConfig(deps.rootConfig);
  const reader = new KubernetesAutoscalingReader({
    registry: deps.registry,
    timeoutMs: core.config.kubernetesTimeoutMs,
    limits: core.config.limits,
  });
  const store = new ScalingEventStore(deps.db);
  const collector = new ScalingEventCollector({
    reader: new KubernetesAutoscalingReader({
      registry: deps.registry,
      timeoutMs: config.collectTimeoutMs,
      limits: core.config.limits,
    }),
    store,
    auth: deps.auth,
    logger: core.logger,
    retentionMs: config.retentionMs,
    limits: core.config.limits,
  });
  await scheduleCollector(
    deps.scheduler,
    {
      id: SCALING_HISTORY_TASK_ID,
      frequency: config.collectFrequency,
      timeout: config.runTimeout,
      initialDelay: { seconds: 15 },
    },
    collector,
    new CollectorRunClaims(deps.db),
  );
  return new AutoscalingService(core, { config, reader, store });
}
