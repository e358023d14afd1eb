import { EntityDelivery } from '@internal/plugin-mlops-common';
import { http, HttpResponse } from 'msw';
import supertest from 'supertest';
import { setupServer } from 'msw/node';
import {
  modelNotFound,
  runGet,
} from '../../modelRegistry/__fixtures__/mlflowResponses';
import {
  modelService,
  startMlopsBackend,
  TEST_APISERVER,
  TEST_PROMETHEUS,
  testCluster,
} from '../../__testUtils__/startMlopsBackend';
import { useStandIns } from '../../__testUtils__/standIns';
import {
  CANARY_HASH,
  fixtures,
  NamespaceObjects,
  STABLE_HASH,
} from '../__fixtures__';

import { user } from '../../__testUtils__/startMlopsBackend';

export { user };

/*
 * The delivery route with a stand-in apiserver, Prometheus and MLflow (msw),
 * serving the objects of one of the fixtures in namespace fraud-ml.
 */
export const TEST_MLFLOW = 'http://mlflow.test';
const MLFLOW_API = `${TEST_MLFLOW}/api/2.0/mlflow`;

const fraudScorer = {
  'backstage.io/kubernetes-id': 'fraud-scorer',
  'backstage.io/kubernetes-namespace': 'fraud-ml',
};
const entities = [
  modelService('fraud-scorer', {
    ...fraudScorer,
    'mlops-portal.io/metrics-profile': 'template',
  }),
  // Its model is registered under another name.
  modelService('scorer-eu', {
    ...fraudScorer,
    'mlops-portal.io/metrics-profile': 'template',
    'mlops-portal.io/mlflow-registered-model': 'fraud-scorer',
  }),
  modelService('unregistered', {
    ...fraudScorer,
    'mlops-portal.io/metrics-profile': 'template',
  }),
  // No profile: the metrics reader detects it first.
  modelService('unprofiled', fraudScorer),
  modelService('bare', {}),
];

const RUNS: Record<string, string> = {
  '8': 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  '7': '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  '6': '11112222333344445555666677778888',
};
const wireVersion = (v: string, created: number) => ({
  name: 'fraud-scorer',
  version: v,
  creation_timestamp: created,
  last_updated_timestamp: created + 400,
  current_stage: 'None',
  source: `runs:/${RUNS[v]}/model`,
  run_id: RUNS[v],
  status: 'READY',
  tags: [{ key: 'framework', value: 'scikit-learn' }],
});
const versions = [
  wireVersion('8', 1796397622682),
  wireVersion('7', 1796397622470),
  wireVersion('6', 1796397622260),
];
const registeredModel = {
  registered_model: {
    name: 'fraud-scorer',
    creation_timestamp: 1796397622010,
    last_updated_timestamp: 1796397623049,
    description: 'The model served by fraud-scorer.',
    aliases: [
      { alias: 'challenger', version: '8' },
      { alias: 'champion', version: '7' },
    ],
  },
};

/** Each revision's figures as the stand-in Prometheus answers them. */
export const revisionFigures: Record<string, Record<string, number>> = {
  [STABLE_HASH]: { rps: 48, error_ratio: 0.0004, p95: 98 },
  [CANARY_HASH]: { rps: 3.2, error_ratio: 0.061, p95: 412 },
};

/** Every apiserver path, `prometheus <query>` and `mlflow <path>`; emptied before each test. */
export const calls: string[] = [];
/** What the stand-ins answer; reset before each test. */
export const standIn = {
  objects: fixtures.canaryInProgress() as NamespaceObjects,
  /** False: the cluster has no Argo Rollouts CRDs (404). */
  argoServed: true,
  apiserverStatus: 200,
  prometheusStatus: 200,
  mlflow: 'ok' as 'ok' | 'down',
};

function signalsOf(query: string): string[] {
  return [...query.matchAll(/"mlops_signal", "([^"]+)"/g)].map(m => m[1]);
}

