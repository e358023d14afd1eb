import { samplesByPod, utilisationOf } from './dcgm';

describe('DCGM join', () => {
  it('groups GPUs by pod, ignores samples without a pod', () => {
    const labels = { namespace: 'namespace', pod: 'pod' };
    const s = (
      podName: string | undefined,
      signal: string,
      value: number,
      uuid = 'G0',
    ) => ({
      labels: {
        mlops_signal: signal,
        namespace: 'ml',
        UUID: uuid,
        cluster: 'east',
        ...(podName ? { pod: podName } : {}),
      },
      value,
    });
    const pods = samplesByPod(
      [
        s('a', 'util', 10),
        s('a', 'util', 30, 'G1'),
        s('a', 'utilMax', 40),
        s(undefined, 'util', 99),
        s('a', 'fbUsed', 100),
        s('a', 'fbFree', 300),
      ],
      labels,
      'cluster',
    );
    expect([...pods.keys()]).toEqual(['east/ml/a']);
    expect(utilisationOf([...pods.values()])!.utilisation).toMatchObject({
      gpuUtilPercent: 20,
      maxUtilOverIdleWindowPercent: 40,
      memoryUsedMiB: 100,
      memoryTotalMiB: 400,
      gpusReporting: 2,
    });
    expect(utilisationOf([])).toBeNull();
  });
});
