import { Router } from 'express';
import { FiringAlertsService } from '../alerts/FiringAlertsService';
import { EntityRoutes } from './EntityRoutes';
import { noQuery, parseInput } from './parseInput';

/** The firing and pending alerts of an entity. */
export function addAlertsRoutes(
  router: Router,
  { entityFor, asSent }: EntityRoutes,
  firingAlerts: FiringAlertsService,
) {
  router.get('/entities/:kind/:namespace/:name/alerts', async (req, res) => {
    parseInput(noQuery, req.query, 'query parameter');
    const { entity, serviceCredentials } = await entityFor(req);
    res.json(asSent(await firingAlerts.getAlerts(entity, serviceCredentials)));
  });
}
