import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { kubernetesFetcherExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { durationMsAt } from '../../config/configValues';
import { TimeBoundFetcher } from './TimeBoundFetcher';

/** `mlops.kubernetesTab`, with defaults applied. */
export function readKubernetesTabConfig(root: Config) {
  const tab = root.getOptionalConfig('mlops.kubernetesTab');
  const enabled = tab?.getOptionalBoolean('boundClusterCalls') ?? true;
  const timeoutMs = durationMsAt(tab, 'clusterTimeout', { seconds: 5 });
  const retryAfterMs = durationMsAt(tab, 'retryAfter', { seconds: 30 });
  if (timeoutMs <= 0 || retryAfterMs <= 0) {
    throw new Error(
      'mlops.kubernetesTab: clusterTimeout and retryAfter must be longer than 0',
    );
  }
  return { enabled, timeoutMs, retryAfterMs };
}

/**
 * A module of the kubernetes plugin that bounds the time each cluster may
 * take in the Kubernetes tab's calls (`/services/:name`,
 * `/resources/workloads/query`): a hung cluster is named in the answer's
 * errors and the other clusters are still shown (TimeBoundFetcher).
 *
 * @public
 */
export const kubernetesModuleMlopsClusterTimeouts = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'mlops-cluster-timeouts',
  register(env) {
    env.registerInit({
      deps: {
        fetchers: kubernetesFetcherExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ fetchers, config, logger }) {
        const { enabled, ...options } = readKubernetesTabConfig(config);
        if (!enabled) return;
        fetchers.addFetcher(
          async ({ getDefault }) =>
            new TimeBoundFetcher(await getDefault(), { ...options, logger }),
        );
      },
    });
  },
});
