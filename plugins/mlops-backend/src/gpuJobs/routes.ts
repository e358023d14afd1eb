import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { GPU_JOBS_MAX_DAYS } from '@internal/plugin-mlops-common';
import { Request, Router } from 'express';
import { z } from 'zod';
import { GpuJobsService } from './GpuJobsService';

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const listQuery = (defaultDays: number) =>
  z.strictObject({
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(GPU_JOBS_MAX_DAYS)
      .default(defaultDays),
  });

const jobParams = z.object({
  cluster: z.string().min(1).max(253),
  jobNamespace: z.string().regex(K8S_NAME, 'not a Kubernetes namespace name'),
  job: z.string().regex(K8S_NAME, 'not a Kubernetes Job name'),
});

/** What router.ts hands over: its checks of input, caller and entity. */
export interface GpuJobRouteDeps {
  gpuJobs: GpuJobsService;
  defaultDays: number;
  parse: <T>(schema: z.ZodType<T>, value: unknown, what: string) => T;
  entityFor: (
    req: Request,
  ) => Promise<{ entity: Entity; serviceCredentials: BackstageCredentials }>;
}

/** `/entities/:kind/:namespace/:name/gpu-jobs` and one job's drawer below it. */
export function addGpuJobRoutes(router: Router, deps: GpuJobRouteDeps) {
  const { gpuJobs, parse, entityFor } = deps;
  router.get('/entities/:kind/:namespace/:name/gpu-jobs', async (req, res) => {
    const { days } = parse(
      listQuery(deps.defaultDays),
      req.query,
      'query parameter',
    );
    const { entity, serviceCredentials } = await entityFor(req);
    res.json(await gpuJobs.getJobs(entity, days, serviceCredentials));
  });
  router.get(
    '/entities/:kind/:namespace/:name/gpu-jobs/:cluster/:jobNamespace/:job',
    async (req, res) => {
      parse(z.strictObject({}), req.query, 'query parameter');
      const params = parse(jobParams, req.params, 'path parameter');
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(
        await gpuJobs.getJob(
          entity,
          {
            cluster: params.cluster,
            namespace: params.jobNamespace,
            name: params.job,
          },
          serviceCredentials,
        ),
      );
    },
  );
}