function apiserver() {
  const list =
    (items: () => unknown[], argo = false) =>
    ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      calls.push(`${url.pathname}${url.search}`);
      if (argo && !standIn.argoServed) {
        return new HttpResponse('404 page not found\n', {
          status: 404,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
      }
      if (standIn.apiserverStatus !== 200) {
        return HttpResponse.json(
          {
            kind: 'Status',
            message:
              'rollouts.argoproj.io is forbidden: User "system:serviceaccount:backstage:mlops-portal" cannot list resource "rollouts"',
            code: standIn.apiserverStatus,
          },
          { status: standIn.apiserverStatus },
        );
      }
      return HttpResponse.json({ kind: 'List', metadata: {}, items: items() });
    };
  const ns = `${TEST_APISERVER}/apis`;
  return [
    http.get(
      `${ns}/argoproj.io/v1alpha1/namespaces/fraud-ml/rollouts`,
      list(() => standIn.objects.rollouts, true),
    ),
    http.get(
      `${ns}/argoproj.io/v1alpha1/namespaces/fraud-ml/analysisruns`,
      list(() => standIn.objects.analysisRuns, true),
    ),
    http.get(
      `${ns}/apps/v1/namespaces/fraud-ml/replicasets`,
      list(() => standIn.objects.replicaSets),
    ),
    http.get(
      `${ns}/apps/v1/namespaces/fraud-ml/deployments`,
      list(() => standIn.objects.deployments),
    ),
  ];
}

function prometheus() {
  return http.post(`${TEST_PROMETHEUS}/api/v1/query`, async ({ request }) => {
    const query = new URLSearchParams(await request.text()).get('query')!;
    calls.push(`prometheus ${query}`);
    if (standIn.prometheusStatus !== 200) {
      return HttpResponse.json(
        { status: 'error', errorType: 'internal', error: 'query failed' },
        { status: standIn.prometheusStatus },
      );
    }
    const asked = /rollouts_pod_template_hash=~"([^"]+)"/.exec(query)?.[1];
    const hashes = asked ? asked.split('|') : [];
    const signals = signalsOf(query);
    const result = hashes.length
      ? hashes.flatMap(hash =>
          signals
            .filter(s => revisionFigures[hash]?.[s] !== undefined)
            .map(s => ({
              metric: {
                mlops_signal: s,
                rollouts_pod_template_hash: hash,
                cluster: 'test-east',
              },
              value: [1, `${revisionFigures[hash][s]}`],
            })),
        )
      : // The profile detection: the template's series exist.
        [{ metric: { mlops_signal: 'template' }, value: [1, '3'] }];
    return HttpResponse.json({
      status: 'success',
      data: { resultType: 'vector', result },
    });
  });
}

function mlflow() {
  const answer =
    (body: (url: URL) => Response) =>
    ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      calls.push(`mlflow ${url.pathname.replace('/api/2.0/mlflow', '')}`);
      if (standIn.mlflow === 'down') return HttpResponse.error();
      return body(url);
    };
  return [
    http.get(
      `${MLFLOW_API}/registered-models/get`,
      answer(url =>
        url.searchParams.get('name') === 'fraud-scorer'
          ? HttpResponse.json(registeredModel)
          : HttpResponse.json(
              {
                ...modelNotFound,
                message: `Registered Model with name=${url.searchParams.get(
                  'name',
                )} not found`,
              },
              { status: 404 },
            ),
      ),
    ),
    http.get(
      `${MLFLOW_API}/model-versions/search`,
      answer(() => HttpResponse.json({ model_versions: versions })),
    ),
    http.get(
      `${MLFLOW_API}/runs/get`,
      answer(url =>
        HttpResponse.json(runGet(url.searchParams.get('run_id')!, 0.93)),
      ),
    ),
  ];
}

const upstream = setupServer();

/** The stand-ins for the enclosing describe, fresh for every test. */
export function useDeliveryUpstream() {
  useStandIns(upstream, () => {
    calls.splice(0);
    standIn.objects = fixtures.canaryInProgress();
    standIn.argoServed = true;
    standIn.apiserverStatus = 200;
    standIn.prometheusStatus = 200;
    standIn.mlflow = 'ok';
    upstream.resetHandlers(...apiserver(), prometheus(), ...mlflow());
  });
}

/**
 * The plugin with the stand-ins; `mlflow: false` configures no model
 * registry, `localSandbox` marks the test cluster as the local sandbox's.
 */
export async function startPlugin(
  options: { mlflow?: boolean; localSandbox?: boolean } = {},
) {
  return startMlopsBackend({
    entities,
    clusters: [testCluster],
    config: {
      mlops: {
        prometheus: {
          instances: [
            {
              name: 'main',
              url: TEST_PROMETHEUS,
              clusterLabel: 'cluster',
              timeout: '5s',
            },
          ],
        },
        delivery: { cacheTtl: '10s' },
        ...(options.localSandbox
          ? {
              localSandbox: {
                startCommand: './scripts/start.sh',
                clusters: ['test-east'],
              },
            }
          : {}),
        ...(options.mlflow === false
          ? {}
          : {
              modelRegistry: {
                mlflow: {
                  baseUrl: TEST_MLFLOW,
                  uiUrl: 'https://mlflow.example.com',
                  timeout: '2s',
                },
              },
            }),
      },
    },
  });
}

export const deliveryPath = (name: string) =>
  `/api/mlops/entities/component/default/${name}/delivery`;

/** The Delivery answer of `name` from a started plugin, which must be 200. */
export async function getDelivery(
  server: Awaited<ReturnType<typeof startPlugin>>,
  name: string,
): Promise<EntityDelivery> {
  const response = await supertest(server)
    .get(deliveryPath(name))
    .set('authorization', user);
  expect(response.status).toBe(200);
  return response.body as EntityDelivery;
}
