import { Request } from 'express';
import { EntityRequest } from './entityRequest';

/** What every feature's routes get from the router. */
export interface EntityRoutes {
  /** The checked entity of a request. */
  entityFor: (req: Request) => Promise<EntityRequest>;
  /** The answer as sent: the local sandbox's sources that did not answer marked (mlops.localSandbox). */
  asSent: <T extends object>(answer: T) => T;
}
