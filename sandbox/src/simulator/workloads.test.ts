import type { TrainingPipeline } from './fleet';
import {
  KubeManifest,
  specHash,
  trainingJobManifest,
  TrainingRunKind,
  withSpecHash,
} from './workloads';

const pipeline: TrainingPipeline = {
  name: 'fraud-model-training',
  namespace: 'fraud-ml',
  team: 'fraud-ml',
  system: 'fraud-detection',
  gpusPerRun: 4,
};

describe('trainingJobManifest', () => {
  it.each([
    // kind, GPUs, scheduler, backoffLimit, simulated phase, reason, keeps running
    ['succeeded', '4', undefined, 0, undefined, undefined, undefined],
    ['succeeded-ttl', '1', undefined, 0, undefined, undefined, undefined],
    ['running', '4', undefined, 0, undefined, undefined, 'true'],
    ['running-idle', '4', undefined, 0, undefined, undefined, 'true'],
    ['failed-deadline', '1', undefined, 0, undefined, undefined, 'true'],
    [
      'failed-backoff',
      '4',
      'mlops-sandbox-simulator',
      1,
      'Failed',
      'Error',
      undefined,
    ],
    [
      'failed-oom',
      '4',
      'mlops-sandbox-simulator',
      0,
      'Failed',
      'OOMKilled',
      undefined,
    ],
    ['pending-gpus', '16', undefined, 0, undefined, undefined, undefined],
  ] as const)(
    '%s',
    (kind, gpus, scheduler, backoffLimit, phase, reason, keep) => {
      const job = trainingJobManifest({
        pipeline,
        jobName: `x-${kind}`,
        kind: kind as TrainingRunKind,
      });
      const template = job.spec!.template;
      expect(job.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
        'fraud-model-training',
      );
      expect(template.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
        'fraud-model-training',
      );
      expect(
        template.spec?.containers[0].resources?.limits?.['nvidia.com/gpu'],
      ).toBe(gpus);
      expect(template.spec?.schedulerName).toBe(scheduler);
      expect(job.spec?.backoffLimit).toBe(backoffLimit);
      expect(
        template.metadata?.annotations?.['mlops-sandbox/simulated-phase'],
      ).toBe(phase);
      expect(
        template.metadata?.annotations?.['mlops-sandbox/simulated-reason'],
      ).toBe(reason);
      expect(
        template.metadata?.annotations?.['mlops-sandbox/keep-running'],
      ).toBe(keep);
      expect(template.spec?.restartPolicy).toBe('Never');
    },
  );

  it('sets the TTL and the deadline that the controllers act on', () => {
    const spec = (kind: TrainingRunKind) =>
      trainingJobManifest({ pipeline, jobName: 'x', kind }).spec!;
    expect(spec('succeeded-ttl').ttlSecondsAfterFinished).toBe(60);
    expect(spec('failed-deadline').activeDeadlineSeconds).toBe(90);
    expect(spec('running').ttlSecondsAfterFinished).toBeUndefined();
    expect(spec('running').activeDeadlineSeconds).toBeUndefined();
  });

  it('asks for one MIG slice a pod, with parallel pods, tolerating the GPU taint', () => {
    const job = trainingJobManifest({
      pipeline,
      jobName: 'x',
      kind: 'running',
      migProfile: '1g.10gb',
      parallelism: 2,
      scenario: 'mig-jobs',
    });
    const spec = job.spec!.template.spec!;
    expect(spec.containers[0].resources).toEqual({
      requests: { cpu: '4', memory: '32Gi', 'nvidia.com/mig-1g.10gb': '1' },
      limits: { memory: '32Gi', 'nvidia.com/mig-1g.10gb': '1' },
    });
    expect([job.spec?.parallelism, job.spec?.completions]).toEqual([2, 2]);
    expect(spec.tolerations).toContainEqual(
      expect.objectContaining({ key: 'nvidia.com/gpu', effect: 'NoSchedule' }),
    );
    expect(spec.schedulerName).toBeUndefined();
    expect(
      job.spec!.template.metadata?.annotations?.['mlops-sandbox/keep-running'],
    ).toBe('true');
    expect(job.metadata?.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'fraud-model-training',
      'mlops-sandbox/role': 'training-run',
      'mlops-sandbox/scenario': 'mig-jobs',
    });
  });

  it('submits every run but pending-gpus to Kueue, suspended, and a sweep asks for its own GPUs', () => {
    const queued = trainingJobManifest({
      pipeline,
      jobName: 'x',
      kind: 'running',
      gpus: 16,
    });
    expect(queued.metadata?.labels?.['kueue.x-k8s.io/queue-name']).toBe(
      'training',
    );
    expect(queued.spec?.suspend).toBe(true);
    expect(
      queued.spec!.template.spec!.containers[0].resources?.requests,
    ).toMatchObject({ 'nvidia.com/gpu': '16', cpu: '64' });
    const direct = trainingJobManifest({
      pipeline,
      jobName: 'y',
      kind: 'pending-gpus',
    });
    expect(direct.metadata?.labels).not.toHaveProperty(
      'kueue.x-k8s.io/queue-name',
    );
    expect(direct.spec?.suspend).toBeUndefined();
  });

  it('labels scenario runs so they can be removed when the scenario ends', () => {
    const job = trainingJobManifest({
      pipeline,
      jobName: 'x',
      kind: 'failed-oom',
      scenario: 'gpu-job-failures',
    });
    expect(job.metadata?.labels?.['mlops-sandbox/scenario']).toBe(
      'gpu-job-failures',
    );
  });
});

const deployment = (
  replicas: number,
  image = 'r/fraud-scorer:1',
): KubeManifest =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'fraud-scorer', namespace: 'fraud-ml' },
    spec: {
      replicas,
      template: { spec: { containers: [{ name: 'server', image }] } },
    },
  } as KubeManifest);

describe('specHash', () => {
  it('ignores replicas (owned by the HPA) but not the rest of the spec', () => {
    expect(specHash(deployment(2))).toBe(specHash(deployment(9)));
    expect(specHash(deployment(2))).not.toBe(
      specHash(deployment(2, 'r/fraud-scorer:2')),
    );
  });

  it('withSpecHash adds the annotation and keeps the manifest', () => {
    const hashed = withSpecHash(deployment(2));
    expect(hashed.metadata?.annotations?.['mlops-sandbox/spec-hash']).toBe(
      specHash(deployment(2)),
    );
    expect(hashed.spec).toEqual(deployment(2).spec);
  });
});
