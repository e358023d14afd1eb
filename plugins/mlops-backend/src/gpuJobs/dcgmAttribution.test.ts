import type { V1Pod } from '@kubernetes/client-node';
import { PodGpus, podKey } from './dcgm';
import { attributeToJobs, jobKey, RunningJob } from './dcgmAttribution';

const podNamed = (name: string) => ({ metadata: { name } } as V1Pod);
const gpus = (uuid: string, util: number): PodGpus => ({
  gpus: new Map([[uuid, { util, share: 1 }]]),
  model: 'NVIDIA A100',
});

const running: RunningJob[] = [
  { cluster: 'east', namespace: 'fraud', name: 'train', pods: [] },
  { cluster: 'west', namespace: 'fraud', name: 'tune', pods: [] },
  { cluster: 'east', namespace: 'fraud', name: 'sweep', pods: [] },
  {
    cluster: 'east',
    namespace: 'fraud',
    name: 'launcher',
    pods: [podNamed('launcher-worker')],
  },
];

describe('attributeToJobs', () => {
  it.each([
    [
      'a pod of an instance with a cluster label',
      [[podKey('east', 'fraud', 'train-x7k2q'), 'GPU-1']],
      ['east', 'west'],
      { 'east/fraud/train': ['GPU-1'] },
    ],
    [
      'a pod without a cluster label, in any served cluster',
      [[podKey(null, 'fraud', 'tune-x7k2q'), 'GPU-1']],
      ['east', 'west'],
      { 'west/fraud/tune': ['GPU-1'] },
    ],
    [
      'no cluster label and the job’s cluster not served',
      [[podKey(null, 'fraud', 'tune-x7k2q'), 'GPU-1']],
      ['east'],
      {},
    ],
    [
      'the pods of an indexed job',
      [
        [podKey('east', 'fraud', 'sweep-0-ab12c'), 'GPU-1'],
        [podKey('east', 'fraud', 'sweep-13-zz99z'), 'GPU-2'],
      ],
      ['east'],
      { 'east/fraud/sweep': ['GPU-1', 'GPU-2'] },
    ],
    [
      'a pod the listing showed, whatever its name',
      [[podKey('east', 'fraud', 'launcher-worker'), 'GPU-1']],
      ['east'],
      { 'east/fraud/launcher': ['GPU-1'] },
    ],
    [
      'a listed pod seen in another cluster',
      [[podKey('west', 'fraud', 'launcher-worker'), 'GPU-1']],
      ['east', 'west'],
      {},
    ],
    [
      'pods of other entities and other namespaces',
      [
        [podKey('east', 'fraud', 'other-x7k2q'), 'GPU-1'],
        [podKey('east', 'ads', 'train-x7k2q'), 'GPU-2'],
        [podKey('west', 'fraud', 'train-x7k2q'), 'GPU-3'],
        [podKey('east', 'fraud', 'train'), 'GPU-4'],
      ],
      ['east', 'west'],
      {},
    ],
  ])('attributes %s', (_, pods, served, expected) => {
    const byPod = new Map(pods.map(([key, uuid]) => [key, gpus(uuid, 50)]));
    const perJob = attributeToJobs(byPod, running, served);
    expect(
      Object.fromEntries(
        [...perJob].map(([job, list]) => [
          job,
          list.flatMap(p => [...p.gpus.keys()]),
        ]),
      ),
    ).toEqual(expected);
  });

  // The same pipeline runs a job `train` in two clusters that one Prometheus
  // instance without a cluster label serves.
  const twins: RunningJob[] = [
    {
      cluster: 'east',
      namespace: 'fraud',
      name: 'train',
      pods: [podNamed('train-aaaaa')],
    },
    {
      cluster: 'west',
      namespace: 'fraud',
      name: 'train',
      pods: [podNamed('train-bbbbb')],
    },
    { cluster: 'west', namespace: 'fraud', name: 'tune', pods: [] },
    { cluster: 'east', namespace: 'fraud', name: 'tune', pods: [] },
  ];

  it.each([
    [
      'each listed pod to the job of the cluster that listed it',
      [
        [podKey(null, 'fraud', 'train-aaaaa'), 'GPU-1'],
        [podKey(null, 'fraud', 'train-bbbbb'), 'GPU-2'],
      ],
      ['east', 'west'],
      { 'east/fraud/train': ['GPU-1'], 'west/fraud/train': ['GPU-2'] },
    ],
    [
      'each listed pod to its cluster, whatever the order of the served clusters',
      [
        [podKey(null, 'fraud', 'train-aaaaa'), 'GPU-1'],
        [podKey(null, 'fraud', 'train-bbbbb'), 'GPU-2'],
      ],
      ['west', 'east'],
      { 'east/fraud/train': ['GPU-1'], 'west/fraud/train': ['GPU-2'] },
    ],
    [
      'a listed pod of a cluster the instance does not serve to no job',
      [[podKey(null, 'fraud', 'train-bbbbb'), 'GPU-2']],
      ['east'],
      {},
    ],
    [
      'an unlisted pod whose job name runs in two served clusters to neither',
      [[podKey(null, 'fraud', 'tune-x7k2q'), 'GPU-3']],
      ['east', 'west'],
      {},
    ],
    [
      'an unlisted pod whose job name runs in one served cluster to that job',
      [[podKey(null, 'fraud', 'tune-x7k2q'), 'GPU-3']],
      ['west'],
      { 'west/fraud/tune': ['GPU-3'] },
    ],
  ])('without a cluster label, attributes %s', (_, pods, served, expected) => {
    const byPod = new Map(pods.map(([key, uuid]) => [key, gpus(uuid, 50)]));
    const perJob = attributeToJobs(byPod, twins, served);
    expect(
      Object.fromEntries(
        [...perJob].map(([job, list]) => [
          job,
          list.flatMap(p => [...p.gpus.keys()]),
        ]),
      ),
    ).toEqual(expected);
  });

  it('attributes nothing when no job runs', () => {
    const byPod = new Map([
      [podKey('east', 'fraud', 'train-x7k2q'), gpus('GPU-1', 9)],
    ]);
    expect(attributeToJobs(byPod, [], ['east']).size).toBe(0);
  });
});

describe('jobKey', () => {
  it('names a job by cluster, namespace and name', () => {
    expect(jobKey('east', 'fraud', 'train')).toBe('east/fraud/train');
  });
});
