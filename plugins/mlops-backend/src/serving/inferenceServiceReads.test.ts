import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { V1Pod } from '@kubernetes/client-node';
import { ClusterWorkloads } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { readInferenceServices } from './inferenceServiceReads';

const cluster = (name: string) => ({ name } as ClusterDetails);
const answered = (name: string, pods: V1Pod[] = []): ClusterWorkloads => ({
  cluster: name,
  ok: true,
  requests: 2,
  durationMs: 5,
  deployments: [],
  pods,
});

function reader() {
  return {
    readInferenceServices: jest.fn(async (c: ClusterDetails) => ({
      cluster: c.name,
      ok: true as const,
      requests: 1,
      durationMs: 3,
      served: true,
      inferenceServices: [
        { metadata: { name: 'scorer', namespace: 'ml' } },
        { metadata: { name: 'other', namespace: 'ml' } },
      ],
    })),
  };
}

describe('readInferenceServices', () => {
  it('reads nothing for an entity with neither the annotation nor the pod label', async () => {
    const r = reader();
    const reads = await readInferenceServices(r, {
      clusters: [cluster('east')],
      namespace: 'ml',
      workloads: [answered('east')],
    });
    expect(r.readInferenceServices).not.toHaveBeenCalled();
    expect(reads.summaries).toEqual([]);
  });

  it("lists once per cluster that answered, in the owner's namespace, keeping only the entity's", async () => {
    const r = reader();
    const reads = await readInferenceServices(r, {
      clusters: [cluster('east'), cluster('west')],
      namespace: 'ml',
      annotated: 'scorer',
      workloads: [
        answered('east'),
        {
          cluster: 'west',
          ok: false,
          requests: 1,
          durationMs: 1,
          error: { kind: 'unreachable', message: 'down' },
        },
      ],
    });
    expect(r.readInferenceServices).toHaveBeenCalledTimes(1);
    expect(r.readInferenceServices).toHaveBeenCalledWith(cluster('east'), 'ml');
    expect(reads.summaries.map(s => `${s.cluster}/${s.name}`)).toEqual([
      'east/scorer',
    ]);
    expect(reads.requests.get('east')).toBe(1);
  });
});
