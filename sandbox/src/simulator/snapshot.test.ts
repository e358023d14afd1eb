import type { Pod } from './kubeTypes';
import { slimPod } from './snapshot';

describe('slimPod', () => {
  it('keeps what the simulator reads and drops the rest', () => {
    const raw = {
      metadata: {
        name: 'p',
        namespace: 'ml',
        uid: 'u',
        labels: { a: 'b' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{...}',
          'mlops-sandbox/simulated-phase': 'Running',
        },
        managedFields: [{ manager: 'kube-scheduler' }],
        ownerReferences: [
          { kind: 'Job', name: 'j', uid: 'x', controller: true },
        ],
      },
      spec: {
        nodeName: 'n',
        schedulerName: 'default-scheduler',
        volumes: [{ name: 'v' }],
        containers: [
          {
            name: 'c',
            image: 'i',
            resources: { limits: { cpu: '1' } },
            env: [{ name: 'X' }],
          },
        ],
      },
      status: { phase: 'Running', podIP: '10.0.0.1', containerStatuses: [] },
    } as unknown as Pod;
    expect(slimPod(raw)).toEqual({
      metadata: {
        name: 'p',
        namespace: 'ml',
        uid: 'u',
        labels: { a: 'b' },
        annotations: { 'mlops-sandbox/simulated-phase': 'Running' },
        creationTimestamp: undefined,
        deletionTimestamp: undefined,
        ownerReferences: [{ kind: 'Job', name: 'j' }],
      },
      spec: {
        nodeName: 'n',
        nodeSelector: undefined,
        schedulerName: 'default-scheduler',
        containers: [
          { name: 'c', image: 'i', resources: { limits: { cpu: '1' } } },
        ],
      },
      status: {
        phase: 'Running',
        conditions: undefined,
        containerStatuses: [],
        startTime: undefined,
      },
    });
  });
});
