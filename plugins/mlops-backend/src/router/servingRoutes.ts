import { SERVING_TIME_RANGES } from '@internal/plugin-mlops-common';
import { Router } from 'express';
import { z } from 'zod';
import { ServingHealthService } from '../serving/ServingHealthService';
import { EntityRoutes } from './EntityRoutes';
import { noQuery, parseInput } from './parseInput';

const timeSeriesQuery = z.strictObject({
  range: z.enum(SERVING_TIME_RANGES).default('1h'),
});

/** `serving-health` and `serving-timeseries` of an entity. */
export function addServingRoutes(
  router: Router,
  { entityFor, asSent }: EntityRoutes,
  servingHealth: ServingHealthService,
) {
  router.get(
    '/entities/:kind/:namespace/:name/serving-health',
    async (req, res) => {
      parseInput(noQuery, req.query, 'query parameter');
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(
        asSent(await servingHealth.getHealth(entity, serviceCredentials)),
      );
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/serving-timeseries',
    async (req, res) => {
      const { range } = parseInput(
        timeSeriesQuery,
        req.query,
        'query parameter',
      );
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(
        asSent(
          await servingHealth.getTimeSeries(entity, range, serviceCredentials),
        ),
      );
    },
  );
}
