import { LoggerService } from '@backstage/backend-plugin-api';
import { MlopsConfig } from '../config/mlopsConfig';
import { NamespaceBindings } from '../tenancy/namespaceBindings';
import { KubernetesWorkloadReader } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { PrometheusClient } from '../upstream/prometheus/PrometheusClient';
import { SharedAnswers } from './SharedAnswers';

/**
 * What every feature of the plugin shares, built once in plugin.ts: the
 * plugin-wide config, which owner holds which namespace (`mlops.tenancy`),
 * the kubernetes plugin's clusters, one client per Prometheus instance and
 * the cache of shared answers.
 */
export interface MlopsCore {
  config: MlopsConfig;
  tenancy: NamespaceBindings;
  kubernetes: KubernetesWorkloadReader;
  prometheus: ReadonlyMap<string, PrometheusClient>;
  answers: SharedAnswers;
  logger: LoggerService;
}
