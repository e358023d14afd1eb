import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  mlopsEntityReadPermission,
  SERVING_TIME_RANGES,
} from '@internal/plugin-mlops-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ServingHealthService } from './service/ServingHealthService';
import { AutoscalingService } from './autoscaling/AutoscalingService';
import { FiringAlertsService } from './alerts/FiringAlertsService';
import { GpuJobsService } from './gpuJobs/GpuJobsService';
import { addGpuJobRoutes } from './gpuJobs/routes';

const validator = makeValidator();

const entityParams = z.object({
  kind: z.string().refine(validator.isValidKind, {
    message: 'not a valid entity kind',
  }),
  namespace: z.string().refine(validator.isValidNamespace, {
    message: 'not a valid entity namespace',
  }),
  name: z.string().refine(validator.isValidEntityName, {
    message: 'not a valid entity name',
  }),
});

const healthQuery = z.strictObject({});
const timeSeriesQuery = z.strictObject({
  range: z.enum(SERVING_TIME_RANGES).default('1h'),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => {
        const path = i.path.join('.');
        if (i.code === 'unrecognized_keys') {
          return `unknown ${what} ${i.keys.map(k => `'${k}'`).join(', ')}`;
        }
        return `${what} '${path}': ${i.message}`;
      })
      .join('; ');
    throw new InputError(`Invalid request: ${issues}`);
  }
  return result.data;
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  servingHealth: ServingHealthService;
  autoscaling: AutoscalingService;
  firingAlerts: FiringAlertsService;
  gpuJobs: GpuJobsService;
}

/** /api/mlops: checks the input, the caller and the entity, then asks the service. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auth, permissions, catalog, servingHealth, firingAlerts } =
    options;
  const { autoscaling } = options;
  const router = Router();

  async function entityFor(req: Request) {
    const params = parse(entityParams, req.params, 'path parameter');
    const ref: CompoundEntityRef = {
      kind: params.kind,
      namespace: params.namespace,
      name: params.name,
    };
    const entityRef = stringifyEntityRef(ref);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: mlopsEntityReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not read the serving health of ${entityRef}`,
      );
    }
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    // Upstream reads use the plugin's own identity: answers are shared between viewers.
    return {
      entity,
      serviceCredentials: await auth.getOwnServiceCredentials(),
    };
  }

  router.get(
    '/entities/:kind/:namespace/:name/serving-health',
    async (req, res) => {
      parse(healthQuery, req.query, 'query parameter');
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(await servingHealth.getHealth(entity, serviceCredentials));
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/serving-timeseries',
    async (req, res) => {
      const { range } = parse(timeSeriesQuery, req.query, 'query parameter');
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(
        await servingHealth.getTimeSeries(entity, range, serviceCredentials),
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/alerts', async (req, res) => {
    parse(healthQuery, req.query, 'query parameter');
    const { entity } = await entityFor(req);
    res.json(await firingAlerts.getAlerts(entity));
  });

  router.get(
    '/entities/:kind/:namespace/:name/autoscaling',
    async (req, res) => {
      parse(healthQuery, req.query, 'query parameter');
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(await autoscaling.getAutoscaling(entity, serviceCredentials));
    },
  );

  addGpuJobRoutes(router, {
    gpuJobs: options.gpuJobs,
    defaultDays: options.gpuJobs.defaultDays,
    parse,
    entityFor,
  });

  return router;
}
