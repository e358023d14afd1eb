import { Entity } from '@backstage/catalog-model';
import { GpuJobsView } from '@internal/plugin-mlops-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { GPU_JOBS_TASK_ID } from '../gpuJobs/setup';
import { env, REPO_ROOT, switchScenario } from './sandbox';
import {
  capturedTask,
  SandboxPortal,
  sandboxPrometheus,
  startSandboxPortal,
  user,
} from './sandboxPortal';

export { user };

/*
 * The GPU-job suites against the sandbox (scripts/test.sh health): the
 * example training pipelines and their team, and a portal whose collector
 * runs when the test asks for jobs.
 */
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

/** The collector, run by the test instead of the scheduler (the last portal started). */
const { scheduler, run: collect } = capturedTask(GPU_JOBS_TASK_ID);

export async function startGpuJobsPortal(
  prometheusUrl: string,
): Promise<SandboxPortal> {
  return startSandboxPortal({
    features: [scheduler.factory],
    entities: pipelines(),
    config: {
      mlops: {
        prometheus: {
          instances: [sandboxPrometheus({ url: prometheusUrl, timeout: '3s' })],
        },
        serving: { kubernetesTimeout: '3s' },
        // The collector attributes a job only to an owner holding its namespace.
        tenancy: {
          namespaces: ['fraud-ml', 'recsys', 'nlp-llm'].map(team => ({
            namespace: team,
            owners: [team],
          })),
        },
        gpuJobs: {
          cacheTtl: '1s',
          idle: { utilisationPercent: 5, for: '1m' },
          history: { frequency: '1m' },
        },
      },
    },
  });
}

export const job = (view: GpuJobsView, name: string) =>
  view.jobs.find(j => j.name === name && j.live);

/**
 * A portal over the sandbox's clusters and Prometheus for the enclosing
 * describe, in `scenario` (`healthy` afterwards); `gpuJobs` runs the
 * collector, then asks.
 */
export function useGpuJobsPortal(scenario = 'gpu-job-failures') {
  // Scenarios take minutes to show in the metrics.
  jest.setTimeout(400_000);
  let portal: SandboxPortal | undefined;
  const server = () => portal!.server;

  const gpuJobs = async (ref: string, query = ''): Promise<GpuJobsView> => {
    await collect();
    const response = await request(server())
      .get(`/api/mlops/entities/${ref}/gpu-jobs${query}`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('ok');
    return response.body;
  };

  beforeAll(async () => {
    switchScenario(scenario);
    portal = await startGpuJobsPortal(env('MLOPS_PROMETHEUS_URL'));
  });
  afterAll(async () => {
    await portal?.stop();
    switchScenario('healthy');
  });
  return { server, gpuJobs };
}
