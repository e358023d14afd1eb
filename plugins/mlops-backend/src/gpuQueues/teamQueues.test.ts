import { KueueLocalQueue } from './kueueTypes';
import { teamQueueSummaries } from './teamQueues';
import { nlpClusterQueue, trainingQueue } from './__fixtures__/kueue';

const localQueue = (namespace: string, name: string): KueueLocalQueue => ({
  ...trainingQueue,
  metadata: { name, namespace },
});

describe('teamQueueSummaries', () => {
  const queues = {
    localQueues: [
      localQueue('nlp-llm-eval', 'batch'),
      localQueue('fraud-ml', 'training'),
      trainingQueue,
      localQueue('nlp-llm-eval', 'adhoc'),
    ],
    clusterQueues: [nlpClusterQueue],
  };
  const nlpTeam = (namespace: string) => namespace.startsWith('nlp-llm');

  it("keeps only the team's namespaces' LocalQueues, by namespace then name, each with its ClusterQueue's GPU quota", () => {
    const summaries = teamQueueSummaries('east', queues, nlpTeam, [
      'nvidia.com/gpu',
    ]);
    expect(summaries.map(q => `${q.namespace}/${q.localQueue}`)).toEqual([
      'nlp-llm/training',
      'nlp-llm-eval/adhoc',
      'nlp-llm-eval/batch',
    ]);
    expect(summaries[0]).toMatchObject({
      cluster: 'east',
      clusterQueue: 'nlp-llm',
      cohort: 'gpu-training',
      pendingWorkloads: 2,
      admittedWorkloads: 1,
      quota: [
        {
          flavor: 'a100',
          nominal: 4,
          borrowingLimit: null,
          reserved: 6,
          used: 6,
          borrowed: 2,
        },
        { flavor: 'l4', nominal: 1, borrowingLimit: 0, used: 0 },
      ],
    });
  });

  it('answers nothing for a team holding none of the namespaces, or a cluster without Kueue', () => {
    expect(
      teamQueueSummaries('east', queues, () => false, ['nvidia.com/gpu']),
    ).toEqual([]);
    expect(
      teamQueueSummaries(
        'west',
        { localQueues: [], clusterQueues: [] },
        nlpTeam,
        ['nvidia.com/gpu'],
      ),
    ).toEqual([]);
  });
});
