import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { SourceReport } from '@internal/plugin-mlops-common';
import net from 'node:net';
import request from 'supertest';
import {
  modelService,
  startMlopsBackend,
  user,
} from '../__testUtils__/startMlopsBackend';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/** A loopback port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const cluster = (name: string, port: number): ClusterDetails => ({
  name,
  url: `https://127.0.0.1:${port}`,
  authMetadata: {
    'kubernetes.io/auth-provider': 'serviceAccount',
    serviceAccountToken: 'sandbox-not-running',
  },
  skipTLSVerify: true,
});

const annotations = {
  'backstage.io/kubernetes-id': 'fraud-scorer',
  'backstage.io/kubernetes-namespace': 'fraud-ml',
};
const path = (route: string) =>
  `/api/mlops/entities/component/default/fraud-scorer/${route}`;

/* The local defaults with the sandbox not running: every sandbox source
 * refuses the connection, and so does a cluster that is not the sandbox's. */
describe('/api/mlops when the local sandbox is not running', () => {
  let server: Awaited<ReturnType<typeof startMlopsBackend>>;

  beforeAll(async () => {
    const [east, other, prometheus] = [
      await closedPort(),
      await closedPort(),
      await closedPort(),
    ];
    server = await startMlopsBackend({
      entities: [modelService('fraud-scorer', annotations)],
      clusters: [cluster('sandbox-east', east), cluster('team-dev', other)],
      config: {
        mlops: {
          localSandbox: {
            startCommand: './scripts/start.sh',
            clusters: ['sandbox-east', 'sandbox-west'],
            prometheus: ['prometheus'],
          },
          prometheus: {
            instances: [
              { name: 'prometheus', url: `http://127.0.0.1:${prometheus}` },
            ],
          },
        },
      },
    });
  });

  const sandboxSources = ['prometheus/prometheus', 'kubernetes/sandbox-east'];

  it.each(['serving-health', 'serving-timeseries', 'autoscaling', 'alerts'])(
    '%s marks the sandbox sources that refused, and only them',
    async route => {
      const response = await request(server)
        .get(path(route))
        .set('authorization', user);
      expect(response.status).toBe(200);
      const failed = (response.body.sources as SourceReport[]).filter(
        s => !s.ok,
      );
      expect(failed.length).toBeGreaterThan(0);
      for (const source of failed) {
        expect(source.error?.kind).toBe('unreachable');
        expect(source.localSandboxDown).toEqual(
          sandboxSources.includes(`${source.kind}/${source.name}`)
            ? { startCommand: './scripts/start.sh' }
            : undefined,
        );
      }
    },
  );

  it('names both the sandbox clusters and the other one on serving health', async () => {
    const response = await request(server)
      .get(path('serving-health'))
      .set('authorization', user);
    expect(
      (response.body.sources as SourceReport[]).map(s => [
        `${s.kind}/${s.name}`,
        Boolean(s.localSandboxDown),
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['prometheus/prometheus', true],
        ['kubernetes/sandbox-east', true],
        ['kubernetes/team-dev', false],
      ]),
    );
  });
});
