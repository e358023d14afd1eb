import { RootConfigService } from '@backstage/backend-plugin-api';
import { readMlflowConfig } from '../modelRegistry/config';
import { RegisteredModelReader } from '../modelRegistry/RegisteredModelReader';
import { MlopsCore } from '../shared/core';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import { readDeliveryConfig } from './config';
import { DeliveryService } from './DeliveryService';
import { KubernetesDeliveryReader } from './KubernetesDeliveryReader';

/** Wires delivery: the kubernetes plugin's clusters, Prometheus and, when configured, MLflow. */
export function setUpDelivery(
  core: MlopsCore,
  deps: {
    rootConfig: RootConfigService;
    registry: KubernetesClusterAccessRegistry;
  },
): DeliveryService {
  const mlflow = readMlflowConfig(deps.rootConfig);
  return new DeliveryService(core, {
    config: readDeliveryConfig(deps.rootConfig),
    reader: new KubernetesDeliveryReader({
      registry: deps.registry,
      timeoutMs: core.config.kubernetesTimeoutMs,
      limits: core.config.limits,
    }),
    registry: mlflow && new RegisteredModelReader(core.answers, mlflow),
  });
}
