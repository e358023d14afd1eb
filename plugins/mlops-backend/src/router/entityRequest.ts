import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { mlopsEntityReadPermission } from '@internal/plugin-mlops-common';
import { Request } from 'express';
import { z } from 'zod';
import { parseInput } from './parseInput';

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

/** The entity a request is about, and the credentials to read upstream with. */
export interface EntityRequest {
  entity: Entity;
  serviceCredentials: BackstageCredentials;
}

/**
 * Checks the caller, the `mlops.entity.read` permission on the entity of
 * the path, and that the catalog holds it (asked with the caller's
 * credentials). Upstream reads use the plugin's own identity, so that
 * answers are shared between viewers.
 */
export function entityRequests(deps: {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
}): (req: Request) => Promise<EntityRequest> {
  const { httpAuth, auth, permissions, catalog } = deps;
  return async req => {
    const params = parseInput(entityParams, req.params, 'path parameter');
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
        `You may not read the MLOps views of ${entityRef}`,
      );
    }
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return {
      entity,
      serviceCredentials: await auth.getOwnServiceCredentials(),
    };
  };
}
