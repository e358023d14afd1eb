import request from 'supertest';
import { GpuJob } from '@internal/plugin-mlops-common';
import { kubectl } from '../__testUtils__/kubectlHpas';
import {
  describeSandbox,
  eventually,
  expectClose,
  promql,
} from '../__testUtils__/sandbox';
import { job, useGpuJobsPortal, user } from '../__testUtils__/gpuJobsPortal';

/*
 * Kubeflow PyTorchJobs in the GPU jobs answer, against the sandbox
 * (scripts/test.sh health). The sandbox has the Training Operator's CRD
 * but no operator: the simulator makes reco-ranker-training's two
 * PyTorchJobs, their pods and their status as the operator would (one
 * running, one failed). Every figure is compared with `kubectl get
 * pytorchjobs,pods -o json` read right after the answer, the running job's
 * utilisation with PromQL over its pods' DCGM series.
 */
const REF = 'component/default/reco-ranker-training';
const NAMESPACE = 'recsys';
const RUNNING = 'reco-ranker-training-ddp';
const FAILED = 'reco-ranker-training-ddp-nccl';

interface KubectlPod {
  metadata: {
    name: string;
    ownerReferences?: Array<{ uid: string; controller?: boolean }>;
  };
  spec: { nodeName?: string };
  status: { phase: string; startTime?: string };
}

interface KubectlPyTorchJob {
  metadata: { name: string; uid: string };
  spec: {
    pytorchReplicaSpecs: Record<
      string,
      {
        replicas: number;
        template: {
          spec: {
            containers: Array<{
              resources: { limits: Record<string, string> };
            }>;
          };
        };
      }
    >;
  };
  status: {
    conditions: Array<{
      type: string;
      status: string;
      reason: string;
      message: string;
    }>;
    replicaStatuses: Record<
      string,
      { active?: number; succeeded?: number; failed?: number }
    >;
    startTime: string;
    completionTime?: string;
  };
}

function kubectlJson<T>(...args: string[]): T[] {
  return JSON.parse(
    kubectl('EAST', ['get', ...args, '-n', NAMESPACE, '-o', 'json']),
  ).items;
}

/** What the answer should say of a PyTorchJob, from kubectl's objects. */
function expectedOf(ptj: KubectlPyTorchJob, pods: KubectlPod[]) {
  const own = pods.filter(p =>
    p.metadata.ownerReferences?.some(
      r => r.uid === ptj.metadata.uid && r.controller,
    ),
  );
  const specs = ptj.spec.pytorchReplicaSpecs;
  const asked = Object.values(specs).reduce(
    (sum, s) =>
      sum +
      s.replicas *
        Number(
          s.template.spec.containers[0].resources.limits['nvidia.com/gpu'],
        ),
    0,
  );
  const failed = ptj.status.conditions.find(
    c => c.type === 'Failed' && c.status === 'True',
  );
  const running = own.filter(p => p.status.phase === 'Running').length;
  return {
    own,
    job: {
      kind: 'PyTorchJob',
      uid: ptj.metadata.uid,
      state: failed ? 'failed' : 'running',
      reason: failed ? failed.reason : null,
      gpus: failed ? asked : running,
      nodes: [...new Set(own.map(p => p.spec.nodeName))].sort(),
      retries: Object.values(ptj.status.replicaStatuses).reduce(
        (n, r) => n + (r.failed ?? 0),
        0,
      ),
      finishedAt: ptj.status.completionTime
        ? new Date(ptj.status.completionTime).toISOString()
        : null,
      replicas: ['Master', 'Worker'].map(type => ({
        type,
        replicas: specs[type].replicas,
        active: ptj.status.replicaStatuses[type]?.active ?? 0,
        succeeded: ptj.status.replicaStatuses[type]?.succeeded ?? 0,
        failed: ptj.status.replicaStatuses[type]?.failed ?? 0,
      })),
    },
  };
}

describeSandbox('PyTorchJobs against the sandbox', () => {
  const { server, gpuJobs } = useGpuJobsPortal('healthy');

  it('lists each PyTorchJob once, by its kind, with the state, GPUs and replicas kubectl shows', async () => {
    const view = await eventually(
      "reco-ranker-training's PyTorchJobs running and failed",
      () => gpuJobs(REF),
      v =>
        job(v, RUNNING)?.state === 'running' &&
        job(v, RUNNING)?.replicas?.every(r => r.active === r.replicas) ===
          true &&
        job(v, FAILED)?.state === 'failed' &&
        job(v, RUNNING)?.utilisation?.gpusReporting === job(v, RUNNING)?.gpus,
      60_000,
    );
    const ptjs = kubectlJson<KubectlPyTorchJob>('pytorchjobs.kubeflow.org');
    const pods = kubectlJson<KubectlPod>(
      'pods',
      '-l',
      `training.kubeflow.org/job-name in (${RUNNING},${FAILED})`,
    );
    expect(view.sources.filter(s => !s.ok)).toEqual([]);
    for (const name of [RUNNING, FAILED]) {
      const ptj = ptjs.find(p => p.metadata.name === name)!;
      const { own, job: expected } = expectedOf(ptj, pods);
      const listed: GpuJob[] = view.jobs.filter(
        j => j.uid === ptj.metadata.uid,
      );
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        ...expected,
        cluster: 'sandbox-east',
        namespace: NAMESPACE,
      });
      expect(own.map(p => p.metadata.name).sort()).toEqual([
        `${name}-master-0`,
        `${name}-worker-0`,
      ]);
    }

    const running = job(view, RUNNING)!;
    const runningPods = pods.filter(p =>
      p.metadata.name.startsWith(`${RUNNING}-`),
    );
    expect(running.startedAt).toBe(
      runningPods
        .map(p => new Date(p.status.startTime!).toISOString())
        .sort()[0],
    );
    expect(running.gpuModel).toBe('NVIDIA-L4');
    // Its pods' DCGM series, joined to it as a Job's are.
    const sel = `cluster="sandbox-east", namespace="${NAMESPACE}", pod=~"${RUNNING}-(master|worker)-0"`;
    expectClose(
      running.utilisation!.gpuUtilPercent,
      await promql(`avg(DCGM_FI_DEV_GPU_UTIL{${sel}})`, view.evaluatedAt),
    );
    expectClose(
      running.utilisation!.memoryUsedMiB,
      await promql(`sum(DCGM_FI_DEV_FB_USED{${sel}})`, view.evaluatedAt),
    );
    expect(job(view, FAILED)!.message).toBe(
      `PyTorchJobFailed: PyTorchJob ${FAILED} is failed because 1 Master replica(s) failed.`,
    );
  });

  it("opens a PyTorchJob with its operator's pods", async () => {
    const response = await request(server())
      .get(
        `/api/mlops/entities/${REF}/gpu-jobs/sandbox-east/${NAMESPACE}/${RUNNING}`,
      )
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.job.kind).toBe('PyTorchJob');
    expect(
      response.body.pods.map((p: { name: string }) => p.name).sort(),
    ).toEqual([`${RUNNING}-master-0`, `${RUNNING}-worker-0`]);
  });
});
