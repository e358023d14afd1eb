import { Request } from 'express';
import { EntityRequest } from './entityRequest';

/** What every feature's routes get from the router: the checked entity of a request. */
export interface EntityRoutes {
  entityFor: (req: Request) => Promise<EntityRequest>;
}
