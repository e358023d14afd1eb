import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { atMaxHpa } from '../autoscaling/__fixtures__/hpas';
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
 * The autoscaling route with a stand-in apiserver and Prometheus (msw). The
 * real ones: src/integration/autoscaling*.test.ts.
 */
const entities = [
  modelService('fraud-scorer', {
    'backstage.io/kubernetes-id': 'fraud-scorer',
    'backstage.io/kubernetes-namespace': 'fraud-ml',
  }),
  modelService('bare', {}),
];

const hpaEvent = {
  metadata: { uid: 'ev-1', name: 'fraud-scorer.1', namespace: 'fraud-ml' },
  involvedObject: {
    kind: 'HorizontalPodAutoscaler',
    namespace: 'fraud-ml',
    name: 'fraud-scorer',
  },
  reason: 'SuccessfulRescale',
  message: 'New size: 10; reason: pods metric requests_per_second above target',
  type: 'Normal',
  count: 2,
  lastTimestamp: '2026-11-29T13:18:00Z',
};
const otherEvent = {
  ...hpaEvent,
  metadata: { ...hpaEvent.metadata, uid: 'ev-2' },
  involvedObject: { ...hpaEvent.involvedObject, name: 'someone-else' },
};

const upstream = setupServer();
/** Every apiserver URL and `prometheus <query>`; emptied before each test. */
export const calls: string[] = [];
/** What the stand-ins answer; reset before each test. */
export const standIn = {
  hpas: [atMaxHpa] as object[],
  scaledObjects: [] as object[],
  /** Of the ScaledObjects list alone. */
  scaledObjectsStatus: 200,
  apiserverStatus: 200,
  prometheusStatus: 200,
};

function handlers() {
  const list =
    (items: () => object[]) =>
    ({ request: req }: { request: Request }) => {
      calls.push(req.url);
      if (standIn.apiserverStatus !== 200) {
        return HttpResponse.json(
          {
            kind: 'Status',
            message: 'horizontalpodautoscalers.autoscaling is forbidden',
            code: standIn.apiserverStatus,
          },
          { status: standIn.apiserverStatus },
        );
      }
      return HttpResponse.json({ kind: 'List', metadata: {}, items: items() });
    };
  return [
    http.get(
      `${TEST_APISERVER}/apis/autoscaling/v2/namespaces/fraud-ml/horizontalpodautoscalers`,
      list(() => standIn.hpas),
    ),
    http.get(
      `${TEST_APISERVER}/apis/keda.sh/v1alpha1/namespaces/fraud-ml/scaledobjects`,
      args =>
        standIn.scaledObjectsStatus === 200
          ? list(() => standIn.scaledObjects)(args)
          : HttpResponse.json(
              { kind: 'Status', code: standIn.scaledObjectsStatus },
              { status: standIn.scaledObjectsStatus },
            ),
    ),
    http.get(
      `${TEST_APISERVER}/api/v1/namespaces/fraud-ml/events`,
      list(() => [hpaEvent, otherEvent]),
    ),
    http.post(
      `${TEST_PROMETHEUS}/api/v1/query_range`,
      async ({ request: req }) => {
        const params = new URLSearchParams(await req.text());
        calls.push(`prometheus ${params.get('query')}`);
        if (standIn.prometheusStatus !== 200) {
          return HttpResponse.json(
            { status: 'error', error: 'query failed' },
            { status: standIn.prometheusStatus },
          );
        }
        const start = Number(params.get('start'));
        const series = (kind: string, values: string[]) => ({
          metric: { mlops_signal: `${kind}|fraud-ml|fraud-scorer` },
          values: values.map((v, i) => [start + i * 30, v]),
        });
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              series('current', ['3', '10']),
              series('desired', ['10', '10']),
              series('max', ['10', '10']),
            ],
          },
        });
      },
    ),
  ];
}

export async function startPlugin(options: { deny?: boolean } = {}) {
  return startMlopsBackend({
    entities,
    clusters: [testCluster],
    deny: options.deny,
    config: {
      mlops: {
        prometheus: {
          instances: [{ name: 'main', url: TEST_PROMETHEUS, timeout: '5s' }],
        },
        autoscaling: { cacheTtl: '10s' },
      },
    },
  });
}

export const autoscalingPath = (name: string) =>
  `/api/mlops/entities/component/default/${name}/autoscaling`;

/** The stand-ins for the enclosing describe, fresh for every test. */
export function useAutoscalingUpstream() {
  useStandIns(upstream, () => {
    calls.splice(0);
    standIn.hpas = [atMaxHpa];
    standIn.scaledObjects = [];
    standIn.scaledObjectsStatus = 200;
    standIn.apiserverStatus = 200;
    standIn.prometheusStatus = 200;
    upstream.resetHandlers(...handlers());
  });
}
