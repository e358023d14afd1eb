import { Router } from 'express';
import { AutoscalingService } from '../autoscaling/AutoscalingService';
import { EntityRoutes } from './EntityRoutes';
import { noQuery, parseInput } from './parseInput';

/** The HPAs, scaling events and replicas of an entity. */
export function addAutoscalingRoutes(
  router: Router,
  { entityFor, asSent }: EntityRoutes,
  autoscaling: AutoscalingService,
) {
  router.get(
    '/entities/:kind/:namespace/:name/autoscaling',
    async (req, res) => {
      parseInput(noQuery, req.query, 'query parameter');
      const { entity, serviceCredentials } = await entityFor(req);
      res.json(
        asSent(await autoscaling.getAutoscaling(entity, serviceCredentials)),
      );
    },
  );
}
