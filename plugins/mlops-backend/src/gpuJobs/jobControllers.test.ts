import type { V1Job } from '@kubernetes/client-node';
import { controllersOf, gpuJobRecord } from './jobRecord';
import { container, GPU } from '../__testUtils__/gpuContainers';

describe('controllersOf', () => {
  const owned = (
    ownerReferences: NonNullable<V1Job['metadata']>['ownerReferences'],
    labels: Record<string, string> = {},
  ): V1Job => ({ metadata: { name: 'j', uid: 'u', ownerReferences, labels } });
  const ref = (apiVersion: string, kind: string, controller?: boolean) => ({
    apiVersion,
    kind,
    name: `${kind.toLowerCase()}-1`,
    uid: 'x',
    controller,
  });

  it.each([
    ['a plain Job', [], []],
    ["a CronJob's child", [ref('batch/v1', 'CronJob', true)], ['CronJob']],
    [
      'a Kubeflow PyTorchJob',
      [ref('kubeflow.org/v1', 'PyTorchJob', true)],
      ['PyTorchJob'],
    ],
    [
      'a Kueue Workload',
      [ref('kueue.x-k8s.io/v1beta1', 'Workload')],
      ['Workload'],
    ],
    [
      'another controller',
      [ref('example.com/v1', 'Pipeline', true)],
      ['Pipeline'],
    ],
    [
      'a non-controlling owner of another group',
      [ref('example.com/v1', 'Thing')],
      [],
    ],
  ])('%s', (_, refs, kinds) => {
    expect(controllersOf(owned(refs)).map(c => c.kind)).toEqual(kinds);
  });

  it("reads Kueue's queue from the Job's label", () => {
    const queued = {
      ...owned([], { 'kueue.x-k8s.io/queue-name': 'team-a' }),
      spec: {
        template: {
          spec: { containers: [container({ 'nvidia.com/gpu': '1' })] },
        },
      },
      status: { conditions: [{ type: 'Suspended', status: 'True' }] },
    } as V1Job;
    expect(gpuJobRecord('east', queued, [], new Map(), GPU)).toMatchObject({
      queueName: 'team-a',
      state: 'pending',
      reason: 'Suspended',
    });
  });
});
