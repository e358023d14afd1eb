import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FleetResponse } from '@internal/plugin-mlops-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { mlopsApiRef } from '../../api/MlopsApi';
import { FleetPage } from './FleetPage';
import { fleetAnswer } from './fixtures';

function renderPage(answer: () => Promise<FleetResponse>) {
  return renderInTestApp(<FleetPage />, {
    apis: [[mlopsApiRef, { getFleet: answer }]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('FleetPage', () => {
  it('lists the services worst first, with the figures and links to their tabs', async () => {
    await renderPage(async () => fleetAnswer());
    const table = await screen.findByRole('table', { name: '' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('fraud-graph-embedder');
    expect(rows[0]).toHaveTextContent('Degraded');
    expect(rows[0]).toHaveTextContent('4/4 of max 4');
    expect(within(rows[0]).getByTestId('pinned-at-max')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('2 at 40 %');
    expect(rows[1]).toHaveTextContent('Fraud scorer');
    expect(
      within(rows[1]).getByRole('link', { name: 'Autoscaling' }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(/fraud-scorer\/autoscaling$/),
    );
    expect(screen.getByTestId('fleet-summary')).toHaveTextContent('12 / 16');
    expect(screen.getByTestId('last-updated')).toHaveTextContent(
      'refreshed every 30 s',
    );
  });

  it('rolls the fleet up per team, and says which GPU models have no price', async () => {
    await renderPage(async () => fleetAnswer());
    fireEvent.click(await screen.findByRole('tab', { name: 'Teams' }));
    expect(await screen.findByText('Teams (1)')).toBeInTheDocument();
    expect(screen.getAllByText('$51.25')).toHaveLength(2);
    fireEvent.click(screen.getByRole('tab', { name: 'GPUs' }));
    expect(
      await screen.findByText(/No price for NVIDIA-L4/),
    ).toBeInTheDocument();
    expect(screen.getAllByText('12 / 16')).toHaveLength(2);
  });

  it('counts MIG slices as GPU-equivalents and shows what a pending job asks for', async () => {
    const base = fleetAnswer();
    await renderPage(async () => ({
      ...base,
      gpus: {
        ...base.gpus,
        pools: [
          {
            cluster: 'sandbox-east',
            gpuModel: 'NVIDIA-A100-SXM4-80GB',
            capacity: 13 / 7,
            allocated: 5 / 7,
            idle: 2 / 7,
          },
        ],
        pendingJobs: [
          {
            cluster: 'sandbox-east',
            namespace: 'fraud-ml',
            name: 'fraud-model-tuning-mig',
            team: 'group:default/fraud-ml',
            entityRef: null,
            gpus: 1,
            gpuEquivalents: 3 / 7,
            migProfile: '3g.40gb',
            reason: 'Unschedulable',
            waitingSince: '2026-11-29T12:00:00.000Z',
          },
        ],
      },
    }));
    expect(await screen.findByTestId('fleet-summary')).toHaveTextContent(
      '0.71 / 1.86GPUs allocated / capacity0.29idle allocated GPUs',
    );
    fireEvent.click(screen.getByRole('tab', { name: 'GPUs' }));
    expect(
      await screen.findByText('1 × MIG 3g.40gb (0.43 GPU)'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('0.71 / 1.86')).toHaveLength(2);
    expect(screen.getByText(/a MIG slice counts as its share/)).toBeVisible();
  });

  it('says when the fleet is not computed yet, and when only own services are shown', async () => {
    await renderPage(async () => ({
      state: 'pending',
      message: 'The fleet is being computed for the first time',
    }));
    expect(
      await screen.findByText('The fleet is being computed for the first time'),
    ).toBeInTheDocument();
  });

  it('tells a team it sees its own services', async () => {
    await renderPage(async () => fleetAnswer({ wholeFleet: false }));
    expect(await screen.findByTestId('own-services-only')).toBeInTheDocument();
    expect(screen.queryByText('GPUs per cluster and model')).toBeNull();
  });

  it('tells a team that owns no model services so', async () => {
    await renderPage(async () =>
      fleetAnswer({ wholeFleet: false, services: [], teams: [] }),
    );
    expect(await screen.findByTestId('no-services')).toHaveTextContent(
      'Your groups own no model services',
    );
  });

  it('shows the error when the backend fails', async () => {
    await renderPage(async () => {
      throw new Error('boom: 503');
    });
    expect((await screen.findAllByText(/boom: 503/)).length).toBeGreaterThan(0);
  });
});
