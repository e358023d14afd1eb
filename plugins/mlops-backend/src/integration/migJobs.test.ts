import { GpuJobsView, migSliceOf } from '@internal/plugin-mlops-common';
import {
  describeSandbox,
  eventually,
  expectClose,
  promql,
} from '../__testUtils__/sandbox';
import { sandboxAdmin } from '../__testUtils__/sandboxPortal';
import { job, useGpuJobsPortal } from '../__testUtils__/gpuJobsPortal';

/*
 * GPU jobs on MIG slices against the real sandbox (scripts/test.sh health):
 * in the mig-jobs scenario the simulator runs training Jobs on
 * east-gpu-mig-1's slices (nvidia.com/mig-3g.40gb, nvidia.com/mig-1g.10gb),
 * whose DCGM series carry GPU_I_PROFILE/GPU_I_ID and report
 * DCGM_FI_PROF_GR_ENGINE_ACTIVE instead of DCGM_FI_DEV_GPU_UTIL. Every figure
 * is compared with the apiserver and with PromQL at the same instant.
 */
describeSandbox('MIG jobs against the sandbox', () => {
  const { gpuJobs } = useGpuJobsPortal('mig-jobs');

  /** The job's running pods and the MIG resource each asks for, as the apiserver has them. */
  async function kubeJob(namespace: string, name: string) {
    const { batch, core } = await sandboxAdmin('EAST');
    const k8sJob = await batch.readNamespacedJob({ name, namespace });
    const limits = k8sJob.spec!.template.spec!.containers[0].resources!
      .limits as Record<string, string>;
    const resource = Object.keys(limits).find(r => migSliceOf(r))!;
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `batch.kubernetes.io/job-name=${name}`,
    });
    const running = pods.items.filter(p => p.status?.phase === 'Running');
    return {
      resource,
      slicesPerPod: Number(limits[resource]),
      pods: running,
      selector: `cluster="sandbox-east", namespace="${namespace}", pod=~"${running
        .map(p => p.metadata!.name)
        .join('|')}"`,
    };
  }

  it.each([
    ['support-llm-finetuning', 'nlp-llm', 'support-llm-finetuning-run-mig-3g'],
    ['reco-ranker-training', 'recsys', 'reco-ranker-training-run-mig-1g'],
  ])(
    '%s: slices count as fractions of a GPU, their utilisation is the engine activity',
    async (component, namespace, name) => {
      const expectedPods = name.endsWith('-1g') ? 2 : 1;
      const view: GpuJobsView = await eventually(
        `${name} with every slice reporting`,
        () => gpuJobs(`component/default/${component}`, '?days=1'),
        v => job(v, name)?.utilisation?.gpusReporting === expectedPods,
        120_000,
      );
      const k = await kubeJob(namespace, name);
      expect(k.pods).toHaveLength(expectedPods);
      const slice = migSliceOf(k.resource)!;
      const found = job(view, name)!;
      expect(found).toMatchObject({
        state: 'running',
        gpus: k.slicesPerPod * k.pods.length,
        gpuResource: k.resource,
        migProfile: slice.profile,
        nodes: [...new Set(k.pods.map(p => p.spec!.nodeName!))],
        idle: false,
      });
      expect(found.nodes).toEqual(['east-gpu-mig-1']);
      expectClose(found.gpuEquivalents, found.gpus * slice.fraction);

      const at = view.evaluatedAt;
      expect(
        await promql(`count(DCGM_FI_DEV_GPU_UTIL{${k.selector}})`, at),
      ).toBeNull();
      expectClose(
        found.utilisation!.gpuUtilPercent,
        await promql(
          `avg(DCGM_FI_PROF_GR_ENGINE_ACTIVE{${k.selector}}) * 100`,
          at,
        ),
      );
      expectClose(
        found.utilisation!.memoryUsedMiB,
        await promql(`sum(DCGM_FI_DEV_FB_USED{${k.selector}})`, at),
      );
      expectClose(
        found.utilisation!.memoryTotalMiB,
        await promql(
          `sum(DCGM_FI_DEV_FB_USED{${k.selector}} + DCGM_FI_DEV_FB_FREE{${k.selector}})`,
          at,
        ),
      );
      expect(
        await promql(
          `count(count by (GPU_I_PROFILE) (DCGM_FI_PROF_GR_ENGINE_ACTIVE{${k.selector}, GPU_I_PROFILE="${slice.profile}"}))`,
          at,
        ),
      ).toBe(1);

      // GPU-equivalent hours: the slices' share of a GPU for as long as they ran.
      const hours = found.durationSeconds! / 3600;
      expect(
        Math.abs(found.gpuHours - found.gpuEquivalents * hours),
      ).toBeLessThan(found.gpuEquivalents * (120 / 3600));
      const teamHours = view.jobs.reduce((s, j) => s + j.gpuHours, 0);
      expectClose(view.totals.gpuHours, teamHours);
    },
  );

  it('flags a slice held idle from its engine activity over the idle window', async () => {
    const name = 'fraud-model-training-run-mig-idle';
    const view = await eventually(
      `${name} flagged idle`,
      () => gpuJobs('component/default/fraud-model-training', '?days=1'),
      v => !!job(v, name)?.idle,
      180_000,
    );
    const k = await kubeJob('fraud-ml', name);
    const idle = job(view, name)!;
    expect(idle).toMatchObject({ state: 'running', migProfile: '1g.10gb' });
    expectClose(idle.gpuEquivalents, 1 / 7);
    // The test portal's idle window is 1m (gpuJobsPortal.ts).
    expectClose(
      idle.utilisation!.maxUtilOverIdleWindowPercent,
      await promql(
        `max(max_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE{${k.selector}}[1m])) * 100`,
        view.evaluatedAt,
      ),
    );
    expect(idle.utilisation!.maxUtilOverIdleWindowPercent).toBeLessThan(5);
    expect(view.totals.idle).toBeGreaterThanOrEqual(1);
  });
});
