import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DeliveryResponse } from '@internal/plugin-mlops-common';
import { screen, waitFor, within } from '@testing-library/react';
import { mlopsApiRef } from '../../api/MlopsApi';
import { entity } from '../shared/fixtures';
import {
  deliveryAnswer,
  modelRegistry,
  modelVersion,
  registeredModel,
} from './fixtures';
import { ModelVersionsCard } from './ModelVersionsCard';

function renderCard(answer: () => Promise<DeliveryResponse>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ModelVersionsCard />
    </EntityProvider>,
    { apis: [[mlopsApiRef, { getDelivery: answer }]] },
  );
}

describe('ModelVersionsCard', () => {
  it('lists the served versions with roles, aliases, run and metrics, linked to the registry', async () => {
    await renderCard(async () => deliveryAnswer());
    const table = await screen.findByRole('table', {
      name: 'Served model versions',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      '7, Opens in a new windowstablechampionProductionREADYgbdt-depth-6auc 0.931',
    );
    expect(rows[2]).toHaveTextContent(
      '8, Opens in a new windowcanarychallenger–READYgbdt-depth-8accuracy 0.912 · auc 0.9431',
    );
    expect(within(rows[2]).getByRole('link', { name: /^8,/ })).toHaveAttribute(
      'href',
      'http://127.0.0.1:5000/#/models/fraud-scorer/versions/8',
    );
    expect(
      screen.getByRole('link', { name: /^fraud-scorer,/ }),
    ).toHaveAttribute('href', 'http://127.0.0.1:5000/#/models/fraud-scorer');
    expect(
      within(screen.getByRole('list', { name: 'Versions not served' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([expect.stringMatching(/^Version 6 · Archived · .+ ago$/)]);
  });

  it('lists the newest few versions not served, and says how many more there are', async () => {
    const versions = Array.from({ length: 12 }, (_, i) =>
      modelVersion({ version: String(20 - i), aliases: [], run: undefined }),
    );
    await renderCard(async () =>
      deliveryAnswer({
        modelRegistry: modelRegistry({
          registeredModel: registeredModel({ versions, truncated: true }),
          served: [],
        }),
      }),
    );
    const items = within(
      await screen.findByRole('list', { name: 'Versions not served' }),
    ).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    expect(items[0]).toHaveTextContent(/^Version 20 · /);
    expect(
      screen.getByText('and 7 older (the registry holds more than were read)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No revision names a model version/),
    ).toBeInTheDocument();
  });

  it('says the registry holds no such model', async () => {
    await renderCard(async () =>
      deliveryAnswer({
        modelRegistry: modelRegistry({
          model: 'fraud-scorer-v2',
          registeredModel: null,
          served: [],
          error: {
            kind: 'bad-response',
            message:
              "Registered model 'fraud-scorer-v2' not found in MLflow registry 'sandbox'",
          },
        }),
      }),
    );
    expect(
      await screen.findByText(
        "Warning: MLflow 'sandbox' holds no registered model 'fraud-scorer-v2'",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/mlops-portal.io\/mlflow-registered-model/),
    ).toBeInTheDocument();
  });

  it('renders nothing for an entity that is not configured', async () => {
    const getDelivery = jest.fn(
      async (): Promise<DeliveryResponse> => ({
        state: 'not-configured',
        entityRef: 'component:default/fraud-scorer',
        reason: 'missing-annotation',
        message: 'no annotations',
        problems: [],
      }),
    );
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <ModelVersionsCard />
      </EntityProvider>,
      { apis: [[mlopsApiRef, { getDelivery }]] },
    );
    await waitFor(() => expect(getDelivery).toHaveBeenCalled());
    await waitFor(() =>
      expect(screen.queryByTestId('progress')).not.toBeInTheDocument(),
    );
    expect(screen.queryByText('Model versions')).not.toBeInTheDocument();
    expect(screen.queryByText(/annotation/)).not.toBeInTheDocument();
  });
});
