import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GpuJobsView } from '@internal/plugin-mlops-common';
import {
  describeSandbox,
  env,
  eventually,
  REPO_ROOT,
} from '../__testUtils__/sandbox';
import { job, useGpuJobsPortal } from '../__testUtils__/gpuJobsPortal';
import { gpuQuotaOf } from '../gpuQueues/kueueQueues';
import { KueueClusterQueue, KueueWorkload } from '../gpuQueues/kueueTypes';

/*
 * Kueue's queues against the real sandbox (scripts/test.sh health): the
 * simulator submits its training Jobs to Kueue v0.17 on sandbox-east, and
 * nlp-llm's two 16-GPU sweeps wait. Every figure of the GPU jobs answer is
 * compared with `kubectl get workloads,clusterqueues -o json` read right
 * after it, and the positions with Kueue's visibility API.
 */
function kubectl(...args: string[]): any {
  const bin = execFileSync(
    path.join(REPO_ROOT, 'sandbox/scripts/build-binaries.sh'),
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  ).trim();
  const out = execFileSync(
    path.join(bin, 'kubectl'),
    ['--kubeconfig', env('MLOPS_SANDBOX_KUBECONFIG_EAST'), ...args],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out);
}

describeSandbox("Kueue's queues against the sandbox", () => {
  const { gpuJobs } = useGpuJobsPortal('healthy');
  const ref = 'component/default/support-llm-finetuning';

  it("shows each queued job's queues, position and Kueue's reason, and the ClusterQueue's GPU quota", async () => {
    const view: GpuJobsView = await eventually(
      "support-llm-finetuning's sweeps queued",
      () => gpuJobs(ref),
      v =>
        ['support-llm-finetuning-sweep-1', 'support-llm-finetuning-sweep-2']
          .map(n => job(v, n)?.queue)
          .every(q => q && !q.admitted && q.position !== null),
      60_000,
    );
    const listed = kubectl(
      'get',
      'workloads.v1beta2.kueue.x-k8s.io,clusterqueues.v1beta2.kueue.x-k8s.io',
      '-A',
      '-o',
      'json',
    ).items;
    const workloads: KueueWorkload[] = listed.filter(
      (i: any) => i.kind === 'Workload',
    );
    const nlp: KueueClusterQueue = listed.find(
      (i: any) => i.kind === 'ClusterQueue' && i.metadata.name === 'nlp-llm',
    );
    const pending = kubectl(
      'get',
      '--raw',
      '/apis/visibility.kueue.x-k8s.io/v1beta2/namespaces/nlp-llm/localqueues/training/pendingworkloads',
    ).items;

    for (const name of [
      'support-llm-finetuning-sweep-1',
      'support-llm-finetuning-sweep-2',
    ]) {
      const queued = job(view, name)!;
      const workload = workloads.find(w =>
        w.metadata.ownerReferences?.some(r => r.uid === queued.uid),
      )!;
      const quota = workload.status!.conditions!.find(
        c => c.type === 'QuotaReserved',
      )!;
      expect(queued).toMatchObject({ state: 'pending', gpus: 16 });
      expect(queued.queue).toEqual({
        workload: workload.metadata.name,
        localQueue: 'training',
        clusterQueue: 'nlp-llm',
        admitted: false,
        position:
          pending.find((p: any) => p.metadata.name === workload.metadata.name)
            .positionInClusterQueue + 1,
        positionSource: 'visibility-api',
        reason: quota.reason,
        message: quota.message,
      });
      expect(queued.queue!.message).toContain(
        'insufficient quota for nvidia.com/gpu in flavor a100',
      );
    }

    const [summary] = view.queues;
    expect(summary).toEqual({
      cluster: 'sandbox-east',
      namespace: 'nlp-llm',
      localQueue: 'training',
      clusterQueue: 'nlp-llm',
      cohort: nlp.spec!.cohortName,
      pendingWorkloads: expect.any(Number),
      admittedWorkloads: expect.any(Number),
      quota: gpuQuotaOf(nlp, ['nvidia.com/gpu']),
    });
    expect(summary.quota.find(q => q.flavor === 'a100')).toMatchObject({
      nominal: 4,
    });
  });

  it('an admitted job: its Workload admitted, no position, the ClusterQueue used as Kueue counts it', async () => {
    const view = await eventually(
      'fraud-model-training-run-2 admitted',
      () => gpuJobs('component/default/fraud-model-training'),
      v => !!job(v, 'fraud-model-training-run-2')?.queue?.admitted,
      60_000,
    );
    const running = job(view, 'fraud-model-training-run-2')!;
    expect(running.queue).toMatchObject({
      localQueue: 'training',
      clusterQueue: 'fraud-ml',
      position: null,
      reason: null,
    });
    const fraud: KueueClusterQueue = kubectl(
      'get',
      'clusterqueues.v1beta2.kueue.x-k8s.io',
      'fraud-ml',
      '-o',
      'json',
    );
    const a100 = view.queues[0].quota.find(q => q.flavor === 'a100')!;
    const expected = gpuQuotaOf(fraud, ['nvidia.com/gpu']).find(
      q => q.flavor === 'a100',
    )!;
    // Runs complete and start between the two reads: compare the spec exactly, the usage within one run.
    expect(a100.nominal).toBe(expected.nominal);
    expect(Math.abs(a100.used - expected.used)).toBeLessThanOrEqual(4);
    expect(a100.used).toBeGreaterThanOrEqual(running.gpus);
  });

  it("a team: the LocalQueues of the namespaces it holds, with their ClusterQueue's GPU quota, and no other team's", async () => {
    const view = await gpuJobs('group/default/fraud-ml');
    const fraud: KueueClusterQueue = kubectl(
      'get',
      'clusterqueues.v1beta2.kueue.x-k8s.io',
      'fraud-ml',
      '-o',
      'json',
    );
    expect(view.team).toBe('group:default/fraud-ml');
    expect(view.queues).toEqual([
      {
        cluster: 'sandbox-east',
        namespace: 'fraud-ml',
        localQueue: 'training',
        clusterQueue: 'fraud-ml',
        cohort: 'gpu-training',
        pendingWorkloads: expect.any(Number),
        admittedWorkloads: expect.any(Number),
        quota: expect.any(Array),
      },
    ]);
    // The spec exactly; usage moves as runs start and finish.
    expect(
      view.queues[0].quota.map(({ flavor, nominal, borrowingLimit }) => ({
        flavor,
        nominal,
        borrowingLimit,
      })),
    ).toEqual(
      gpuQuotaOf(fraud, ['nvidia.com/gpu']).map(
        ({ flavor, nominal, borrowingLimit }) => ({
          flavor,
          nominal,
          borrowingLimit,
        }),
      ),
    );
  });
});
