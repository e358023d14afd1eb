import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';
import { RunningJob } from './dcgmAttribution';
import { readJobUtilisation } from './jobUtilisation';

const now = new Date('2026-11-29T14:00:00Z');
const config = {
  dcgmLabels: { namespace: 'namespace', pod: 'pod' },
  idle: { utilisationPercent: 5, forMinutes: 30 },
};
const instance = (
  name: string,
  more: Partial<PrometheusInstance> = {},
): PrometheusInstance => ({
  name,
  url: `http://${name}`,
  timeoutMs: 1000,
  ...more,
});

const sample = (
  pod: string,
  signal: string,
  value: number,
  cluster?: string,
): { labels: Record<string, string>; value: number } => ({
  labels: {
    mlops_signal: signal,
    namespace: 'fraud',
    pod,
    UUID: `GPU-${pod}`,
    modelName: 'NVIDIA A100',
    ...(cluster ? { cluster } : {}),
  },
  value,
});

const running: RunningJob[] = [
  { cluster: 'east', namespace: 'fraud', name: 'train', pods: [] },
  { cluster: 'west', namespace: 'fraud', name: 'tune', pods: [] },
];

describe('readJobUtilisation', () => {
  it('asks each instance serving a running job once and attributes its pods', async () => {
    const asked: Array<[string, string]> = [];
    const answers: Record<string, Array<ReturnType<typeof sample>>> = {
      labelled: [
        sample('train-x7k2q', 'util', 40, 'east'),
        sample('train-x7k2q', 'utilMax', 60, 'east'),
        sample('other-x7k2q', 'util', 99, 'east'),
      ],
      west: [sample('tune-ab12c', 'util', 2)],
    };
    const clients = new Map(
      ['labelled', 'west', 'broken'].map(name => [
        name,
        {
          vector: async (query: string) => {
            asked.push([name, query]);
            return name === 'broken'
              ? {
                  ok: false as const,
                  error: { kind: 'timeout' as const, message: 'slow' },
                  durationMs: 1000,
                }
              : { ok: true as const, value: answers[name], durationMs: 5 };
          },
        },
      ]),
    );
    const instances = [
      instance('labelled', { clusters: ['east'], clusterLabel: 'cluster' }),
      instance('west', { clusters: ['west'] }),
      instance('north', { clusters: ['north'] }),
      instance('broken', { clusters: ['west', 'north'] }),
    ];
    const { byJob, sources } = await readJobUtilisation(
      { instances, clients },
      config,
      running,
      now,
    );
    expect(asked.map(([name]) => name).sort()).toEqual([
      'broken',
      'labelled',
      'west',
    ]);
    expect(asked.find(([name]) => name === 'labelled')![1]).toContain(
      'cluster=~"east"',
    );
    expect([...byJob.keys()].sort()).toEqual([
      'east/fraud/train',
      'west/fraud/tune',
    ]);
    expect(byJob.get('east/fraud/train')?.utilisation).toMatchObject({
      gpuUtilPercent: 40,
      maxUtilOverIdleWindowPercent: 60,
      gpusReporting: 1,
    });
    expect(byJob.get('west/fraud/tune')?.model).toBe('NVIDIA A100');
    expect(sources.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {
        kind: 'prometheus',
        name: 'broken',
        ok: false,
        error: { kind: 'timeout', message: 'slow' },
        requests: 1,
        durationMs: 1000,
      },
      {
        kind: 'prometheus',
        name: 'labelled',
        ok: true,
        requests: 1,
        durationMs: 5,
      },
      {
        kind: 'prometheus',
        name: 'west',
        ok: true,
        requests: 1,
        durationMs: 5,
      },
    ]);
  });

  it('attributes the series of an instance without a cluster label to the clusters it serves, each pod to its own', async () => {
    const pod = (name: string) => ({ metadata: { name } });
    const twins: RunningJob[] = [
      {
        cluster: 'east',
        namespace: 'fraud',
        name: 'train',
        pods: [pod('train-aaaaa')],
      },
      {
        cluster: 'west',
        namespace: 'fraud',
        name: 'train',
        pods: [pod('train-bbbbb')],
      },
      { cluster: 'north', namespace: 'fraud', name: 'train', pods: [] },
    ];
    const answers: Record<string, Array<ReturnType<typeof sample>>> = {
      eastwest: [
        sample('train-aaaaa', 'util', 80),
        sample('train-bbbbb', 'util', 10),
      ],
      north: [],
    };
    const clients = new Map(
      Object.keys(answers).map(name => [
        name,
        {
          vector: async () => ({
            ok: true as const,
            value: answers[name],
            durationMs: 5,
          }),
        },
      ]),
    );
    const { byJob } = await readJobUtilisation(
      {
        instances: [
          instance('north', { clusters: ['north'] }),
          instance('eastwest', { clusters: ['west', 'east'] }),
        ],
        clients,
      },
      config,
      twins,
      now,
    );
    expect([...byJob.keys()].sort()).toEqual([
      'east/fraud/train',
      'west/fraud/train',
    ]);
    expect(byJob.get('east/fraud/train')?.utilisation).toMatchObject({
      gpuUtilPercent: 80,
      gpusReporting: 1,
    });
    expect(byJob.get('west/fraud/train')?.utilisation).toMatchObject({
      gpuUtilPercent: 10,
      gpusReporting: 1,
    });
  });

  it('asks nothing when no job runs', async () => {
    const vector = jest.fn();
    const result = await readJobUtilisation(
      { instances: [instance('all')], clients: new Map([['all', { vector }]]) },
      config,
      [],
      now,
    );
    expect(vector).not.toHaveBeenCalled();
    expect(result).toEqual({ byJob: new Map(), sources: [] });
  });
});
