import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  startMlopsBackend,
  modelService,
  TEST_PROMETHEUS,
  TEST_APISERVER,
  testCluster,
} from './startMlopsBackend';
import { useStandIns } from './standIns';

export { user } from './startMlopsBackend';

/*
 * The serving-health routes with a stand-in Prometheus and apiserver (msw).
 * The real ones are exercised by src/integration/serving*.test.ts.
 */
const fraudScorer = {
  'backstage.io/kubernetes-id': 'fraud-scorer',
  'backstage.io/kubernetes-namespace': 'fraud-ml',
};
const entities = [
  modelService('fraud-scorer', fraudScorer),
  modelService('bare', {}),
  modelService('injected', {
    ...fraudScorer,
    'mlops-portal.io/metrics-workload': 'x"} or vector(1) or {a="',
  }),
  modelService('malformed', { 'backstage.io/kubernetes-id': 'a b' }),
];

/** Prometheus answers: every tagged signal of the query gets its value. */
const signalValues: Record<string, number> = {
  template: 3,
  series: 4,
  rps: 52.5,
  p50: 21,
  p95: 44,
  p99: 90,
  'p95:1h': 41,
  cpu_ratio: 0.35,
  'error_ratio:5m': 0.0004,
  'error_ratio:30m': 0.0003,
  'error_ratio:1h': 0.0003,
  'error_ratio:2h': 0.0003,
  'error_ratio:6h': 0.0003,
  'error_ratio:1d': 0.0003,
  'error_ratio:3d': 0.0003,
  'error_ratio:30d': 0.0003,
};

function signalsOf(query: string): string[] {
  return [...query.matchAll(/"mlops_signal", "([^"]+)"/g)].map(m => m[1]);
}

const deployment = {
  metadata: { name: 'fraud-scorer', namespace: 'fraud-ml' },
  spec: {
    replicas: 2,
    selector: {},
    template: {
      spec: {
        containers: [
          {
            name: 'server',
            image: 'registry.example.com/fraud-ml/fraud-scorer:1.4.2',
          },
        ],
      },
    },
  },
  status: { readyReplicas: 2, availableReplicas: 2 },
};
const pod = (name: string) => ({
  metadata: { name, namespace: 'fraud-ml' },
  spec: { containers: [], nodeName: 'east-cpu-1' },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'server', image: '', imageID: '', ready: true, restartCount: 0 },
    ],
  },
});

export const upstream = setupServer();
/** The PromQL of every query and range query, in order; emptied before each test. */
export const queries: string[] = [];
/** Every apiserver request; emptied before each test. */
export const apiserverCalls: Array<{
  url: string;
  authorization: string | null;
}> = [];

function prometheusAnswers() {
  return [
    http.post(`${TEST_PROMETHEUS}/api/v1/query`, async ({ request: req }) => {
      const query = new URLSearchParams(await req.text()).get('query')!;
      queries.push(query);
      return HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'vector',
          result: signalsOf(query)
            .filter(s => s in signalValues)
            .map(s => ({
              metric: { mlops_signal: s },
              value: [1, `${signalValues[s]}`],
            })),
        },
      });
    }),
    http.post(
      `${TEST_PROMETHEUS}/api/v1/query_range`,
      async ({ request: req }) => {
        const params = new URLSearchParams(await req.text());
        queries.push(params.get('query')!);
        const start = Number(params.get('start'));
        const step = Number(params.get('step'));
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { mlops_signal: 'rps' },
                values: [
                  [start, '50'],
                  [start + step, '51'],
                ],
              },
            ],
          },
        });
      },
    ),
  ];
}

/** The Deployment and pod lists of fraud-ml; any other `status` refuses them. */
export function apiserverAnswers(status = 200) {
  const list =
    (items: unknown[]) =>
    async ({ request: req }: { request: Request }) => {
      apiserverCalls.push({
        url: req.url,
        authorization: req.headers.get('authorization'),
      });
      if (status !== 200) {
        return HttpResponse.json(
          {
            kind: 'Status',
            message:
              'deployments.apps is forbidden: User "system:serviceaccount:x" cannot list',
            code: status,
          },
          { status },
        );
      }
      return HttpResponse.json({ kind: 'List', metadata: {}, items });
    };
  return [
    http.get(
      `${TEST_APISERVER}/apis/apps/v1/namespaces/fraud-ml/deployments`,
      list([deployment]),
    ),
    http.get(
      `${TEST_APISERVER}/api/v1/namespaces/fraud-ml/pods`,
      list([
        pod('fraud-scorer-5c8c4f4f49-a1'),
        pod('fraud-scorer-5c8c4f4f49-b2'),
      ]),
    ),
  ];
}

/** The stand-ins for the enclosing describe, fresh for every test. */
export function useServingUpstream() {
  useStandIns(upstream, () => {
    queries.splice(0);
    apiserverCalls.splice(0);
    upstream.resetHandlers(...prometheusAnswers(), ...apiserverAnswers());
  });
}

export async function startPlugin(
  options: {
    deny?: boolean;
    timeout?: string;
    limits?: { pageSize?: number; maxObjectsPerRead?: number };
  } = {},
) {
  return startMlopsBackend({
    entities,
    clusters: [testCluster],
    deny: options.deny,
    config: {
      mlops: {
        ...(options.limits ? { limits: options.limits } : {}),
        prometheus: {
          instances: [
            {
              name: 'main',
              url: TEST_PROMETHEUS,
              timeout: options.timeout ?? '10s',
              externalUrl: 'https://prometheus.example.com',
              auth: { value: 'Bearer secret-prometheus-token' },
            },
          ],
        },
        serving: {
          cacheTtl: '10s',
          grafana: {
            dashboardUrl:
              'https://grafana.example.com/d/{{dashboardUid}}?var-ns={{namespace}}',
          },
        },
      },
    },
  });
}

export const healthPath = (name: string) =>
  `/api/mlops/entities/component/default/${name}/serving-health`;
