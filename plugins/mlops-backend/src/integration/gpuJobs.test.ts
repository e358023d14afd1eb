import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import type { KubeConfig } from '@kubernetes/client-node';
import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';
import fs from 'node:fs';
import path from 'node:path';
import { Server } from 'node:http';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { kubernetesModuleMlopsClusterAccess } from '../upstream/kubernetes/clusterAccess';
import { loadClientNode } from '../upstream/kubernetes/clientNode';
import { GPU_JOBS_TASK_ID } from '../gpuJobs/setup';
import { mlopsPlugin } from '../plugin';
import {
  env,
  eventually,
  expectClose,
  promql,
  REPO_ROOT,
  sandboxCluster,
  sandboxEnabled,
  switchScenario,
} from '../__testUtils__/sandbox';

/*
 * GPU jobs against the real sandbox (scripts/test.sh health): the training
 * Jobs the simulator creates on sandbox-east in the gpu-job-failures
 * scenario, compared with what the apiserver itself says and with PromQL
 * over the simulator's DCGM series, evaluated at the same instant.
 */
const describeSandbox = sandboxEnabled ? describe : describe.skip;
jest.setTimeout(400_000);

const user = mockCredentials.user.header();

function pipelines(): Entity[] {
  const file = path.join(REPO_ROOT, 'examples/ml-org/training-pipelines.yaml');
  const components = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJSON() as Entity)
    .filter(e => e?.kind === 'Component')
    .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));
  const group: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'fraud-ml', namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
  return [...components, group];
}

async function eastAdmin() {
  const k8s = await loadClientNode();
  const kc: KubeConfig = new k8s.KubeConfig();
  kc.loadFromFile(env('MLOPS_SANDBOX_KUBECONFIG_EAST'));
  return {
    batch: kc.makeApiClient(k8s.BatchV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
  };
}

/** The collector, run by the test instead of the scheduler. */
let collect: () => Promise<void> = async () => {};
const scheduler = mockServices.scheduler.mock({
  scheduleTask: async task => {
    if (task.id !== GPU_JOBS_TASK_ID) return;
    collect = () => task.fn(new AbortController().signal) as Promise<void>;
  },
});

async function startPortal(prometheusUrl: string) {
  const backend = await startTestBackend({
    features: [
      scheduler.factory,
      kubernetesPlugin,
      kubernetesModuleMlopsClusterAccess,
      mlopsPlugin,
      catalogServiceMock.factory({ entities: pipelines() }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: (['EAST', 'WEST'] as const).map(name =>
                  sandboxCluster(name),
                ),
              },
            ],
          },
          mlops: {
            prometheus: {
              instances: [
                {
                  name: 'sandbox',
                  url: prometheusUrl,
                  clusters: ['sandbox-east', 'sandbox-west'],
                  clusterLabel: 'cluster',
                  timeout: '3s',
                },
              ],
            },
            serving: { kubernetesTimeout: '3s' },
            gpuJobs: {
              cacheTtl: '1s',
              idle: { utilisationPercent: 5, for: '1m' },
              history: { frequency: '1m' },
            },
          },
        },
      }),
    ],
  });
  return { server: backend.server as Server, stop: () => backend.stop() };
}

describeSandbox('GPU jobs against the sandbox', () => {
  let server: Server;
  let stop: () => Promise<void>;

  const gpuJobs = async (ref: string, query = ''): Promise<GpuJobsView> => {
    await collect();
    const response = await request(server)
      .get(`/api/mlops/entities/${ref}/gpu-jobs${query}`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('ok');
    return response.body;
  };
  const job = (view: GpuJobsView, name: string) =>
    view.jobs.find(j => j.name === name && j.live);

  beforeAll(async () => {
    switchScenario('gpu-job-failures');
    ({ server, stop } = await startPortal(env('MLOPS_PROMETHEUS_URL')));
  });
  afterAll(async () => {
    await stop?.();
    switchScenario('healthy');
  });

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
    const { batch, core } = await eastAdmin();
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
    const { batch } = await eastAdmin();
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

  it("answers a team's jobs and GPU-hours from the history", async () => {
    const view = await eventually(
      "fraud-ml's jobs attributed by the collector",
      () => gpuJobs('group/default/fraud-ml', '?days=1'),
      v => v.jobs.some(j => j.state === 'running'),
      60_000,
    );
    expect(view.team).toBe('fraud-ml');
    expect(view.jobs.every((j: GpuJob) => j.team === 'fraud-ml')).toBe(true);
    const sum = view.jobs.reduce((s, j) => s + j.gpuHours, 0);
    expectClose(view.totals.gpuHours, sum);
    const byDay = view.gpuHoursByDay.reduce((s, d) => s + d.gpuHours, 0);
    expect(Math.abs(byDay - sum)).toBeLessThan(1e-6);
  });

  it('opens a job with its pods and events', async () => {
    const response = await request(server)
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

  it.each([
    ['?days=0', /days/],
    ['?days=abc', /days/],
    ['?days=91', /days/],
    ['?range=1h', /unknown query parameter 'range'/],
  ])('refuses %s with a 400', async (query, message) => {
    const response = await request(server)
      .get(
        `/api/mlops/entities/component/default/fraud-model-training/gpu-jobs${query}`,
      )
      .set('authorization', user);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });

  it('answers 404 for a job that is not the entity’s', async () => {
    const response = await request(server)
      .get(
        '/api/mlops/entities/component/default/fraud-model-training/gpu-jobs/sandbox-east/recsys/reco-ranker-training-run-2',
      )
      .set('authorization', user);
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('has no GPU job');
  });

  it('serves jobs without utilisation when Prometheus is down', async () => {
    const down = await startPortal('http://127.0.0.1:1');
    try {
      const response = await request(down.server)
        .get(
          '/api/mlops/entities/component/default/fraud-model-training/gpu-jobs',
        )
        .set('authorization', user);
      expect(response.status).toBe(200);
      const view = response.body as GpuJobsView;
      expect(job(view, 'fraud-model-training-run-2')).toMatchObject({
        state: 'running',
        utilisation: null,
      });
      expect(view.sources.find(s => s.kind === 'prometheus')).toMatchObject({
        ok: false,
        error: { kind: 'unreachable' },
      });
    } finally {
      await down.stop();
    }
  });
});
