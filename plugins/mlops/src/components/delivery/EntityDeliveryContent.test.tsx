import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  DeliveryResponse,
  EntityNotConfigured,
  RolloutView,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mlopsApiRef } from '../../api/MlopsApi';
import { entity, unreachablePrometheus } from '../shared/fixtures';
import { EntityDeliveryContent } from './EntityDeliveryContent';
import {
  analysisMetric,
  analysisRun,
  canaryRevision,
  canarySteps,
  deliveryAnswer,
  deploymentView,
  modelRegistry,
  revisionView,
  rolloutView,
} from './fixtures';

function renderTab(answer: () => Promise<DeliveryResponse>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityDeliveryContent />
    </EntityProvider>,
    { apis: [[mlopsApiRef, { getDelivery: answer }]] },
  );
}

const rowsOf = (name: string) =>
  within(screen.getByRole('table', { name })).getAllByRole('row');

const abortExplanation =
  'aborted at step 4: error-ratio 6.1 % > 0.1 % in 2 of 3 measurements';

const aborted = rolloutView({
  phase: 'Degraded',
  message: 'RolloutAborted: Rollout aborted update to revision 4',
  aborted: true,
  abortedAt: '2026-11-29T14:05:00Z',
  currentStepIndex: 3,
  steps: canarySteps(3),
  canaryWeight: 0,
  revisions: [canaryRevision, revisionView()],
  analysisRuns: [
    analysisRun({
      name: 'fraud-scorer-7f5c4d9a2-4-3',
      phase: 'Failed',
      stepIndex: 3,
      message:
        'Metric "error-ratio" assessed Failed due to failed (2) > failureLimit (1)',
      metrics: [
        analysisMetric({
          phase: 'Failed',
          successful: 1,
          failed: 2,
          measurements: [0.0004, 0.061, 0.058].map((n, i) => ({
            phase: n > 0.001 ? 'Failed' : 'Successful',
            value: `[${n}]`,
            number: n,
            message: null,
            startedAt: `2026-11-29T14:0${i}:00Z`,
            finishedAt: `2026-11-29T14:0${i}:01Z`,
          })),
        }),
      ],
    }),
    analysisRun({ name: 'fraud-scorer-7f5c4d9a2-4-1', phase: 'Successful' }),
  ],
  summary: [
    abortExplanation,
    'The stable revision 3 serves every request again.',
  ],
});

