import { request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry, Gauge } from 'prom-client';
import {
  close,
  createControlServer,
  createMetricsServer,
  listen,
  ScenarioControl,
  ScenarioState,
} from './control';
import type { ScenarioName } from './scenarios';

/** Plain HTTP to 127.0.0.1 (agent: false keeps clear of the test setup's blocked global agent). */
function call(server: Server, method: string, path: string, body?: string) {
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; type?: string; text: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path, agent: false },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: res.headers['content-type'],
              text,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

class FakeControl implements ScenarioControl {
  state: ScenarioState = {
    name: 'healthy',
    since: '2026-11-23T12:00:00.000Z',
    summary: 'ok',
    targets: [],
  };
  current() {
    return this.state;
  }
  switchTo(name: ScenarioName) {
    this.state = { ...this.state, name, since: '2026-11-23T12:05:00.000Z' };
    return this.state;
  }
  health() {
    return { clusters: { 'sandbox-east': 'up', 'sandbox-west': 'down' } };
  }
}

describe('control server', () => {
  let server: Server;
  let control: FakeControl;

  beforeEach(async () => {
    control = new FakeControl();
    server = createControlServer(control);
    await listen(server, 0);
  });
  afterEach(() => close(server));

  it('binds to 127.0.0.1 only', () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('GET /scenario returns the active scenario', async () => {
    const res = await call(server, 'GET', '/scenario');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toEqual(control.state);
  });

  it('POST /scenario switches', async () => {
    const res = await call(
      server,
      'POST',
      '/scenario',
      JSON.stringify({ name: 'error-spike' }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({
      name: 'error-spike',
      since: '2026-11-23T12:05:00.000Z',
    });
    expect(control.current().name).toBe('error-spike');
  });

  it.each([
    [
      'an unknown name',
      '{"name":"chaos"}',
      'unknown scenario "chaos"; expected one of: healthy, error-spike',
    ],
    [
      'a body that is not JSON',
      'name=healthy',
      'body must be JSON like {"name": "healthy"}',
    ],
    ['a missing name', '{}', 'invalid body: name:'],
    ['a name that is not a string', '{"name":3}', 'invalid body: name:'],
    ['extra fields', '{"name":"healthy","force":true}', 'Unrecognized key'],
    ['JSON null', 'null', 'invalid body'],
  ])('POST /scenario answers 400 for %s', async (_, body, message) => {
    const res = await call(server, 'POST', '/scenario', body);
    expect(res.status).toBe(400);
    const error = JSON.parse(res.text).error;
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(message);
    expect(control.current().name).toBe('healthy');
  });

  it.each([
    ['GET', '/healthz', 200],
    ['DELETE', '/scenario', 405],
    ['POST', '/healthz', 405],
    ['GET', '/nope', 404],
  ])('%s %s -> %p', async (method, path, status) => {
    const res = await call(server, method, path);
    expect(res.status).toBe(status);
    expect(res.type).toMatch(/^application\/json/);
  });

  it('GET /healthz reports each cluster', async () => {
    const res = await call(server, 'GET', '/healthz');
    expect(JSON.parse(res.text)).toEqual({
      status: 'ok',
      scenario: 'healthy',
      clusters: { 'sandbox-east': 'up', 'sandbox-west': 'down' },
      memory: {
        rssBytes: expect.any(Number),
        heapUsedBytes: expect.any(Number),
      },
    });
  });
});

describe('metrics server', () => {
  it('serves the registry in the Prometheus text format', async () => {
    const registry = new Registry();
    new Gauge({ name: 'x_total_things', help: 'x', registers: [registry] }).set(
      3,
    );
    const server = createMetricsServer(registry);
    await listen(server, 0);
    try {
      const res = await call(server, 'GET', '/metrics');
      expect(res.status).toBe(200);
      expect(res.type).toContain('text/plain');
      expect(res.text).toContain('x_total_things 3');
      expect((await call(server, 'GET', '/')).status).toBe(404);
    } finally {
      await close(server);
    }
  });
});
