import {
  AuthService,
  CacheService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { KubernetesClusterAccessRegistry } from '../kubernetes/clusterAccess';
import { KubernetesWorkloadReader } from '../kubernetes/KubernetesWorkloadReader';
import { ServingConfig } from '../service/config';
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
export async function setUpAutoscaling(deps: {
  rootConfig: RootConfigService;
  serving: ServingConfig;
  kubernetes: KubernetesWorkloadReader;
  registry: KubernetesClusterAccessRegistry;
  db: Knex;
  cache: CacheService;
  scheduler: SchedulerService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<AutoscalingService> {
  const config = readAutoscalingConfig(deps.rootConfig);
  const reader = new KubernetesAutoscalingReader({
    registry: deps.registry,
    timeoutMs: deps.serving.kubernetesTimeoutMs,
  });
  const store = new ScalingEventStore(deps.db);
  const collector = new ScalingEventCollector({
    reader: new KubernetesAutoscalingReader({
      registry: deps.registry,
      timeoutMs: config.collectTimeoutMs,
    }),
    store,
    auth: deps.auth,
    logger: deps.logger,
    retentionMs: config.retentionMs,
  });
  await deps.scheduler.scheduleTask({
    id: SCALING_HISTORY_TASK_ID,
    scope: 'global',
    frequency: config.collectFrequency,
    timeout: { minutes: 5 },
    initialDelay: { seconds: 15 },
    fn: async signal => {
      await collector.run(signal as AbortSignal);
    },
  });
  return new AutoscalingService({
    serving: deps.serving,
    config,
    kubernetes: deps.kubernetes,
    reader,
    store,
    cache: deps.cache,
    logger: deps.logger,
  });
}