describe('EntityDeliveryContent', () => {
  it('shows a canary in progress: phase, weight, steps, revisions, stable vs canary and its analysis', async () => {
    await renderTab(async () => deliveryAnswer());
    expect(await screen.findByTestId('rollout-phase')).toHaveTextContent(
      'Progressing',
    );
    expect(screen.getByTestId('canary-weight')).toHaveTextContent(
      'canary 10 % of pods',
    );
    expect(
      screen.getByRole('progressbar', { name: 'canary 10 % of pods' }),
    ).toHaveAttribute('aria-valuenow', '10');
    // A normal state reads as text, not as an error panel.
    expect(screen.getByTestId('rollout-summary')).toHaveTextContent(
      'Canary at step 2 of 5: analysis of revision 4 running',
    );
    expect(screen.queryByText(/^Error:/)).not.toBeInTheDocument();

    const steps = within(
      screen.getByRole('list', { name: 'Rollout steps' }),
    ).getAllByRole('listitem');
    expect(steps.map(s => s.textContent)).toEqual([
      '1. 10 % of podsdone',
      '2. analysis fraud-scorer-sloin progress',
      '3. 50 % of podsto come',
      '4. analysis fraud-scorer-sloto come',
      '5. pause until promotedto come',
    ]);
    expect(steps[1]).toHaveAttribute('aria-current', 'step');

    const revisions = rowsOf('Revisions of fraud-scorer');
    expect(revisions[1]).toHaveTextContent(
      'canary47f5c4d9a2registry.local/fraud-scorer:1.5.081/1',
    );
    expect(revisions[2]).toHaveTextContent(
      'stable36d9f7c8b5registry.local/fraud-scorer:1.4.079/9',
    );

    const slo = rowsOf('Stable vs canary');
    expect(slo.map(r => r.textContent)).toEqual([
      'FigureStable (rev. 3)Canary (rev. 4)Analysis threshold',
      'Requests/s45.05.00–',
      'Error ratio0.040 %0.060 %0.10 %',
      'Latency p95120 ms140 ms–',
    ]);
    // Worse than the stable but within the analysis' threshold: not marked.
    expect(within(slo[2]).getByText('0.060 %')).not.toHaveAttribute(
      'data-worse',
    );
    expect(within(slo[3]).getByText('140 ms')).toHaveAttribute(
      'data-worse',
      'true',
    );

    const run = screen.getByTestId('analysis-run-fraud-scorer-7f5c4d9a2-4-1');
    expect(run).toHaveTextContent(
      'Running · fraud-scorer-7f5c4d9a2-4-1 · Step · step 2 · revision 4',
    );
    const metric = screen.getByTestId('analysis-metric-error-ratio');
    expect(metric).toHaveTextContent('error-ratio · prometheus · Running');
    expect(metric).toHaveTextContent(
      '1 successful · 0 failed · 0 inconclusive · 0 errors (every 1m · 3 measurements · failure limit 1 · inconclusive limit 1)',
    );
    expect(
      within(metric).getByText('len(result) > 0 && result[0] > 0.001').tagName,
    ).toBe('CODE');
    expect(rowsOf('Measurements of error-ratio')[1]).toHaveTextContent(
      '1Successful[0.0004]',
    );
  });

  it('shows the query of a metric only when asked to', async () => {
    await renderTab(async () => deliveryAnswer());
    const show = await screen.findByRole('button', { name: 'Show query' });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(show);
    expect(screen.getByRole('button', { name: 'Hide query' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(screen.getByText(/rate\(http_requests_total/).tagName).toBe('PRE');
  });

  it('explains an aborted canary as an error, marks the worse canary figures and charts the measurements', async () => {
    await renderTab(async () => deliveryAnswer({ rollouts: [aborted] }));
    expect(await screen.findByTestId('rollout-phase')).toHaveTextContent(
      'Aborted',
    );
    expect(screen.getByText(`Error: ${abortExplanation}`)).toBeInTheDocument();
    expect(
      screen.getByText('The stable revision 3 serves every request again.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('rollout-summary')).not.toBeInTheDocument();

    const steps = within(
      screen.getByRole('list', { name: 'Rollout steps' }),
    ).getAllByRole('listitem');
    expect(steps[3]).toHaveTextContent(
      '4. analysis fraud-scorer-sloaborted here',
    );
    expect(screen.getByTestId('canary-weight')).toHaveTextContent(
      'canary 0 % of pods',
    );

    const errorRow = rowsOf('Stable vs canary')[2];
    expect(within(errorRow).getByText('6.1 %')).toHaveAttribute(
      'data-worse',
      'true',
    );

    // Newest run first and open; older ones collapsed.
    const runs = screen.getAllByTestId(/^analysis-run-/);
    expect(runs.map(r => r.dataset.testid)).toEqual([
      'analysis-run-fraud-scorer-7f5c4d9a2-4-3',
      'analysis-run-fraud-scorer-7f5c4d9a2-4-1',
    ]);
    expect(runs[0]).toHaveTextContent(
      'Metric "error-ratio" assessed Failed due to failed (2) > failureLimit (1)',
    );
    expect(runs[1]).not.toHaveTextContent('error-ratio · prometheus');
    expect(
      screen.getByTestId('measurements-chart-error-ratio'),
    ).toHaveAttribute(
      'aria-label',
      'error-ratio: 3 measured values against 0.001',
    );
    const measurements = rowsOf('Measurements of error-ratio');
    expect(measurements).toHaveLength(4);
    expect(measurements[2]).toHaveTextContent('2Failed[0.061]');
  });

  it('names the unreachable registry and still shows the rollout', async () => {
    await renderTab(async () =>
      deliveryAnswer({
        modelRegistry: modelRegistry({
          registeredModel: null,
          served: modelRegistry().served.map(s => ({ ...s, details: null })),
          error: {
            kind: 'unreachable',
            message: "MLflow registry 'sandbox' is unreachable (ECONNREFUSED)",
          },
        }),
      }),
    );
    expect(
      await screen.findByText("Warning: MLflow 'sandbox' is unreachable"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "MLflow registry 'sandbox' is unreachable (ECONNREFUSED).",
      ),
    ).toBeInTheDocument();
    const served = rowsOf('Served model versions');
    expect(served[1]).toHaveTextContent(
      /^7, Opens in a new windowstable––unknown–––$/,
    );
    expect(served[2]).toHaveTextContent(
      /^8, Opens in a new windowcanary––unknown–––$/,
    );
    expect(screen.getByTestId('rollout-phase')).toHaveTextContent(
      'Progressing',
    );
    expect(
      screen.getByRole('table', { name: 'Stable vs canary' }),
    ).toBeInTheDocument();
  });

  it('says so when no model registry is configured', async () => {
    await renderTab(async () => deliveryAnswer({ modelRegistry: null }));
    expect(
      await screen.findByText(
        'No model registry configured (mlops.modelRegistry.mlflow).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('rollout-phase')).toHaveTextContent(
      'Progressing',
    );
  });

  it('shows a blue-green rollout with its preview, no weight and no steps', async () => {
    const blueGreen = rolloutView({
      strategy: 'blueGreen',
      phase: 'Paused',
      paused: true,
      currentStepIndex: null,
      steps: [],
      canaryWeight: null,
      analysisRuns: [
        analysisRun({
          type: 'PostPromotion',
          stepIndex: null,
          name: 'fraud-scorer-7f5c4d9a2-4-post',
        }),
      ],
      summary: [
        'Preview revision 4 is up on fraud-scorer-preview: promote it to switch the active Service',
      ],
    });
    await renderTab(async () => deliveryAnswer({ rollouts: [blueGreen] }));
    expect(await screen.findByTestId('rollout-phase')).toHaveTextContent(
      'Paused',
    );
    expect(
      screen.getByText(/Rollout, blue-green · sandbox-west · fraud-ml/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('rollout-summary')).toHaveTextContent(
      'Preview revision 4 is up',
    );
    expect(screen.queryByTestId('canary-weight')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Rollout steps' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Stable (active) vs preview')).toBeInTheDocument();
    expect(rowsOf('Stable vs canary')[0]).toHaveTextContent('Preview (rev. 4)');
    expect(rowsOf('Revisions of fraud-scorer')[1]).toHaveTextContent(
      /^preview4/,
    );
    expect(
      screen.getByTestId('analysis-run-fraud-scorer-7f5c4d9a2-4-post'),
    ).toHaveTextContent(
      'Running · fraud-scorer-7f5c4d9a2-4-post · PostPromotion · revision 4',
    );
  });

  it('shows a Deployment with its revisions and says a rolling update has no analysis', async () => {
    await renderTab(async () =>
      deliveryAnswer({ rollouts: [], deployments: [deploymentView()] }),
    );
    expect(await screen.findByTestId('rolling-note')).toHaveTextContent(
      /^Rolling update: no analysis/,
    );
    const rows = rowsOf('Revisions of support-llm');
    expect(rows[1]).toHaveTextContent(
      'stable125c8d7vllm/vllm-openai:v0.6.3–9/9',
    );
    expect(rows[2]).toHaveTextContent('old1149b1a');
    expect(
      screen.queryByText('No Rollout and no Deployment'),
    ).not.toBeInTheDocument();
    expect(screen.queryByTestId('rollout-phase')).not.toBeInTheDocument();
  });

  it('explains an entity that is not configured', async () => {
    const notConfigured: EntityNotConfigured = {
      state: 'not-configured',
      entityRef: 'component:default/fraud-scorer',
      reason: 'namespace-not-bound',
      message:
        'namespace fraud-ml on cluster sandbox-west is not bound to group:default/recsys',
      problems: [],
    };
    await renderTab(async () => notConfigured);
    expect(
      await screen.findByText(
        'This namespace is not bound to the component’s owner',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(notConfigured.message)).toBeInTheDocument();
  });

  const refusingCluster: SourceReport = {
    kind: 'kubernetes',
    name: 'sandbox-west',
    ok: false,
    error: {
      kind: 'unreachable',
      message: "Cluster 'sandbox-west' is unreachable (ECONNREFUSED)",
    },
    requests: 1,
    durationMs: 2,
  };

  it.each`
    what                       | sources              | title                                 | description
    ${'every source answered'} | ${[]}                | ${'No Rollout and no Deployment'}     | ${/rolloutStrategy is canary or blue-green/}
    ${'the cluster refused'}   | ${[refusingCluster]} | ${'Rollouts and Deployments unknown'} | ${"No answer from cluster sandbox-west: Cluster 'sandbox-west' is unreachable (ECONNREFUSED)."}
  `(
    'with no Rollout and no Deployment when $what, the empty state says "$title"',
    async ({ sources, title, description }) => {
      await renderTab(async () =>
        deliveryAnswer({ rollouts: [], deployments: [], sources }),
      );
      expect(await screen.findByText(title)).toBeInTheDocument();
      expect(screen.getByText(description)).toBeInTheDocument();
    },
  );

  it('names failed sources, MLflow among them, with the shared notice', async () => {
    const mlflowDown: SourceReport = {
      kind: 'mlflow',
      name: 'sandbox',
      ok: false,
      error: {
        kind: 'timeout',
        message: "MLflow registry 'sandbox' did not answer within 5000 ms",
      },
      requests: 1,
      durationMs: 5000,
    };
    const prometheusDown = rolloutView({
      revisions: [
        { ...canaryRevision, slo: null },
        revisionView({ slo: null }),
      ],
    });
    await renderTab(async () =>
      deliveryAnswer({
        rollouts: [prometheusDown],
        sources: [unreachablePrometheus, mlflowDown],
      }),
    );
    expect(
      await screen.findByText(
        'Warning: Partial data: no answer from Prometheus sandbox, MLflow sandbox',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('slo-empty')).toHaveTextContent(
      "No answer from Prometheus sandbox: Prometheus 'sandbox' is unreachable (ECONNREFUSED)",
    );
  });

  it('does not crash when every nullable field is null', async () => {
    const bare: RolloutView = {
      ...rolloutView(),
      strategy: 'unknown',
      phase: null,
      message: null,
      currentStepIndex: null,
      canaryWeight: null,
      desiredReplicas: null,
      stableHash: null,
      currentHash: null,
      workloadRef: null,
      steps: [],
      summary: [],
      revisions: [
        revisionView({
          role: 'canary',
          revision: null,
          images: [],
          modelVersion: null,
          createdAt: null,
          slo: null,
        }),
      ],
      analysisRuns: [
        analysisRun({
          message: null,
          type: null,
          stepIndex: null,
          podTemplateHash: null,
          revision: null,
          startedAt: null,
          metrics: [
            analysisMetric({
              query: null,
              successCondition: null,
              failureCondition: null,
              threshold: null,
              interval: null,
              count: null,
              failureLimit: null,
              inconclusiveLimit: null,
              phase: null,
              measurements: [
                {
                  phase: 'Error',
                  value: null,
                  number: null,
                  message:
                    'Post "http://prometheus": dial tcp: connection refused',
                  startedAt: null,
                  finishedAt: null,
                },
              ],
            }),
          ],
        }),
      ],
    };
    await renderTab(async () =>
      deliveryAnswer({
        rollouts: [bare],
        deployments: [deploymentView({ revisions: [] })],
        modelRegistry: modelRegistry({
          url: '',
          registeredModel: null,
          served: [{ version: '9', roles: [], url: '', details: null }],
        }),
      }),
    );
    expect(await screen.findByTestId('rollout-phase')).toHaveTextContent(
      'No status yet',
    );
    expect(screen.getByText(/Rollout, unknown strategy/)).toBeInTheDocument();
    expect(screen.getByTestId('slo-empty')).toBeInTheDocument();
    expect(rowsOf('Revisions of fraud-scorer')[1]).toHaveTextContent(
      'canary–6d9f7c8b5––9/9–',
    );
    expect(screen.getByTestId('analysis-metric-error-ratio')).toHaveTextContent(
      'error-ratio · prometheus · no result yet',
    );
    expect(screen.getByText('No ReplicaSet found.')).toBeInTheDocument();
    expect(
      screen.getByText(
        "Warning: MLflow 'sandbox' gave no answer about 'fraud-scorer'",
      ),
    ).toBeInTheDocument();
    expect(rowsOf('Served model versions')[1]).toHaveTextContent(
      /^9–––not in the registry–––$/,
    );
    expect(screen.queryByTestId(/^measurements-chart/)).not.toBeInTheDocument();
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
});
