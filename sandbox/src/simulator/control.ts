import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { z } from 'zod';
import { SCENARIO_NAMES, ScenarioName } from './scenarios';

export interface ScenarioState {
  name: ScenarioName;
  since: string;
  summary: string;
  targets: string[];
}

/** What the control server needs from the simulator. */
export interface ScenarioControl {
  current(): ScenarioState;
  switchTo(name: ScenarioName): ScenarioState;
  health(): { clusters: Record<string, string> };
}

const MAX_BODY_BYTES = 16 * 1024;
const switchRequest = z.object({ name: z.enum(SCENARIO_NAMES) }).strict();

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  name: string,
  message: string,
) {
  send(res, status, { error: { name, message } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new Error('request body larger than 16 KiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function handleSwitch(
  control: ScenarioControl,
  req: IncomingMessage,
  res: ServerResponse,
) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(req));
  } catch (error) {
    sendError(
      res,
      400,
      'InputError',
      `body must be JSON like {"name": "healthy"}: ${(error as Error).message}`,
    );
    return;
  }
  const parsed = switchRequest.safeParse(raw);
  if (!parsed.success) {
    const name = (raw as { name?: unknown } | null)?.name;
    const message =
      typeof name === 'string' &&
      !(SCENARIO_NAMES as readonly string[]).includes(name)
        ? `unknown scenario "${name}"; expected one of: ${SCENARIO_NAMES.join(
            ', ',
          )}`
        : `invalid body: ${parsed.error.issues
            .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ')}; expected {"name": "<scenario>"}`;
    sendError(res, 400, 'InputError', message);
    return;
  }
  send(res, 200, control.switchTo(parsed.data.name));
}

/** GET/POST /scenario and GET /healthz, JSON only. */
export function createControlServer(control: ScenarioControl): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    if (route === 'GET /scenario') {
      send(res, 200, control.current());
    } else if (route === 'POST /scenario') {
      handleSwitch(control, req, res).catch(error =>
        sendError(res, 400, 'InputError', (error as Error).message),
      );
    } else if (route === 'GET /healthz') {
      const { rss, heapUsed } = process.memoryUsage();
      send(res, 200, {
        status: 'ok',
        scenario: control.current().name,
        ...control.health(),
        memory: { rssBytes: rss, heapUsedBytes: heapUsed },
      });
    } else if (path === '/scenario' || path === '/healthz') {
      sendError(
        res,
        405,
        'MethodNotAllowed',
        `${req.method} is not allowed on ${path}`,
      );
    } else {
      sendError(
        res,
        404,
        'NotFoundError',
        `no route for ${route}; try GET /scenario, POST /scenario, GET /healthz`,
      );
    }
  });
}

/** Something that renders the Prometheus text format (SimulatorMetrics, or a bare prom-client Registry). */
export interface MetricsSource {
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** GET /metrics in the Prometheus text format. */
export function createMetricsServer(source: MetricsSource): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      sendError(res, 404, 'NotFoundError', 'only GET /metrics is served here');
      return;
    }
    source.metrics().then(
      text => {
        res.writeHead(200, { 'content-type': source.contentType });
        res.end(text);
      },
      error => sendError(res, 500, 'Error', (error as Error).message),
    );
  });
}

export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
