import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  eventually,
  expectClose,
  describeSandbox,
} from '../__testUtils__/sandbox';
import {
  job,
  startGpuJobsPortal,
  user,
  useGpuJobsPortal,
} from '../__testUtils__/gpuJobsPortal';

/*
 * GPU jobs against the real sandbox (scripts/test.sh health): the training
 * Jobs the simulator creates on sandbox-east in the gpu-job-failures
 * scenario. Here: a
 * team's jobs, bad queries, a job of another entity and Prometheus gone.
 */
describeSandbox('GPU job queries against the sandbox', () => {
  const { server, gpuJobs } = useGpuJobsPortal();

  it("answers a team's jobs and GPU-hours from the history", async () => {
    const view = await eventually(
      "fraud-ml's jobs attributed by the collector",
      () => gpuJobs('group/default/fraud-ml', '?days=1'),
      v => v.jobs.some(j => j.state === 'running'),
      60_000,
    );
    expect(view.team).toBe('group:default/fraud-ml');
    expect(
      view.jobs.every((j: GpuJob) => j.team === 'group:default/fraud-ml'),
    ).toBe(true);
    const sum = view.jobs.reduce((s, j) => s + j.gpuHours, 0);
    expectClose(view.totals.gpuHours, sum);
    const byDay = view.gpuHoursByDay.reduce((s, d) => s + d.gpuHours, 0);
    expect(Math.abs(byDay - sum)).toBeLessThan(1e-6);
  });

  it.each([
    ['?days=0', /days/],
    ['?days=abc', /days/],
    ['?days=91', /days/],
    ['?range=1h', /unknown query parameter 'range'/],
  ])('refuses %s with a 400', async (query, message) => {
    const response = await request(server())
      .get(
        `/api/mlops/entities/component/default/fraud-model-training/gpu-jobs${query}`,
      )
      .set('authorization', user);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });

  it('answers 404 for a job that is not the entity’s', async () => {
    const response = await request(server())
      .get(
        '/api/mlops/entities/component/default/fraud-model-training/gpu-jobs/sandbox-east/recsys/reco-ranker-training-run-2',
      )
      .set('authorization', user);
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('has no GPU job');
  });

  it('serves jobs without utilisation when Prometheus is down', async () => {
    const down = await startGpuJobsPortal('http://127.0.0.1:1');
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
