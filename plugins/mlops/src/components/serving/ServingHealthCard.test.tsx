import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';
import { entity } from '../shared/fixtures';
import { healthyAnswer, servingApi } from './fixtures';
import { ServingHealthCard } from './ServingHealthCard';

function renderCard(api: Partial<MlopsApi>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ServingHealthCard />
    </EntityProvider>,
    {
      apis: [[mlopsApiRef, servingApi(api)]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('ServingHealthCard', () => {
  it("names a not-Ready InferenceService with KServe's reason", async () => {
    const message =
      'InferenceService image-moderation in nlp-llm on cluster sandbox-east is not Ready (False): RevisionFailed: Revision "image-moderation-predictor-00002" failed with message: Container failed with: RuntimeError.';
    await renderCard({
      getServingHealth: async () =>
        healthyAnswer({
          status: 'down',
          reasons: [
            { code: 'inferenceservice-not-ready', severity: 'down', message },
          ],
        }),
    });
    expect(await screen.findByText('Down')).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
  });

  it('shows the status, the four golden signals and the budget left', async () => {
    await renderCard({});
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(
      screen.getByText(/^Within objectives: 55 req\/s/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('signal-traffic')).toHaveTextContent(
      '54.7 req/s',
    );
    expect(screen.getByTestId('signal-errors')).toHaveTextContent('0.030 %');
    expect(screen.getByTestId('signal-latency')).toHaveTextContent('41 ms');
    expect(screen.getByTestId('signal-latency')).toHaveTextContent(
      'objective 300 ms',
    );
    expect(screen.getByTestId('signal-saturation')).toHaveTextContent(
      '2/2 replicas ready',
    );
    expect(screen.getByTestId('budget-left')).toHaveTextContent('70 %');
    expect(screen.getByText(/Availability 99\.970 %/)).toBeInTheDocument();
    expect(screen.getByText('Serving details').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/fraud-scorer/serving',
    );
    expect(await screen.findByTestId('traffic-sparkline')).toBeInTheDocument();
    expect(screen.queryByText(/Partial data/)).not.toBeInTheDocument();
  });

  it("shows an LLM server's token figures, only those it exports", async () => {
    await renderCard({
      getServingHealth: async () =>
        healthyAnswer({
          llm: {
            ttftP50Ms: 60,
            ttftP95Ms: 235,
            tpotP50Ms: 25,
            tpotP95Ms: 47.5,
            inputTokensPerSecond: 30,
            outputTokensPerSecond: 80,
            requestsRunning: 12,
            requestsWaiting: 3,
            kvCacheUsage: null,
            preemptionsPerSecond: null,
            cost: null,
            notes: ['Shown is the time requests wait in its queue.'],
          },
        }),
    });
    expect(await screen.findByTestId('signal-ttft')).toHaveTextContent(
      /235 ms.*p50 60 ms/,
    );
    expect(screen.getByTestId('signal-tpot')).toHaveTextContent(
      /48 ms.*p50 25 ms/,
    );
    expect(screen.getByTestId('signal-tokens')).toHaveTextContent(
      /80\.0\/s.*input 30\.0\/s/,
    );
    expect(screen.getByTestId('signal-queue')).toHaveTextContent(
      /3\.00.*12\.0 running/,
    );
    expect(screen.queryByTestId('signal-kv-cache')).not.toBeInTheDocument();
    expect(
      screen.getByText('Shown is the time requests wait in its queue.'),
    ).toBeInTheDocument();
  });

  it('shows no token figures for other servers', async () => {
    await renderCard({});
    expect(await screen.findByTestId('signal-traffic')).toBeInTheDocument();
    expect(screen.queryByTestId('signal-ttft')).not.toBeInTheDocument();
  });

  it('says which source failed and what to do, keeping what is known', async () => {
    await renderCard({
      getServingHealth: async () =>
        healthyAnswer({
          status: 'unknown',
          reasons: [
            {
              code: 'workloads-unavailable',
              severity: 'unknown',
              message:
                "Replicas are unknown: Cluster 'sandbox-west' is unreachable (ECONNREFUSED)",
            },
          ],
          replicas: null,
          sources: [
            healthyAnswer().sources[0],
            {
              kind: 'kubernetes',
              name: 'sandbox-west',
              ok: false,
              requests: 2,
              durationMs: 3,
              error: {
                kind: 'unreachable',
                message: "Cluster 'sandbox-west' is unreachable (ECONNREFUSED)",
              },
            },
          ],
        }),
    });
    expect(await screen.findByText('Unknown')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Warning: Partial data: no answer from cluster sandbox-west',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Check that it is running and that the portal can reach its URL/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('signal-traffic')).toHaveTextContent(
      '54.7 req/s',
    );
  });

  it('names the missing annotation for a component without one', async () => {
    await renderCard({
      getServingHealth: async () => ({
        state: 'not-configured',
        entityRef: 'component:default/fraud-scorer',
        reason: 'missing-annotation',
        message:
          'Serving health needs the annotation backstage.io/kubernetes-id',
        problems: [
          { annotation: 'backstage.io/kubernetes-id', message: 'missing' },
        ],
      }),
    });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage.io\/kubernetes-id/).length,
    ).toBeGreaterThan(0);
  });

  it('names a malformed annotation and its value', async () => {
    await renderCard({
      getServingHealth: async () => ({
        state: 'not-configured',
        entityRef: 'component:default/fraud-scorer',
        reason: 'invalid-annotation',
        message:
          'Serving health cannot read mlops-portal.io/slo-availability on component:default/fraud-scorer; fix the value in catalog-info.yaml.',
        problems: [
          {
            annotation: 'mlops-portal.io/slo-availability',
            value: 'three nines',
            message:
              'must be a percentage between 0 and 100, exclusive, e.g. 99.9',
          },
        ],
      }),
    });
    expect(
      await screen.findByText(
        'Serving health cannot read this component’s annotations',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('"three nines"')).toBeInTheDocument();
    expect(
      screen.getByText(/must be a percentage between 0 and 100/),
    ).toBeInTheDocument();
  });

  it('tells the user when no metrics match the selector', async () => {
    await renderCard({
      getServingHealth: async () =>
        healthyAnswer({
          status: 'unknown',
          reasons: [
            {
              code: 'no-metrics',
              severity: 'unknown',
              message:
                'No metrics found for model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}; check the annotations backstage.io/kubernetes-id, backstage.io/kubernetes-namespace and mlops-portal.io/metrics-profile',
            },
          ],
          metrics: { ...healthyAnswer().metrics, found: false },
        }),
    });
    expect(
      await screen.findByText(
        /^No metrics found for model_server_requests_total/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    await renderCard({
      getServingHealth: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message:
                  'You may not read the MLOps views of component:default/fraud-scorer',
              },
              response: { statusCode: 403 },
            }),
            {
              status: 403,
              statusText: 'Forbidden',
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        );
      },
    });
    expect(
      (await screen.findAllByText(/You may not read the MLOps views/)).length,
    ).toBeGreaterThan(0);
  });
});
