import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readTenancyConfig } from '@internal/plugin-mlops-common';
import { MlopsPermissionPolicy } from './MlopsPermissionPolicy';

/**
 * Sets the portal's permission policy: owners and the platform groups of
 * `mlops.tenancy.platformGroups` (docs/permissions.md).
 *
 * @public
 */
export const permissionModuleMlopsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mlops-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const { platformGroups } = readTenancyConfig(config);
        if (platformGroups.length === 0) {
          logger.warn(
            "mlops.tenancy.platformGroups is empty: no user may read the fleet-wide views or other teams' entities",
          );
        }
        policy.setPolicy(
          new MlopsPermissionPolicy({ userInfo, platformGroups }),
        );
      },
    });
  },
});
