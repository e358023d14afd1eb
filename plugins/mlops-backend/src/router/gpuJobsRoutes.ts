import {
  GPU_JOBS_MAX_DAYS,
  isDnsSubdomain,
  isNamespaceName,
} from '@internal/plugin-mlops-common';
import { Router } from 'express';
import { z } from 'zod';
import { GpuJobsService } from '../gpuJobs/GpuJobsService';
import { EntityRoutes } from './EntityRoutes';
import { noQuery, parseInput } from './parseInput';

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
  jobNamespace: z
    .string()
    .refine(isNamespaceName, 'not a Kubernetes namespace name'),
  job: z.string().refine(isDnsSubdomain, 'not a Kubernetes Job name'),
});

/** `/entities/:kind/:namespace/:name/gpu-jobs` and one job's drawer below it. */
export function addGpuJobRoutes(
  router: Router,
  { entityFor, asSent }: EntityRoutes,
  gpuJobs: GpuJobsService,
) {
  router.get('/entities/:kind/:namespace/:name/gpu-jobs', async (req, res) => {
    const { days } = parseInput(
      listQuery(gpuJobs.defaultDays),
      req.query,
      'query parameter',
    );
    const { entity, serviceCredentials } = await entityFor(req);
    res.json(asSent(await gpuJobs.getJobs(entity, days, serviceCredentials)));
  });
  router.get(
    '/entities/:kind/:namespace/:name/gpu-jobs/:cluster/:jobNamespace/:job',
    async (req, res) => {
      parseInput(noQuery, req.query, 'query parameter');
      const params = parseInput(jobParams, req.params, 'path parameter');
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(
        asSent(
          await gpuJobs.getJob(
            entity,
            {
              cluster: params.cluster,
              namespace: params.jobNamespace,
              name: params.job,
            },
            serviceCredentials,
          ),
        ),
      );
    },
  );
}
