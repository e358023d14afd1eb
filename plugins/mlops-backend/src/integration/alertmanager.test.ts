import { EntityAlerts, FiringAlert } from '@internal/plugin-mlops-common';
import net from 'node:net';
import request from 'supertest';
import {
  describeSandbox,
  env,
  eventually,
  exampleModelServices,
  sandboxEnabled,
  switchScenario,
} from '../__testUtils__/sandbox';
import {
  SandboxPortal,
  sandboxPrometheus,
  startSandboxPortal,
  user,
} from '../__testUtils__/sandboxPortal';

/*
 * The alerts endpoint against the sandbox's real Alertmanager (Debian's
 * 0.25, fed by the sandbox's Prometheus, with an inhibit rule: a critical
 * alert holds back the warnings of its service). Each answer is compared
 * with Alertmanager's own API; silences and inhibitions are made here
 * through that API and removed afterwards.
 */
const SERVICE = { namespace: 'fraud-ml', service: 'fraud-scorer' };
const QUIET = { namespace: 'fraud-ml', service: 'fraud-graph-embedder' };

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  fingerprint: string;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}

const am = (path: string, init?: RequestInit) =>
  fetch(`${env('MLOPS_ALERTMANAGER_URL')}/api/v2/${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  });

async function amAlerts(labels: Record<string, string>): Promise<AmAlert[]> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(labels))
    query.append('filter', `${k}="${v}"`);
  return (await am(`alerts?${query}`)).json();
}

/** The alerts of fraud-scorer that the sandbox's Prometheus lists. */
async function prometheusAlerts() {
  const response = await fetch(`${env('MLOPS_PROMETHEUS_URL')}/api/v1/alerts`);
  const body = (await response.json()) as {
    data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
  };
  return body.data.alerts.filter(
    a =>
      a.labels.service === SERVICE.service &&
      a.labels.namespace === SERVICE.namespace,
  );
}

/** What the endpoint must say of an alert Alertmanager lists. */
function expected(alert: AmAlert, byFingerprint: Map<string, string>) {
  const { silencedBy, inhibitedBy } = alert.status;
  return {
    name: alert.labels.alertname,
    state: 'firing',
    severity: alert.labels.severity ?? 'none',
    activeAt: alert.startsAt,
    summary: alert.annotations.summary,
    description: alert.annotations.description,
    runbookUrl: alert.annotations.runbook_url,
    labels: alert.labels,
    source: 'sandbox-alertmanager',
    silencedBy: silencedBy.sort(),
    inhibitedBy: inhibitedBy.map(f => byFingerprint.get(f) ?? f).sort(),
  };
}

function shown(alert: FiringAlert) {
  return {
    name: alert.name,
    state: alert.state,
    severity: alert.severity,
    activeAt: alert.activeAt,
    summary: alert.summary,
    description: alert.description,
    runbookUrl: alert.runbook.url,
    labels: alert.labels,
    source: alert.source,
    silencedBy: (alert.suppressed?.silencedBy ?? []).map(s => s.id).sort(),
    inhibitedBy: (alert.suppressed?.inhibitedBy ?? [])
      .map(i => i.name ?? i.fingerprint)
      .sort(),
  };
}

const byLabels = <T extends { labels: Record<string, string> }>(list: T[]) =>
  [...list].sort((a, b) =>
    JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
  );

/** A loopback port that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function startPortal(alertmanagerUrl: string) {
  return startSandboxPortal({
    entities: sandboxEnabled ? exampleModelServices() : [],
    config: {
      app: { baseUrl: 'http://localhost:3000' },
      mlops: {
        prometheus: { instances: [sandboxPrometheus()] },
        alerts: {
          cacheTtl: '1s',
          alertmanagers: [
            {
              name: 'sandbox-alertmanager',
              url: alertmanagerUrl,
              timeout: '2s',
            },
          ],
        },
      },
    },
  });
}

describeSandbox('alerts from the sandbox Alertmanager', () => {
  jest.setTimeout(180_000);
  let portal: SandboxPortal | undefined;

  const entityAlerts = async (server = portal!.server, service = SERVICE) => {
    const response = await request(server)
      .get(`/api/mlops/entities/component/default/${service.service}/alerts`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    return response.body as EntityAlerts;
  };

  beforeAll(async () => {
    switchScenario('error-spike');
    portal = await startPortal(env('MLOPS_ALERTMANAGER_URL'));
  });

  afterAll(async () => {
    await portal?.stop();
    switchScenario('healthy');
  });

  it("error-spike: Prometheus' alerts reach Alertmanager; the endpoint says what its API says, field by field", async () => {
    const received = await eventually(
      'ModelServiceHighErrorRate of fraud-scorer in Alertmanager',
      () => amAlerts(SERVICE),
      list =>
        list.some(a => a.labels.alertname === 'ModelServiceHighErrorRate'),
      120_000,
    );
    const firing = (await prometheusAlerts()).filter(a => a.state === 'firing');
    expect(received.map(a => a.labels)).toEqual(
      expect.arrayContaining(firing.map(a => a.labels)),
    );
    // Both reads are retried together until no alert changed between them.
    await eventually(
      'the endpoint and Alertmanager agreeing',
      async () => {
        const [list, body] = await Promise.all([
          amAlerts(SERVICE),
          entityAlerts(),
        ]);
        const names = new Map(
          list.map(a => [a.fingerprint, a.labels.alertname]),
        );
        return {
          alertmanager: byLabels(list).map(a => expected(a, names)),
          endpoint: byLabels(body.alerts).map(shown),
          sources: body.sources,
        };
      },
      ({ alertmanager, endpoint, sources }) =>
        JSON.stringify(alertmanager) === JSON.stringify(endpoint) &&
        sources.length === 1 &&
        sources[0].ok,
      30_000,
    );
  });

  it('shows a silence made through the API with its author, end and comment, until it expires', async () => {
    const endsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const comment = 'integration test: silenced while the fix rolls out';
    const created = await am('silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: [
          {
            name: 'alertname',
            value: 'ModelServiceHighErrorRate',
            isRegex: false,
            isEqual: true,
          },
          {
            name: 'service',
            value: SERVICE.service,
            isRegex: false,
            isEqual: true,
          },
        ],
        startsAt: new Date().toISOString(),
        endsAt,
        createdBy: 'integration-test',
        comment,
      }),
    });
    expect(created.status).toBe(200);
    const { silenceID } = (await created.json()) as { silenceID: string };
    try {
      const body = await eventually(
        'ModelServiceHighErrorRate silenced on the endpoint',
        () => entityAlerts(),
        b =>
          b.alerts.some(
            a =>
              a.name === 'ModelServiceHighErrorRate' &&
              a.suppressed?.silencedBy.some(s => s.id === silenceID),
          ),
        30_000,
      );
      const silenced = body.alerts.find(
        a => a.name === 'ModelServiceHighErrorRate',
      )!;
      expect(silenced.suppressed!.silencedBy).toEqual([
        {
          id: silenceID,
          createdBy: 'integration-test',
          endsAt: expect.any(String),
          comment,
        },
      ]);
      expect(Date.parse(silenced.suppressed!.silencedBy[0].endsAt!)).toBe(
        Date.parse(endsAt),
      );
      // Silenced alerts come after the ones that still notify.
      const firstHeld = body.alerts.findIndex(a => a.suppressed);
      expect(body.alerts.slice(firstHeld).every(a => a.suppressed)).toBe(true);
    } finally {
      await am(`silence/${silenceID}`, { method: 'DELETE' });
    }
    await eventually(
      'the silence gone from the endpoint',
      () => entityAlerts(),
      b =>
        !b.alerts.some(a =>
          a.suppressed?.silencedBy.some(s => s.id === silenceID),
        ),
      30_000,
    );
  });

  it('names the alert that inhibits another, by the sandbox inhibit rule', async () => {
    const endsAt = new Date(Date.now() + 2 * 60_000).toISOString();
    const alert = (alertname: string, severity: string) => ({
      labels: { alertname, severity, ...QUIET },
      annotations: { summary: `${alertname}, posted by the integration test` },
      startsAt: new Date().toISOString(),
      endsAt,
    });
    const posted = await am('alerts', {
      method: 'POST',
      body: JSON.stringify([
        alert('IntegrationTestCritical', 'critical'),
        alert('IntegrationTestWarning', 'warning'),
      ]),
    });
    expect(posted.status).toBe(200);
    const body = await eventually(
      'both posted alerts on the endpoint',
      () => entityAlerts(portal!.server, QUIET),
      b =>
        b.alerts.filter(a => a.name.startsWith('IntegrationTest')).length === 2,
      30_000,
    );
    const [critical, warning] = body.alerts;
    expect(critical).toMatchObject({ name: 'IntegrationTestCritical' });
    expect(critical.suppressed).toBeUndefined();
    const [source] = await amAlerts({
      ...QUIET,
      alertname: 'IntegrationTestCritical',
    });
    expect(warning).toMatchObject({
      name: 'IntegrationTestWarning',
      suppressed: {
        silencedBy: [],
        inhibitedBy: [
          { fingerprint: source.fingerprint, name: 'IntegrationTestCritical' },
        ],
      },
    });
  });

  it("Alertmanager down: the endpoint names it and answers with Prometheus' alerts", async () => {
    const down = await startPortal(`http://127.0.0.1:${await closedPort()}`);
    try {
      const body = await entityAlerts(down.server);
      expect(body.sources).toEqual([
        expect.objectContaining({
          kind: 'alertmanager',
          name: 'sandbox-alertmanager',
          ok: false,
          error: {
            kind: 'unreachable',
            message:
              "Alertmanager 'sandbox-alertmanager' is unreachable (ECONNREFUSED)",
          },
        }),
        expect.objectContaining({
          kind: 'prometheus',
          name: 'sandbox',
          ok: true,
        }),
      ]);
      // Prometheus' own list, read until no alert changed between the two reads.
      await eventually(
        "the endpoint listing Prometheus' alerts of fraud-scorer",
        async () => ({
          endpoint: byLabels((await entityAlerts(down.server)).alerts).map(
            a => a.labels,
          ),
          prometheus: byLabels(await prometheusAlerts()).map(a => a.labels),
        }),
        ({ endpoint, prometheus }) =>
          JSON.stringify(endpoint) === JSON.stringify(prometheus),
        30_000,
      );
      expect(
        body.alerts.every(a => a.source === 'sandbox' && !a.suppressed),
      ).toBe(true);
      expect(body.alerts.map(a => a.name)).toContain(
        'ModelServiceHighErrorRate',
      );
    } finally {
      await down.stop();
    }
  });
});
