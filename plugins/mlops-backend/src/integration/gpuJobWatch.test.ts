import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  LAB_GPU_MODEL,
  LAB_ID,
  LAB_NAMESPACE,
  labJob,
  podGpuSeconds,
  startGpuWatchLab,
} from '../__testUtils__/gpuWatchLab';
import { GPU_JOBS_TASK_ID } from '../gpuJobs/setup';
import {
  component,
  describeSandbox,
  eventually,
  sandboxCluster,
} from '../__testUtils__/sandbox';
import {
  capturedTask,
  SandboxPortal,
  startSandboxPortal,
  user,
} from '../__testUtils__/sandboxPortal';

/*
 * GPU time from the watch against the real sandbox (scripts/test.sh
 * health): jobs shorter than any re-list interval, a job finishing right
 * after a re-list and a half-scheduled Indexed Job, each checked against
 * the GPU-seconds of the pods' own timestamps, seen by a watch of the
 * test's own. The re-list runs only when the test runs it.
 */
describeSandbox('GPU jobs recorded from the watch', () => {
  jest.setTimeout(240_000);
  const relist = capturedTask(GPU_JOBS_TASK_ID);
  let portal: SandboxPortal;
  let lab: Awaited<ReturnType<typeof startGpuWatchLab>>;
  const REF = 'component/default/gpu-watch-trainer';

  beforeAll(async () => {
    lab = await startGpuWatchLab();
    portal = await startSandboxPortal({
      features: [relist.scheduler.factory],
      clusters: [sandboxCluster('EAST')],
      entities: [
        component(
          'gpu-watch-trainer',
          {
            'backstage.io/kubernetes-id': LAB_ID,
            'backstage.io/kubernetes-namespace': LAB_NAMESPACE,
          },
          'fraud-ml',
        ),
      ],
      config: {
        mlops: {
          tenancy: {
            namespaces: [
              { namespace: LAB_NAMESPACE, owners: ['group:default/fraud-ml'] },
            ],
          },
          gpuJobs: {
            cacheTtl: '1s',
            history: {
              frequency: '1m',
              watch: { leaseTtl: '3s', flushInterval: { milliseconds: 500 } },
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await portal?.stop();
    await lab?.stop();
  });

  const view = async (): Promise<GpuJobsView> => {
    const response = await request(portal.server)
      .get(`/api/mlops/entities/${REF}/gpu-jobs`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    return response.body;
  };
  const jobNamed = (v: GpuJobsView, name: string): GpuJob | undefined =>
    v.jobs.find(j => j.name === name);
  const gpuSeconds = (job: GpuJob) => job.gpuHours * 3600;

  it('keeps 1 s jobs deleted 30 s or 0 s after they finish, with their pods’ GPU time', async () => {
    await lab.batch.createNamespacedJob({
      namespace: LAB_NAMESPACE,
      body: labJob('short-ttl30', { runFor: '1s', ttlSeconds: 30 }),
    });
    await lab.batch.createNamespacedJob({
      namespace: LAB_NAMESPACE,
      body: labJob('short-ttl0', { runFor: '1s', ttlSeconds: 0 }),
    });
    // TTL 0: gone from the cluster within seconds, before any re-list.
    const v = await eventually(
      'both short jobs recorded as succeeded, the TTL 0 one gone',
      view,
      r =>
        jobNamed(r, 'short-ttl30')?.state === 'succeeded' &&
        jobNamed(r, 'short-ttl0')?.state === 'succeeded' &&
        jobNamed(r, 'short-ttl0')?.live === false,
      60_000,
    );
    for (const name of ['short-ttl30', 'short-ttl0']) {
      const job = jobNamed(v, name)!;
      const pods = lab.podsOf(name);
      expect(pods).toHaveLength(1);
      expect(gpuSeconds(job)).toBeCloseTo(podGpuSeconds(pods, 1), 6);
      expect(gpuSeconds(job)).toBeGreaterThan(0);
      expect(job).toMatchObject({
        gpus: 1,
        gpuHoursEstimated: false,
        nodes: ['gpu-watch-lab-h100'],
        gpuModel: LAB_GPU_MODEL,
      });
    }
    expect(lab.podsOf('short-ttl0')[0].deleted).toBe(true);
  });

  it('ends a job that finishes just after a re-list when its pod did, not at the next re-list', async () => {
    await lab.batch.createNamespacedJob({
      namespace: LAB_NAMESPACE,
      body: labJob('after-relist', { runFor: '4s', ttlSeconds: 3 }),
    });
    await eventually(
      'the pod running',
      async () => lab.podsOf('after-relist')[0]?.pod.status?.phase,
      phase => phase === 'Running',
      60_000,
    );
    await relist.run();
    let completedAt: Date | undefined;
    await eventually(
      'after-relist complete',
      () =>
        lab.batch.readNamespacedJob({
          name: 'after-relist',
          namespace: LAB_NAMESPACE,
        }),
      j => !!(completedAt = j.status?.completionTime),
      60_000,
    );
    // Deleted 3 s after it finished: what follows is the history alone.
    const v = await eventually(
      'after-relist recorded and gone',
      view,
      r => jobNamed(r, 'after-relist')?.live === false,
      60_000,
    );
    const job = jobNamed(v, 'after-relist')!;
    expect(job.state).toBe('succeeded');
    expect(job.finishedAt).toBe(new Date(completedAt!).toISOString());
    expect(gpuSeconds(job)).toBeCloseTo(
      podGpuSeconds(lab.podsOf('after-relist'), 1),
      6,
    );
    expect(gpuSeconds(job)).toBeGreaterThanOrEqual(3);
    expect(job.gpuHoursEstimated).toBe(false);
    // The next re-list, which no longer finds it, changes nothing recorded.
    await relist.run();
    const again = jobNamed(await view(), 'after-relist')!;
    expect(again.gpuHours).toBe(job.gpuHours);
    expect(again.finishedAt).toBe(job.finishedAt);
  });

  it('says a half-scheduled Indexed Job runs 4 of 8 pods and counts only their GPUs', async () => {
    await lab.batch.createNamespacedJob({
      namespace: LAB_NAMESPACE,
      body: labJob('half-indexed', { completions: 8, parallelism: 8 }),
    });
    const v = await eventually(
      'half-indexed partly running',
      view,
      r => !!jobNamed(r, 'half-indexed')?.message?.includes('Unschedulable'),
      90_000,
    );
    const job = jobNamed(v, 'half-indexed')!;
    expect(job).toMatchObject({
      state: 'running',
      reason: 'PartlyRunning',
      gpus: 4,
      gpuHoursEstimated: false,
    });
    expect(job.message).toMatch(
      /^4 of 8 pods running, 4 Unschedulable: .*Insufficient nvidia\.com\/gpu/,
    );
    const pods = lab.podsOf('half-indexed');
    expect(pods.filter(p => p.pod.status?.phase === 'Running')).toHaveLength(4);
    expect(gpuSeconds(job)).toBeCloseTo(
      podGpuSeconds(pods, 1, new Date(v.evaluatedAt)),
      6,
    );
    expect(v.totals.gpusInUse).toBe(4);

    // Deleted while running: each running pod ends when the watch saw it go.
    const deletedAt = Date.now();
    await lab.batch.deleteNamespacedJob({
      name: 'half-indexed',
      namespace: LAB_NAMESPACE,
      propagationPolicy: 'Background',
    });
    const gone = await eventually(
      'half-indexed gone',
      view,
      r => jobNamed(r, 'half-indexed')?.live === false,
      60_000,
    );
    const ended = jobNamed(gone, 'half-indexed')!;
    const seenGone = Date.now();
    expect(gpuSeconds(ended)).toBeGreaterThanOrEqual(
      podGpuSeconds(pods, 1, new Date(deletedAt)) - 4,
    );
    expect(gpuSeconds(ended)).toBeLessThanOrEqual(
      podGpuSeconds(pods, 1, new Date(seenGone)) + 4,
    );
    // The pending half never ran: GPU time of four pods, not eight.
    const later = await view();
    expect(jobNamed(later, 'half-indexed')!.gpuHours).toBe(ended.gpuHours);
  });
});
