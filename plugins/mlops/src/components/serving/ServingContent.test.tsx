import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ServingTimeRange } from '@internal/plugin-mlops-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';
import { entity, unreachablePrometheus } from '../shared/fixtures';
import { healthyAnswer, servingApi, timeSeriesAnswer } from './fixtures';
import { ServingContent } from './ServingContent';

function renderTab(api: Partial<MlopsApi> = {}) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ServingContent />
    </EntityProvider>,
    { apis: [[mlopsApiRef, servingApi(api)]] },
  );
}

describe('ServingContent', () => {
  it('shows charts, objectives, replicas and deep links', async () => {
    await renderTab();
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(
      await screen.findByTestId('chart-traffic', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('chart-errors')).toBeInTheDocument();
    expect(screen.getByTestId('chart-latency')).toBeInTheDocument();
    expect(screen.getByText('Service level objectives')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Burn rates' })).toHaveTextContent(
      '0.30×',
    );
    expect(
      screen.getByText('Deployments: 2/2 replicas ready'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('fraud-scorer-5c8c4f4f49-hs956'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('registry.example.com/fraud-ml/fraud-scorer:1.4.2'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Traffic in Prometheus').closest('a'),
    ).toHaveAttribute('href', 'https://prometheus.example.com/graph?g0.expr=x');
  });

  it("shows an LLM server's objectives, charts and firing burn", async () => {
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
    const share = (w: string) => (['5m', '30m', '1h'].includes(w) ? 0.8 : 0.01);
    const healthy = healthyAnswer();
    const series = timeSeriesAnswer();
    await renderTab({
      getServingHealth: async () =>
        healthyAnswer({
          llm: {
            ttftP50Ms: 1800,
            ttftP95Ms: 5200,
            tpotP50Ms: 24,
            tpotP95Ms: 46,
            inputTokensPerSecond: 18000,
            outputTokensPerSecond: 5400,
            requestsRunning: 256,
            requestsWaiting: 310,
            kvCacheUsage: 0.98,
            preemptionsPerSecond: 0.4,
            cost: {
              currency: 'USD',
              gpus: 2,
              unpricedGpus: 0,
              perHour: 8.2,
              outputTokensPerHour: 19_440_000,
              perMillionOutputTokens: 0.4218,
            },
            notes: [],
          },
          slo: {
            ...healthy.slo!,
            tokenObjectives: [
              {
                figure: 'ttft',
                p95ObjectiveMs: 500,
                burnRates: windows.map(window => ({
                  window,
                  errorRatio: share(window),
                  burnRate: share(window) / 0.05,
                })),
                alerts: [
                  {
                    severity: 'page',
                    longWindow: '1h',
                    shortWindow: '5m',
                    threshold: 14.4,
                    firing: true,
                  },
                ],
              },
            ],
          },
        }),
      getServingTimeSeries: async () => ({
        ...series,
        llm: true,
        points: series.points.map(p => ({
          ...p,
          ttftP95Ms: 5200,
          tpotP95Ms: 46,
          inputTokensPerSecond: 18000,
          outputTokensPerSecond: 5400,
          requestsRunning: 256,
          requestsWaiting: 310,
          kvCacheUsage: 0.98,
        })),
      }),
    });
    expect(await screen.findByTestId('signal-kv-cache')).toHaveTextContent(
      '98 %',
    );
    expect(screen.getByTestId('signal-ttft')).toHaveTextContent(
      'objective 500 ms',
    );
    expect(screen.getByTestId('signal-cost')).toHaveTextContent(
      /\$0\.42.*\$8\.20\/h for 2 GPUs · 19\.4M tokens\/h/,
    );
    const table = screen.getByRole('table', { name: 'LLM objectives' });
    expect(table).toHaveTextContent('First token over 500 ms');
    expect(table).toHaveTextContent('16.00×');
    expect(
      screen.getByText('First token: >14.4× over 1h & 5m'),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('chart-kv cache', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('chart-token latency')).toBeInTheDocument();
    expect(screen.getByTestId('chart-queue')).toBeInTheDocument();
  });

  it('asks for the range the picker selects', async () => {
    const ranges: ServingTimeRange[] = [];
    await renderTab({
      getServingTimeSeries: async (_ref, range) => {
        ranges.push(range);
        return timeSeriesAnswer();
      },
    });
    // Charts load after the health answer; allow for a loaded machine.
    await screen.findByTestId('chart-traffic', {}, { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: '24h' }));
    await waitFor(() => expect(ranges).toEqual(['1h', '24h']));
    expect(screen.getByRole('button', { name: '24h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('says which selector found no metrics instead of empty charts', async () => {
    await renderTab({
      getServingTimeSeries: async () => ({
        ...timeSeriesAnswer(),
        points: [],
        metrics: { ...timeSeriesAnswer().metrics, found: false },
      }),
    });
    expect(
      await screen.findByText(
        /No metrics found for model_server_requests_total\{namespace="fraud-ml", service="fraud-scorer"\} in the last 1h/,
      ),
    ).toBeInTheDocument();
  });

  it.each`
    what                                  | sources                                                                    | text
    ${'Prometheus answered'}              | ${[]}                                                                      | ${/^No metrics found for model_server_requests_total.* in the last 1h; check the annotations/}
    ${'Prometheus refused'}               | ${[unreachablePrometheus]}                                                 | ${/^No answer from Prometheus sandbox: Prometheus 'sandbox' is unreachable \(ECONNREFUSED\)$/}
    ${'the local sandbox is not running'} | ${[{ ...unreachablePrometheus, localSandboxDown: { startCommand: 'x' } }]} | ${/^No answer from Prometheus sandbox: the local sandbox is not running$/}
  `(
    'with no series when $what, the chart says: $text',
    async ({ sources, text }) => {
      await renderTab({
        getServingTimeSeries: async () => ({
          ...timeSeriesAnswer(),
          points: [],
          metrics: { ...timeSeriesAnswer().metrics, found: false },
          sources,
        }),
      });
      const empty = await screen.findByTestId(
        'charts-empty',
        {},
        { timeout: 10_000 },
      );
      expect(empty).toHaveTextContent(text);
    },
  );

  it('shows the mean for servers without latency quantiles', async () => {
    const series = timeSeriesAnswer();
    await renderTab({
      getServingHealth: async () =>
        healthyAnswer({
          signals: {
            ...healthyAnswer().signals!,
            latency: { p50Ms: null, p95Ms: null, p99Ms: null, meanMs: 12.5 },
          },
        }),
      getServingTimeSeries: async () => ({
        ...series,
        points: series.points.map(p => ({
          ...p,
          p50Ms: null,
          p95Ms: null,
          p99Ms: null,
          meanMs: 12,
        })),
      }),
    });
    expect(await screen.findByTestId('signal-latency')).toHaveTextContent(
      'Latency (mean)',
    );
    expect(screen.getByTestId('signal-latency')).toHaveTextContent('13 ms');
  });
});
