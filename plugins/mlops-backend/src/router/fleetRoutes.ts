import { HttpAuthService } from '@backstage/backend-plugin-api';
import { FLEET_PATH } from '@internal/plugin-mlops-common';
import { Router } from 'express';
import { FleetService } from '../fleet/FleetService';
import { noQuery, parseInput } from './parseInput';

/** `/fleet`: every model service, team and GPU pool the caller may see. */
export function addFleetRoutes(
  router: Router,
  httpAuth: HttpAuthService,
  fleet: FleetService,
) {
  router.get(FLEET_PATH, async (req, res) => {
    parseInput(noQuery, req.query, 'query parameter');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await fleet.getFleet(credentials));
  });
}
