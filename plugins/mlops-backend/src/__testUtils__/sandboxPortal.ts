import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { JsonObject } from '@backstage/types';
import type { KubeConfig } from '@kubernetes/client-node';
import { Server } from 'node:http';
import { kubernetesModuleMlopsClusterAccess } from '../upstream/kubernetes/clusterAccess';
import { loadClientNode } from '../upstream/kubernetes/clientNode';
import { mlopsPlugin } from '../plugin';
import { env, sandboxCluster } from './sandbox';
import { withTestTenancy } from './startMlopsBackend';

/*
 * The portal of the sandbox suites: the kubernetes plugin (which supplies
 * the clusters) and /api/mlops in one test backend.
 */
export const user = mockCredentials.user.header();

export interface SandboxPortal {
  server: Server;
  stop: () => Promise<void>;
}

/**
 * `mlops.tenancy` of the sandbox suites, as in app-config.yaml: each example
 * team holds its namespace on every cluster, ml-platform the lab's.
 */
export const SANDBOX_TENANCY = {
  namespaces: [
    { namespace: 'fraud-ml', owners: ['group:default/fraud-ml'] },
    { namespace: 'recsys', owners: ['group:default/recsys'] },
    { namespace: 'nlp-llm', owners: ['group:default/nlp-llm'] },
    { namespace: 'autoscaling-lab', owners: ['group:default/ml-platform'] },
  ],
};

type Features = NonNullable<Parameters<typeof startTestBackend>[0]['features']>;

/**
 * `clusters` as the kubernetes plugin's config holds them (both sandbox
 * clusters unless given), `config` beside `kubernetes:` (mlops, app; with
 * SANDBOX_TENANCY unless it binds namespaces itself), and `features` such
 * as a scheduler mock.
 */
export async function startSandboxPortal(options: {
  entities: Entity[];
  clusters?: object[];
  config: JsonObject;
  features?: Features;
}): Promise<SandboxPortal> {
  const clusters = options.clusters ?? [
    sandboxCluster('EAST'),
    sandboxCluster('WEST'),
  ];
  const backend = await startTestBackend({
    features: [
      kubernetesPlugin,
      kubernetesModuleMlopsClusterAccess,
      mlopsPlugin,
      ...(options.features ?? []),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [{ type: 'config', clusters }],
          },
          ...withTestTenancy(options.config, SANDBOX_TENANCY),
        },
      }),
    ],
  });
  return { server: backend.server, stop: () => backend.stop() };
}

/** The sandbox's Prometheus as an mlops instance serving both clusters. */
export const sandboxPrometheus = (
  options: { url?: string; timeout?: string } = {},
) => ({
  name: 'sandbox',
  url: options.url ?? env('MLOPS_PROMETHEUS_URL'),
  clusters: ['sandbox-east', 'sandbox-west'],
  clusterLabel: 'cluster',
  timeout: options.timeout ?? '5s',
});

/** The sandbox's admin access, to read what the apiserver itself says. */
export async function sandboxAdmin(name: 'EAST' | 'WEST') {
  const k8s = await loadClientNode();
  const kc: KubeConfig = new k8s.KubeConfig();
  kc.loadFromFile(env(`MLOPS_SANDBOX_KUBECONFIG_${name}`));
  return {
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
  };
}

/**
 * A scheduler mock that keeps the task `id` for the test to run (the
 * plugin schedules other tasks too); `run` does nothing until it is
 * scheduled.
 */
export function capturedTask(id: string) {
  let run: () => Promise<void> = async () => {};
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: async task => {
      if (task.id !== id) return;
      run = async () => {
        await task.fn(new AbortController().signal);
      };
    },
  });
  return { scheduler, run: () => run() };
}
