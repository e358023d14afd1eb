import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';
import { entity } from '../shared/fixtures';
import {
  failingCanaryInferenceService,
  healthyAnswer,
  servingApi,
} from './fixtures';
import { InferenceServiceCard } from './InferenceServiceCard';
import { ServingContent } from './ServingContent';

describe('InferenceServiceCard', () => {
  it('says which condition failed and why, the revisions and the canary split', async () => {
    await renderInTestApp(
      <InferenceServiceCard
        inferenceServices={[failingCanaryInferenceService()]}
      />,
    );
    const card = screen.getByTestId('isvc-sandbox-east-image-moderation');
    expect(card).toHaveTextContent('nlp-llm on sandbox-east · Serverless');
    expect(
      screen.getByTestId('isvc-condition-PredictorReady'),
    ).toHaveTextContent(
      /Predictor ready: no \(RevisionFailed\)Revision "image-moderation-predictor-00002" failed with message: .* · since 2 minutes ago/,
    );
    expect(screen.getByTestId('isvc-condition-IngressReady')).toHaveTextContent(
      'Ingress configured: yes',
    );
    expect(card).toHaveTextContent('Predictor · canary at 10 % of traffic');
    const revisions = screen.getByRole('table', {
      name: 'predictor revisions',
    });
    expect(
      within(revisions).getByText('Latest created').nextSibling,
    ).toHaveTextContent('image-moderation-predictor-00002');
    expect(
      within(revisions).getByText('Latest ready').nextSibling,
    ).toHaveTextContent('image-moderation-predictor-00001');
    expect(card).toHaveTextContent(
      'Revision image-moderation-predictor-00002 is not ready: its traffic goes to image-moderation-predictor-00001.',
    );
    const traffic = screen.getByRole('table', { name: 'predictor traffic' });
    const rows = within(traffic).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'RevisionTagFollows latestTraffic',
      'image-moderation-predictor-00001latestyes10 %',
      'image-moderation-predictor-00001prevno90 %',
    ]);
    expect(
      screen.getByRole('img', {
        name: 'image-moderation-predictor-00001 10 %, image-moderation-predictor-00001 90 %',
      }),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent(
      'Model: Loaded → FailedToLoad (BlockedByFailedLoad)',
    );
  });

  it('is on the Serving tab only for an entity with an InferenceService', async () => {
    const withIsvc = healthyAnswer({
      status: 'down',
      inferenceServices: [failingCanaryInferenceService()],
    });
    const api: Partial<MlopsApi> = { getServingHealth: async () => withIsvc };
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <ServingContent />
      </EntityProvider>,
      { apis: [[mlopsApiRef, servingApi(api)]] },
    );
    expect(
      await screen.findByRole('heading', { name: 'InferenceService' }),
    ).toBeInTheDocument();
  });
});
