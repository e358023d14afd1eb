import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { FiringAlert } from '@internal/plugin-mlops-common';
import { screen, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import { MlopsApi, mlopsApiRef } from '../../api/MlopsApi';
import { entity } from '../shared/fixtures';
import { FiringAlerts } from './FiringAlerts';
import { alertsAnswer } from './fixtures';

const page =
  '/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/';

function alert(over: Partial<FiringAlert>): FiringAlert {
  return {
    name: 'ModelServiceHighErrorRate',
    state: 'firing',
    severity: 'critical',
    activeAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    summary: 'fraud-scorer answers more than 5 % of predictions with 5xx',
    runbook: { url: `http://localhost:3000${page}`, portalPath: page },
    labels: { namespace: 'fraud-ml', service: 'fraud-scorer' },
    source: 'prometheus',
    ...over,
  };
}

function renderAlerts(getEntityAlerts: MlopsApi['getEntityAlerts']) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <FiringAlerts />
    </EntityProvider>,
    { apis: [[mlopsApiRef, { getEntityAlerts }]] },
  );
}

describe('FiringAlerts', () => {
  it('lists each alert with severity, since-when and a runbook link into the portal', async () => {
    await renderAlerts(async () =>
      alertsAnswer({
        alerts: [
          alert({}),
          alert({
            name: 'ModelServiceLatencySLOBurn',
            state: 'pending',
            severity: 'warning',
            summary: undefined,
            runbook: { url: 'https://wiki.example.com/latency' },
          }),
        ],
      }),
    );
    expect(
      await screen.findByText('Alerts: 1 firing, 1 pending'),
    ).toBeInTheDocument();
    const [first, second] = screen.getAllByTestId('firing-alert');
    expect(within(first).getByText('critical')).toBeInTheDocument();
    expect(
      within(first).getByText('ModelServiceHighErrorRate'),
    ).toBeInTheDocument();
    expect(
      within(first).getByText('firing since 3 minutes ago'),
    ).toBeInTheDocument();
    expect(
      within(first).getByRole('link', {
        name: 'Runbook of ModelServiceHighErrorRate',
      }),
    ).toHaveAttribute('href', page);
    expect(within(second).getByText(/^pending since/)).toBeInTheDocument();
    const external = within(second).getByRole('link', {
      name: 'Runbook of ModelServiceLatencySLOBurn, Opens in a new window',
    });
    expect(external).toHaveAttribute(
      'href',
      'https://wiki.example.com/latency',
    );
    expect(external).toHaveAttribute('target', '_blank');
  });

  it('flags an alert without a usable runbook', async () => {
    await renderAlerts(async () =>
      alertsAnswer({
        alerts: [
          alert({ name: 'NoRunbook', runbook: { problem: 'missing' } }),
          alert({ name: 'BadRunbook', runbook: { problem: 'invalid' } }),
        ],
      }),
    );
    const flags = await screen.findAllByTestId('no-runbook');
    expect(flags.map(f => f.textContent)).toEqual([
      ' No runbook: the rule has no runbook_url annotation',
      ' No runbook: its runbook_url is not an http(s) URL',
    ]);
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it.each(['//evil.com/x', '/\\evil.com/x', 'docs/x'])(
    'links the URL, not the unsafe portal path %j',
    async portalPath => {
      const url = 'https://portal.example.com//evil.com/x';
      await renderAlerts(async () =>
        alertsAnswer({ alerts: [alert({ runbook: { url, portalPath } })] }),
      );
      const link = await screen.findByRole('link', {
        name: /^Runbook of ModelServiceHighErrorRate/,
      });
      expect(link).toHaveAttribute('href', url);
    },
  );

  const refusing = {
    kind: 'prometheus' as const,
    name: 'prometheus',
    ok: false,
    error: {
      kind: 'unreachable' as const,
      message: "Prometheus 'prometheus' is unreachable (ECONNREFUSED)",
    },
    requests: 1,
    durationMs: 3,
  };

  it('says nothing fires only when a source answered', async () => {
    await renderAlerts(async () =>
      alertsAnswer({
        sources: [
          refusing,
          { ...refusing, name: 'other', ok: true, error: undefined },
        ],
      }),
    );
    expect(await screen.findByText('No alerts firing')).toBeInTheDocument();
    expect(
      screen.getByText(
        "Alerts may be missing: Prometheus 'prometheus' is unreachable (ECONNREFUSED)",
      ),
    ).toBeInTheDocument();
  });

  it('leaves the local sandbox being down to the card’s one line', async () => {
    await renderAlerts(async () =>
      alertsAnswer({
        sources: [
          {
            ...refusing,
            localSandboxDown: { startCommand: './scripts/start.sh' },
          },
        ],
      }),
    );
    expect(await screen.findByText('Alerts unknown')).toBeInTheDocument();
    expect(screen.queryByText(/Alerts may be missing/)).not.toBeInTheDocument();
  });

  // Changed deliberately: with no source answering, "No alerts firing" was
  // a claim nothing backed; the heading now says the alerts are unknown.
  it('says alerts are unknown, and which source did not answer', async () => {
    await renderAlerts(async () => alertsAnswer({ sources: [refusing] }));
    expect(await screen.findByText('Alerts unknown')).toBeInTheDocument();
    expect(
      screen.getByText(
        "Alerts may be missing: Prometheus 'prometheus' is unreachable (ECONNREFUSED)",
      ),
    ).toBeInTheDocument();
  });

  it('names a failed request without hiding the rest of the card', async () => {
    await renderAlerts(async () => {
      throw new Error('Request failed with 503 Service Unavailable');
    });
    expect(
      await screen.findByText(
        'Alerts unknown: Request failed with 503 Service Unavailable',
      ),
    ).toBeInTheDocument();
  });

  it('shows who silenced an alert until when, and what inhibits another', async () => {
    const endsAt = '2026-12-04T21:30:00Z';
    await renderAlerts(async () =>
      alertsAnswer({
        alerts: [
          alert({ source: 'alertmanager' }),
          alert({
            name: 'ModelServiceCrashLooping',
            source: 'alertmanager',
            suppressed: {
              silencedBy: [
                {
                  id: 's-1',
                  createdBy: 'alice',
                  endsAt,
                  comment: 'rolling out the fix',
                },
              ],
              inhibitedBy: [],
            },
          }),
          alert({
            name: 'ModelServicePodsNotReady',
            severity: 'warning',
            source: 'alertmanager',
            suppressed: {
              silencedBy: [{ id: 's-2' }],
              inhibitedBy: [
                { fingerprint: 'f1', name: 'ModelServiceCrashLooping' },
                { fingerprint: 'f2' },
              ],
            },
          }),
        ],
      }),
    );
    expect(
      await screen.findByText(
        'Alerts: 1 firing, 0 pending, 2 silenced or inhibited',
      ),
    ).toBeInTheDocument();
    const [firing, silenced, inhibited] = screen.getAllByTestId('firing-alert');
    expect(within(firing).queryByTestId('alert-suppression')).toBeNull();
    expect(
      within(silenced)
        .getAllByTestId('alert-suppression')
        .map(e => e.textContent),
    ).toEqual([
      `Silenced by alice until ${DateTime.fromISO(endsAt).toFormat(
        'dd LLL HH:mm',
      )} — rolling out the fix`,
    ]);
    expect(
      within(inhibited)
        .getAllByTestId('alert-suppression')
        .map(e => e.textContent),
    ).toEqual([
      'Silenced (silence s-2)',
      'Inhibited by ModelServiceCrashLooping',
      'Inhibited by another alert (f2)',
    ]);
  });
});
