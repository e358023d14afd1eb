import request from 'supertest';
import {
  eventually,
  expectClose,
  promql,
  describeSandbox,
} from '../__testUtils__/sandbox';
import { sandboxAdmin } from '../__testUtils__/sandboxPortal';
import { job, user, useGpuJobsPortal } from '../__testUtils__/gpuJobsPortal';

/*
 * GPU jobs against the real sandbox (scripts/test.sh health): the training
 * Jobs the simulator creates on sandbox-east in the gpu-job-failures
 * scenario, compared with what the apiserver itself says and with PromQL
 * over the simulator's DCGM series, evaluated at the same instant. Here: every
 * state a job can be in, and one job opened.
 */
describeSandbox('GPU jobs against the sandbox', () => {
  const { server, gpuJobs } = useGpuJobsPortal();

  it('lists every state with the figures kubectl and PromQL give', async () => {
    const ref = 'component/default/fraud-model-training';
    const view = await eventually(
      'fraud-model-training shows its running and failed runs',
      () => gpuJobs(ref),
      v =>
        !!job(v, 'fraud-model-training-run-2')?.utilisation &&
        job(v, 'fraud-model-training-run-failed')?.state === 'failed',
      120_000,
    );
    const { batch, core } = await sandboxAdmin('EAST');
    const running = job(view, 'fraud-model-training-run-2')!;
    const k8sJob = await batch.readNamespacedJob({
      name: running.name,
      namespace: 'fraud-ml',
    });
    const pods = await core.listNamespacedPod({
      namespace: 'fraud-ml',
      labelSelector: `batch.kubernetes.io/job-name=${running.name}`,
    });
    const node = await core.readNode({ name: pods.items[0].spec!.nodeName! });
    expect(running).toMatchObject({
      state: 'running',
      uid: k8sJob.metadata!.uid,
      gpus: Number(
        k8sJob.spec!.template.spec!.containers[0].resources!.limits![
          'nvidia.com/gpu'
        ],
      ),
      nodes: [pods.items[0].spec!.nodeName],
      gpuModel: node.metadata!.labels!['nvidia.com/gpu.product'],
      idle: false,
    });
    const sel = `cluster="sandbox-east", namespace="fraud-ml", pod="${
      pods.items[0].metadata!.name
    }"`;
    expectClose(
      running.utilisation!.gpuUtilPercent,
      await promql(`avg(DCGM_FI_DEV_GPU_UTIL{${sel}})`, view.evaluatedAt),
    );
    expectClose(
      running.utilisation!.memoryUsedMiB,
      await promql(`sum(DCGM_FI_DEV_FB_USED{${sel}})`, view.evaluatedAt),
    );
    expectClose(
      running.utilisation!.powerWatts,
      await promql(`sum(DCGM_FI_DEV_POWER_USAGE{${sel}})`, view.evaluatedAt),
    );
    expect(running.utilisation!.gpusReporting).toBe(running.gpus);

    const failed = job(view, 'fraud-model-training-run-failed')!;
    const failedJob = await batch.readNamespacedJob({
      name: failed.name,
      namespace: 'fraud-ml',
    });
    expect(failed).toMatchObject({
      state: 'failed',
      reason: 'BackoffLimitExceeded',
      retries: failedJob.status!.failed,
    });
    expect(failed.retries).toBe(2);

    const oom = await eventually(
      'the OOMKilled run',
      async () =>
        job(
          await gpuJobs('component/default/reco-ranker-training'),
          'reco-ranker-training-run-oom',
        ),
      j => j?.state === 'failed',
      60_000,
    );
    expect(oom).toMatchObject({ reason: 'OOMKilled', retries: 1 });
  });

  it('says why a job waits, flags idle GPUs and records DeadlineExceeded', async () => {
    const ref = 'component/default/support-llm-finetuning';
    const view = await eventually(
      'the idle run flagged and the deadline run failed',
      () => gpuJobs(ref),
      v =>
        !!job(v, 'support-llm-finetuning-run-idle')?.idle &&
        job(v, 'support-llm-finetuning-run-deadline')?.state === 'failed',
      240_000,
    );
    const pending = job(view, 'support-llm-finetuning-run-16gpu')!;
    expect(pending).toMatchObject({
      state: 'pending',
      reason: 'Unschedulable',
      gpus: 16,
      startedAt: null,
      gpuHours: 0,
    });
    expect(pending.message).toContain('Insufficient nvidia.com/gpu');
    const idle = job(view, 'support-llm-finetuning-run-idle')!;
    expect(idle.utilisation!.maxUtilOverIdleWindowPercent).toBeLessThan(5);
    expect(view.totals.idle).toBeGreaterThanOrEqual(1);
    const deadline = job(view, 'support-llm-finetuning-run-deadline')!;
    expect(deadline).toMatchObject({ reason: 'DeadlineExceeded', gpus: 1 });
    // The Job controller deleted its pod; the history kept where it ran.
    expect(deadline.nodes).toHaveLength(1);
    expect(deadline.durationSeconds).toBeGreaterThanOrEqual(85);
  });

  it('keeps a succeeded job after the TTL controller deleted it', async () => {
    const { batch } = await sandboxAdmin('EAST');
    const ref = 'component/default/fraud-model-training';
    const view = await eventually(
      'a deleted run-ttl in the history',
      () => gpuJobs(ref),
      v =>
        v.jobs.some(j => j.name === 'fraud-model-training-run-ttl' && !j.live),
      180_000,
    );
    const gone = view.jobs.find(
      j => j.name === 'fraud-model-training-run-ttl' && !j.live,
    )!;
    const listed = await batch.listNamespacedJob({ namespace: 'fraud-ml' });
    expect(listed.items.map(j => j.metadata!.uid)).not.toContain(gone.uid);
    expect(gone).toMatchObject({ state: 'succeeded', gpus: 1 });
    expect(gone.gpuHours).toBeGreaterThanOrEqual(0);
    expect(gone.entityRef).toBe('component:default/fraud-model-training');
  });

  it('opens a job with its pods and events', async () => {
    const response = await request(server())
      .get(
        '/api/mlops/entities/component/default/support-llm-finetuning/gpu-jobs/sandbox-east/nlp-llm/support-llm-finetuning-run-16gpu',
      )
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.pods[0].phase).toBe('Pending');
    expect(
      response.body.events.some(
        (e: { reason: string }) => e.reason === 'FailedScheduling',
      ),
    ).toBe(true);
  });
});
