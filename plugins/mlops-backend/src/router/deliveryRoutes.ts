import { Router } from 'express';
import { DeliveryService } from '../delivery/DeliveryService';
import { EntityRoutes } from './EntityRoutes';
import { noQuery, parseInput } from './parseInput';

/** The Rollouts, revisions, analyses and model versions of an entity. */
export function addDeliveryRoutes(
  router: Router,
  { entityFor, asSent }: EntityRoutes,
  delivery: DeliveryService,
) {
  router.get('/entities/:kind/:namespace/:name/delivery', async (req, res) => {
    parseInput(noQuery, req.query, 'query parameter');
    const { entity, serviceCredentials } = await entityFor(req);
    res.json(asSent(await delivery.getDelivery(entity, serviceCredentials)));
  });
}
