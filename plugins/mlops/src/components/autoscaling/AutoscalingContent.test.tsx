import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AutoscalingResponse } from '@internal/plugin-mlops-common';
import { screen, within } from '@testing-library/react';
import { mlopsApiRef } from '../../api/MlopsApi';
import { entity, unreachablePrometheus } from '../shared/fixtures';
import { AutoscalingContent } from './AutoscalingContent';
import { autoscalingAnswer, hpaView } from './fixtures';

function renderTab(answer: () => Promise<AutoscalingResponse>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <AutoscalingContent />
    </EntityProvider>,
    { apis: [[mlopsApiRef, { getAutoscaling: answer }]] },
  );
}

describe('AutoscalingContent', () => {
  it('shows a normal HPA: gauge, every metric against its target, conditions, events', async () => {
    await renderTab(async () => autoscalingAnswer());
    expect(await screen.findByTestId('replicas-gauge')).toHaveTextContent(
      '3 / 10 replicas',
    );
    expect(
      screen.getByText('Scaling normally between 2 and 10 replicas.'),
    ).toBeInTheDocument();
    const metrics = screen.getByRole('table', { name: 'Metrics' });
    const rows = within(metrics).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Resourcecpu35 %70 % of requests50 %');
    expect(rows[2]).toHaveTextContent(
      'Podsrequests_per_second42.550 per pod85 %',
    );
    expect(
      screen.getByText(/Computes the replicas from its metrics/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Scaling events' }),
    ).toHaveTextContent('SuccessfulRescale → 10 (×2)');
    expect(screen.getByTestId('chart-replicas')).toHaveTextContent(
      'From kube-state-metrics in Prometheus',
    );
  });

  it('says how long an HPA is capped at max and what to do', async () => {
    const capped = hpaView({
      currentReplicas: 10,
      desiredReplicas: 10,
      pinned: { at: 'max', replicas: 10, since: '2026-11-29T13:18:00Z' },
      summary: [
        'Capped at maxReplicas=10 for 42 minutes: raise maxReplicas or reduce load',
      ],
    });
    await renderTab(async () => autoscalingAnswer({ hpas: [capped] }));
    expect(
      await screen.findByText(
        'Error: Capped at maxReplicas=10 for 42 minutes: raise maxReplicas or reduce load',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('replicas-gauge')).toHaveTextContent(
      '10 / 10 replicas',
    );
    expect(
      screen.getByTestId('replicas-gauge').parentElement,
    ).toHaveTextContent('min 2 · desired 10 · max 10 · at maxReplicas');
  });

  it('shows missing metrics, missing status, unknown types and KEDA as such', async () => {
    const odd = hpaView({
      currentReplicas: null,
      desiredReplicas: null,
      maxReplicas: 2147483647,
      statusMissing: true,
      scaledObject: 'fraud-consumer',
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }],
        },
        scaleDown: null,
      },
      metrics: [
        {
          type: 'External',
          known: true,
          name: 'queue_messages_ready',
          selector: 'queue=predictions',
          targetType: 'AverageValue',
          target: { raw: '500m', value: 0.5, display: '0.5' },
          current: null,
          ratio: null,
        },
        {
          type: 'Telepathy',
          known: false,
          name: null,
          targetType: null,
          target: null,
          current: null,
          ratio: null,
        },
        {
          type: 'Object',
          known: true,
          name: 'rps',
          describedObject: 'Service/x',
          targetType: 'Value',
          target: { raw: 'lots', value: null, display: 'unknown (lots)' },
          current: null,
          ratio: null,
        },
      ],
      conditions: [],
      summary: [
        'The HPA controller has written no status yet: the HPA is new, or no controller manages it',
        "Metric type 'Telepathy' is unknown to the portal and shown as unknown",
      ],
    });
    await renderTab(async () =>
      autoscalingAnswer({ hpas: [odd], events: [], series: [] }),
    );
    expect(await screen.findByTestId('replicas-gauge')).toHaveTextContent(
      'unknown / 2147483647 replicas',
    );
    const rows = within(
      screen.getByRole('table', { name: 'Metrics' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'queue_messages_ready {queue=predictions}unknown (not reported)0.5 per pod–',
    );
    expect(rows[2]).toHaveTextContent(
      'unknown metric type Telepathyunknown (not reported)unknown',
    );
    expect(rows[3]).toHaveTextContent('unknown (lots)');
    expect(
      screen.getByText('KEDA ScaledObject fraud-consumer'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Scale up: stabilisation window 0 s; at most 4 pods per 15 s \(Max of them\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Scale down: Kubernetes' defaults"),
    ).toBeInTheDocument();
    expect(screen.getByText('No replicas history yet.')).toBeInTheDocument();
    expect(
      screen.getByText('No scaling events recorded in the last 7 days.'),
    ).toBeInTheDocument();
  });

  it('names a failed source and still shows the rest', async () => {
    await renderTab(async () =>
      autoscalingAnswer({
        sources: [unreachablePrometheus],
        series: [{ ...autoscalingAnswer().series[0], source: 'history' }],
      }),
    );
    expect(
      await screen.findByText(
        'Warning: Partial data: no answer from Prometheus sandbox',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/From the portal’s history of desired replicas/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('replicas-gauge')).toBeInTheDocument();
  });

  it('says so when there is no HPA, and when the annotations are missing', async () => {
    await renderTab(async () =>
      autoscalingAnswer({ hpas: [], events: [], series: [] }),
    );
    expect(
      await screen.findByText('No HorizontalPodAutoscaler'),
    ).toBeInTheDocument();
  });

  const sandboxDown = { startCommand: './scripts/start.sh' };
  const refusingCluster = {
    kind: 'kubernetes' as const,
    name: 'sandbox-west',
    ok: false,
    error: {
      kind: 'unreachable' as const,
      message: "Cluster 'sandbox-west' is unreachable (ECONNREFUSED)",
    },
    requests: 1,
    durationMs: 2,
  };

  it.each`
    what                                  | sources                                                    | title                                 | description
    ${'every source answered'}            | ${[]}                                                      | ${'No HorizontalPodAutoscaler'}       | ${/No autoscaling\/v2 HPA/}
    ${'the cluster refused'}              | ${[refusingCluster]}                                       | ${'HorizontalPodAutoscalers unknown'} | ${"No answer from cluster sandbox-west: Cluster 'sandbox-west' is unreachable (ECONNREFUSED)."}
    ${'the local sandbox is not running'} | ${[{ ...refusingCluster, localSandboxDown: sandboxDown }]} | ${'HorizontalPodAutoscalers unknown'} | ${'No answer from cluster sandbox-west: the local sandbox is not running.'}
  `(
    'with no HPA when $what, the empty state says "$title"',
    async ({ sources, title, description }) => {
      await renderTab(async () =>
        autoscalingAnswer({ hpas: [], events: [], series: [], sources }),
      );
      expect(await screen.findByText(title)).toBeInTheDocument();
      expect(screen.getByText(description)).toBeInTheDocument();
    },
  );

  it('says the local sandbox is down in one line, with no warning panel', async () => {
    await renderTab(async () =>
      autoscalingAnswer({
        sources: [{ ...unreachablePrometheus, localSandboxDown: sandboxDown }],
        series: [],
      }),
    );
    expect(await screen.findByTestId('local-sandbox-down')).toHaveTextContent(
      'The local sandbox is not running. Start it with ./scripts/start.sh',
    );
    expect(screen.queryByText(/Partial data/)).not.toBeInTheDocument();
    expect(screen.getByTestId('replicas-empty')).toHaveTextContent(
      'No answer from Prometheus sandbox: the local sandbox is not running',
    );
  });

  it('shows the error of a failed request', async () => {
    await renderTab(async () => {
      throw new Error('Request failed with 503 Service Unavailable');
    });
    expect(
      await screen.findByText(
        'Error: Request failed with 503 Service Unavailable',
      ),
    ).toBeInTheDocument();
  });

  it('shows a ScaledObject: triggers without secrets, paused replicas, fallback, conditions', async () => {
    await renderTab(async () =>
      autoscalingAnswer({
        hpas: [],
        scaledObjects: [
          {
            cluster: 'sandbox-west',
            namespace: 'recsys',
            name: 'reco',
            scaleTarget: { kind: 'Deployment', name: 'reco' },
            hpaName: 'keda-hpa-reco',
            minReplicaCount: 2,
            maxReplicaCount: 9,
            pollingIntervalSeconds: 15,
            cooldownPeriodSeconds: 300,
            paused: true,
            pausedReplicas: 3,
            fallback: { failureThreshold: 3, replicas: 9, active: false },
            triggers: [
              {
                type: 'kafka',
                name: null,
                metricType: null,
                metadata: [
                  { key: 'topic', value: 'orders' },
                  { key: 'password', value: null },
                ],
                authenticationRef: {
                  kind: 'TriggerAuthentication',
                  name: 'kafka-auth',
                },
                metricName: 's0-kafka-orders',
                health: { status: 'Happy', numberOfFailures: 0 },
              },
            ],
            conditions: [
              {
                type: 'Paused',
                status: 'True',
                reason: 'ScaledObjectPaused',
                message: 'ScaledObject is paused',
              },
            ],
            summary: ['Paused by autoscaling.keda.sh/paused-replicas: held'],
          },
        ],
      }),
    );
    expect(
      await screen.findByText('Scaled by KEDA: ScaledObject reco'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Paused: yes, held at 3 replicas'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Fallback: 9 replicas after 3 failures in a row · not active',
      ),
    ).toBeInTheDocument();
    const rows = within(
      screen.getByRole('table', { name: 'Triggers' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'kafkas0-kafka-orderstopic: orderspassword: (withheld)credentials from TriggerAuthentication kafka-authHappy (0 failures)',
    );
    expect(screen.queryByText('No HorizontalPodAutoscaler')).toBeNull();
  });
});
