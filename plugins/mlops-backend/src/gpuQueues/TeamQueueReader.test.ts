import { mockCredentials } from '@backstage/backend-test-utils';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { NamespaceBindings } from '../tenancy/namespaceBindings';
import { KubernetesQueueReader } from './KubernetesQueueReader';
import { TeamQueueReader } from './TeamQueueReader';
import { nlpClusterQueue, trainingQueue } from './__fixtures__/kueue';

const cluster = (name: string) => ({ name } as ClusterDetails);

describe('TeamQueueReader', () => {
  const asked: string[] = [];
  const reader = {
    allClusters: async () => [cluster('east'), cluster('west'), cluster('lab')],
    readClusterWideQueues: async (c: ClusterDetails) => {
      asked.push(c.name);
      if (c.name === 'west') {
        return {
          cluster: 'west',
          ok: false as const,
          error: { kind: 'timeout' as const, message: 'timed out after 5 s' },
          requests: 1,
          durationMs: 5000,
        };
      }
      return {
        cluster: c.name,
        ok: true as const,
        requests: 2,
        durationMs: 3,
        localQueues: [
          trainingQueue,
          {
            ...trainingQueue,
            metadata: { name: 'training', namespace: 'recsys' },
          },
        ],
        clusterQueues: [nlpClusterQueue],
      };
    },
  } as unknown as KubernetesQueueReader;
  const teams = new TeamQueueReader({
    reader,
    tenancy: new NamespaceBindings([
      { cluster: 'east', namespace: 'nlp-llm', owners: ['nlp-llm'] },
      { cluster: 'west', namespace: 'nlp-*', owners: ['nlp-llm'] },
      { cluster: '*', namespace: 'recsys', owners: ['recsys'] },
    ]),
    gpuResources: ['nvidia.com/gpu'],
  });

  it('reads only the clusters where the team holds a namespace, keeps its own queues and reports a failing cluster', async () => {
    const answer = await teams.read(
      'group:default/nlp-llm',
      mockCredentials.service(),
    );
    expect(asked).toEqual(['east', 'west']);
    expect(
      answer.queues.map(q => `${q.cluster}/${q.namespace}/${q.localQueue}`),
    ).toEqual(['east/nlp-llm/training']);
    expect(answer.queues[0].quota.map(q => q.flavor)).toEqual(['a100', 'l4']);
    expect(answer.sources).toEqual([
      expect.objectContaining({ name: 'east', ok: true, requests: 2 }),
      expect.objectContaining({
        name: 'west',
        ok: false,
        error: { kind: 'timeout', message: 'timed out after 5 s' },
      }),
    ]);
  });
});
