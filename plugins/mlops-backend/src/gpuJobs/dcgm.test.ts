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

describe('DCGM join with MIG slices', () => {
  const labels = { namespace: 'namespace', pod: 'pod' };
  // As the DCGM exporter labels the series of a MIG slice: `UUID` is the
  // parent GPU's, shared by all its slices; `GPU_I_ID` tells them apart.
  const slice = (
    pod: string,
    signal: string,
    value: number,
    instance: { id: string; profile: string },
  ) => ({
    labels: {
      mlops_signal: signal,
      gpu: '0',
      UUID: 'GPU-5f0c1d3e-a100-80gb',
      GPU_I_PROFILE: instance.profile,
      GPU_I_ID: instance.id,
      modelName: 'NVIDIA A100-SXM4-80GB',
      Hostname: 'east-mig-1',
      namespace: 'ml',
      pod,
      container: 'trainer',
      cluster: 'east',
    },
    value,
  });
  const wholeGpu = (pod: string, signal: string, value: number) => ({
    labels: {
      mlops_signal: signal,
      gpu: '1',
      UUID: 'GPU-7a2b9c4d-a100-80gb',
      modelName: 'NVIDIA A100-SXM4-80GB',
      Hostname: 'east-mig-1',
      namespace: 'ml',
      pod,
      container: 'trainer',
      cluster: 'east',
    },
    value,
  });
  const seven = { id: '7', profile: '1g.10gb' };
  const eight = { id: '8', profile: '1g.10gb' };
  const two = { id: '2', profile: '3g.40gb' };

  const pods = samplesByPod(
    [
      // Two 1g.10gb slices of one GPU for one pod, a 3g.40gb slice of the
      // same GPU for another, and a whole GPU beside them.
      slice('pair-aaaaa', 'engine', 0.5, seven),
      slice('pair-aaaaa', 'engineMax', 0.7, seven),
      slice('pair-aaaaa', 'fbUsed', 4000, seven),
      slice('pair-aaaaa', 'fbFree', 5750, seven),
      slice('pair-aaaaa', 'engine', 0.1, eight),
      slice('pair-aaaaa', 'engineMax', 0.2, eight),
      slice('pair-aaaaa', 'fbUsed', 1000, eight),
      slice('pair-aaaaa', 'fbFree', 8750, eight),
      slice('big-bbbbb', 'engine', 0.02, two),
      slice('big-bbbbb', 'engineMax', 0.03, two),
      wholeGpu('whole-ccccc', 'util', 90),
      wholeGpu('whole-ccccc', 'utilMax', 95),
      // A whole GPU with profiling metrics on: its GPU_UTIL wins.
      wholeGpu('whole-ccccc', 'engine', 0.85),
      wholeGpu('whole-ccccc', 'power', 300),
    ],
    labels,
    'cluster',
  );

  it('keeps slices that share a UUID apart, by their GPU instance', () => {
    expect([...pods.get('east/ml/pair-aaaaa')!.gpus.keys()]).toEqual([
      'GPU-5f0c1d3e-a100-80gb/7',
      'GPU-5f0c1d3e-a100-80gb/8',
    ]);
    expect([...pods.get('east/ml/big-bbbbb')!.gpus.keys()]).toEqual([
      'GPU-5f0c1d3e-a100-80gb/2',
    ]);
    expect([...pods.get('east/ml/whole-ccccc')!.gpus.keys()]).toEqual([
      'GPU-7a2b9c4d-a100-80gb',
    ]);
  });

  it('reads a slice’s utilisation from its engine activity', () => {
    expect(
      utilisationOf([pods.get('east/ml/pair-aaaaa')!])!.utilisation,
    ).toEqual({
      gpuUtilPercent: expect.closeTo(30, 10),
      maxUtilOverIdleWindowPercent: 70,
      memoryUsedMiB: 5000,
      memoryTotalMiB: 19500,
      powerWatts: null,
      gpusReporting: 2,
    });
    expect(
      utilisationOf([pods.get('east/ml/big-bbbbb')!])!.utilisation,
    ).toMatchObject({
      gpuUtilPercent: expect.closeTo(2, 10),
      maxUtilOverIdleWindowPercent: 3,
      gpusReporting: 1,
    });
    expect(
      utilisationOf([pods.get('east/ml/whole-ccccc')!])!.utilisation,
    ).toMatchObject({
      gpuUtilPercent: 90,
      maxUtilOverIdleWindowPercent: 95,
      powerWatts: 300,
    });
  });

  it('weighs each device by its share of a GPU', () => {
    // A whole GPU at 90 % and a 1g.10gb slice (1/7) at 20 %: (90 × 7 + 20) / 8.
    const mixed = samplesByPod(
      [
        wholeGpu('mixed-ddddd', 'util', 90),
        slice('mixed-ddddd', 'engine', 0.2, seven),
      ],
      labels,
      'cluster',
    );
    expect(
      utilisationOf([...mixed.values()])!.utilisation.gpuUtilPercent,
    ).toBeCloseTo(81.25, 10);
    // 3g.40gb at 2 % beside 1g.10gb at 50 %: (3 × 2 + 50) / 4.
    expect(
      utilisationOf([
        pods.get('east/ml/big-bbbbb')!,
        {
          gpus: new Map([['x/7', { share: 1 / 7, engine: 0.5 }]]),
          model: null,
        },
      ])!.utilisation.gpuUtilPercent,
    ).toBeCloseTo(14, 10);
  });
});
