import { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  startMlopsBackend,
  modelService,
  TEST_PROMETHEUS,
  testCluster,
} from './startMlopsBackend';
import { useStandIns } from './standIns';

export { user } from './startMlopsBackend';

/*
 * The alerts route with stand-ins (msw) for Prometheus' and Alertmanager's
 * alert APIs. The real Prometheus and its rules are exercised by
 * src/integration/servingDegraded.test.ts.
 */
export const ALERTMANAGER = 'http://alertmanager.test';
const PORTAL = 'https://portal.example.com';
// A runbook_url that would run script if it reached an href.
// eslint-disable-next-line no-script-url
export const SCRIPT_URL = 'javascript:alert(document.cookie)';

const entities = [
  modelService('fraud-scorer', {
    'backstage.io/kubernetes-id': 'fraud-scorer',
    'backstage.io/kubernetes-namespace': 'fraud-ml',
  }),
  modelService(
    'reco-ranker',
    {
      'backstage.io/kubernetes-id': 'reco-ranker',
      'backstage.io/kubernetes-namespace': 'reco-ml',
    },
    'recsys',
  ),
  modelService('bare', {}),
];

export const runbook = (service: string, page: string) =>
  `${PORTAL}/docs/default/component/${service}/runbooks/${page}/`;

export const prometheusAlerts = [
  {
    labels: {
      alertname: 'ModelServiceHighErrorRate',
      namespace: 'fraud-ml',
      service: 'fraud-scorer',
      severity: 'critical',
    },
    annotations: {
      summary: 'fraud-scorer answers more than 5 % of predictions with 5xx',
      runbook_url: runbook('fraud-scorer', 'model-service-high-error-rate'),
    },
    state: 'firing',
    activeAt: '2026-11-29T10:00:00Z',
    value: '2.5e-01',
  },
  {
    labels: {
      alertname: 'HandWrittenRule',
      namespace: 'fraud-ml',
      service: 'fraud-scorer',
      severity: 'warning',
    },
    annotations: { summary: 'a rule without a runbook' },
    state: 'pending',
    activeAt: '2026-11-29T10:05:00Z',
    value: '1',
  },
  {
    labels: {
      alertname: 'InjectedRunbook',
      namespace: 'fraud-ml',
      service: 'fraud-scorer',
      severity: 'info',
    },
    annotations: { runbook_url: SCRIPT_URL },
    state: 'firing',
    activeAt: '2026-11-29T09:00:00Z',
    value: '1',
  },
  {
    labels: {
      alertname: 'ModelServiceHighErrorRate',
      namespace: 'other-team',
      service: 'fraud-scorer',
      severity: 'critical',
    },
    annotations: {},
    state: 'firing',
    activeAt: '2026-11-29T10:00:00Z',
    value: '1',
  },
];

export const upstream = setupServer();
/** Every request to Prometheus' alerts API; emptied before each test. */
export const calls: URL[] = [];
/** The authorization header of each of `calls`. */
export const auth: Array<string | null> = [];

export function prometheusAnswer(
  respond: () => Promise<Response> | Response = () =>
    HttpResponse.json({
      status: 'success',
      data: { alerts: prometheusAlerts },
    }),
) {
  return http.get(
    `${TEST_PROMETHEUS}/api/v1/alerts`,
    async ({ request: req }) => {
      calls.push(new URL(req.url));
      auth.push(req.headers.get('authorization'));
      return respond();
    },
  );
}

export async function startPlugin(
  options: {
    deny?: boolean;
    alerts?: JsonObject;
    timeout?: string;
    noPrometheus?: boolean;
  } = {},
) {
  return startMlopsBackend({
    entities,
    clusters: [testCluster],
    deny: options.deny,
    config: {
      app: { baseUrl: PORTAL },
      mlops: {
        prometheus: {
          instances: options.noPrometheus
            ? []
            : [
                {
                  name: 'main',
                  url: TEST_PROMETHEUS,
                  timeout: options.timeout ?? '10s',
                  auth: { value: 'Bearer secret-prometheus-token' },
                },
              ],
        },
        alerts: { cacheTtl: '10s', ...options.alerts },
      },
    },
  });
}

export const alertsPath = (name: string, kind = 'component') =>
  `/api/mlops/entities/${kind}/default/${name}/alerts`;

/** The stand-ins for the enclosing describe, fresh for every test. */
export function useAlertsUpstream() {
  useStandIns(upstream, () => {
    calls.splice(0);
    auth.splice(0);
    upstream.resetHandlers(prometheusAnswer());
  });
}
