import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  KubernetesClusterAccessRegistry,
  kubernetesClusterAccessServiceRef,
} from '../upstream/kubernetes/clusterAccess';
import { mlopsPlugin } from '../plugin';

/** The credentials of a signed-in user, as an authorization header. */
export const user = mockCredentials.user.header();

export const TEST_PROMETHEUS = 'http://prometheus.test';
export const TEST_APISERVER = 'https://east.k8s.test';

/** A cluster at TEST_APISERVER whose service account token is 'secret-sa-token'. */
export const testCluster: ClusterDetails = {
  name: 'test-east',
  url: TEST_APISERVER,
  authMetadata: {
    'kubernetes.io/auth-provider': 'serviceAccount',
    serviceAccountToken: 'secret-sa-token',
  },
  skipTLSVerify: true,
};

/** A model service of the test catalog, owned by `owner` (fraud-ml unless given; null for none). */
export function modelService(
  name: string,
  annotations: Record<string, string>,
  owner: string | null = 'fraud-ml',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'model-service', ...(owner ? { owner } : {}) },
  };
}

/**
 * `mlops.tenancy` of the test backends: the teams of the test catalog hold
 * the namespaces their services run in, on every cluster; `other-team` and
 * `payments` are held by nobody the tests own.
 */
export const TEST_TENANCY = {
  namespaces: [
    { namespace: 'fraud-ml', owners: ['group:default/fraud-ml'] },
    { namespace: 'reco-ml', owners: ['group:default/recsys'] },
    { namespace: 'payments', owners: ['group:default/payments'] },
  ],
};

/** `config` with `tenancy` under `mlops.tenancy`, unless it has its own. */
export function withTestTenancy(
  config: JsonObject,
  tenancy: JsonObject = TEST_TENANCY,
): JsonObject {
  const mlops = (config.mlops ?? {}) as JsonObject;
  if (mlops.tenancy) return config;
  return { ...config, mlops: { ...mlops, tenancy } };
}

/**
 * The mlops plugin in a test backend: the given catalog, clusters (each
 * entity is located on all of them; the credential is the cluster's
 * `serviceAccountToken`) and config (with TEST_TENANCY unless it binds
 * namespaces itself); `deny` refuses every permission.
 */
export async function startMlopsBackend(options: {
  entities: Entity[];
  clusters?: ClusterDetails[];
  config: JsonObject;
  deny?: boolean;
  /** More service factories, such as a scheduler mock. */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const clusters = options.clusters ?? [];
  const registry = new KubernetesClusterAccessRegistry();
  registry.set({
    clusterSupplier: { getClusters: async () => clusters },
    serviceLocator: { getClustersByEntity: async () => ({ clusters }) },
    authStrategy: {
      getCredential: async c => ({
        type: 'bearer token',
        token: c.authMetadata.serviceAccountToken,
      }),
      validateCluster: () => [],
      presentAuthMetadata: m => m,
    },
  });
  const { server } = await startTestBackend({
    features: [
      mlopsPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      createServiceFactory({
        service: kubernetesClusterAccessServiceRef,
        deps: {},
        factory: () => registry,
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      ...(options.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: withoutGpuJobWatch(withTestTenancy(options.config)),
      }),
    ],
  });
  return server;
}

/**
 * `config` with the GPU job watch off unless it configures one: the test
 * clusters are msw handlers for the lists a test makes, not apiservers
 * that stream watches (the watch is tested against the sandbox).
 */
function withoutGpuJobWatch(config: JsonObject): JsonObject {
  const mlops = (config.mlops ?? {}) as JsonObject;
  const gpuJobs = (mlops.gpuJobs ?? {}) as JsonObject;
  const history = (gpuJobs.history ?? {}) as JsonObject;
  if (history.watch) return config;
  return {
    ...config,
    mlops: {
      ...mlops,
      gpuJobs: {
        ...gpuJobs,
        history: { ...history, watch: { enabled: false } },
      },
    },
  };
}
