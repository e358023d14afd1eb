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

  it('measures MIG slices from their engine activity, beside a whole GPU, in the same one query', async () => {
    // The DCGM exporter's series of MIG slices: the parent GPU's UUID on
    // every slice, the GPU instance's ID and profile to tell them apart.
    const mig = (
      pod: string,
      signal: string,
      value: number,
      gpuInstance: { GPU_I_ID: string; GPU_I_PROFILE: string },
    ) => ({
      labels: {
        mlops_signal: signal,
        gpu: '0',
        UUID: 'GPU-5f0c1d3e-a100-80gb',
        ...gpuInstance,
        modelName: 'NVIDIA A100-SXM4-80GB',
        Hostname: 'east-mig-1',
        namespace: 'fraud',
        pod,
        container: 'trainer',
        cluster: 'east',
      },
      value,
    });
    const small = { GPU_I_ID: '7', GPU_I_PROFILE: '1g.10gb' };
    const large = { GPU_I_ID: '2', GPU_I_PROFILE: '3g.40gb' };
    const asked: string[] = [];
    const vector = async (query: string) => {
      asked.push(query);
      return {
        ok: true as const,
        value: [
          mig('tune-aaaaa', 'engine', 0.02, small),
          mig('tune-aaaaa', 'engineMax', 0.04, small),
          mig('tune-aaaaa', 'fbUsed', 500, small),
          mig('tune-aaaaa', 'fbFree', 9250, small),
          mig('sweep-bbbbb', 'engine', 0.6, large),
          mig('sweep-bbbbb', 'engineMax', 0.9, large),
          sample('train-ccccc', 'util', 80, 'east'),
          sample('train-ccccc', 'utilMax', 99, 'east'),
        ],
        durationMs: 5,
      };
    };
    const { byJob } = await readJobUtilisation(
      {
        instances: [
          instance('east', { clusters: ['east'], clusterLabel: 'cluster' }),
        ],
        clients: new Map([['east', { vector }]]),
      },
      config,
      ['tune', 'sweep', 'train'].map(name => ({
        cluster: 'east',
        namespace: 'fraud',
        name,
        pods: [],
      })),
      now,
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain(
      'label_replace(DCGM_FI_PROF_GR_ENGINE_ACTIVE{namespace=~"fraud", cluster=~"east"}, "mlops_signal", "engine", "", "")',
    );
    expect(asked[0]).toContain(
      'label_replace(max_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE{namespace=~"fraud", cluster=~"east"}[30m]), "mlops_signal", "engineMax", "", "")',
    );
    expect(byJob.get('east/fraud/tune')).toEqual({
      utilisation: {
        gpuUtilPercent: expect.closeTo(2, 10),
        maxUtilOverIdleWindowPercent: 4,
        memoryUsedMiB: 500,
        memoryTotalMiB: 9750,
        powerWatts: null,
        gpusReporting: 1,
      },
      model: 'NVIDIA A100-SXM4-80GB',
    });
    expect(byJob.get('east/fraud/sweep')?.utilisation).toMatchObject({
      gpuUtilPercent: expect.closeTo(60, 10),
      maxUtilOverIdleWindowPercent: 90,
      gpusReporting: 1,
    });
    expect(byJob.get('east/fraud/train')?.utilisation).toMatchObject({
      gpuUtilPercent: 80,
      maxUtilOverIdleWindowPercent: 99,
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
