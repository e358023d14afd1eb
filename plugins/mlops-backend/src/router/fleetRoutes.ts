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
    const answer = await fleet.getFleet(credentials);
    if ('response' in answer) {
      res.json(answer.response);
      return;
    }
    // The whole fleet: the same bytes for every viewer, and nothing when
    // the viewer already holds them.
    const { etag, json, gzipped } = answer.body;
    res.set({
      ETag: etag,
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json');
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(gzipped);
    } else {
      res.send(json);
    }
  });
}
