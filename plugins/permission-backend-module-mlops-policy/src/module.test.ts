import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mlopsFleetReadPermission } from '@internal/plugin-mlops-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import { permissionModuleMlopsPolicy } from './module';

const groups: Record<string, string[]> = {
  'user:default/amara.okafor': ['group:default/ml-platform'],
  'user:default/priya.raman': ['group:default/fraud-ml'],
};

describe('permissionModuleMlopsPolicy', () => {
  it('is the policy of the real permission backend', async () => {
    const userInfo = mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const userEntityRef = (
          credentials.principal as { userEntityRef: string }
        ).userEntityRef;
        return {
          userEntityRef,
          ownershipEntityRefs: [userEntityRef, ...groups[userEntityRef]],
        };
      },
    });
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleMlopsPolicy,
        userInfo.factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            mlops: { tenancy: { platformGroups: ['ml-platform'] } },
          },
        }),
      ],
    });

    const fleetReadBy = async (user: string) => {
      const response = await request(server)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(user))
        .send({ items: [{ id: '1', permission: mlopsFleetReadPermission }] });
      expect(response.status).toBe(200);
      return response.body.items[0].result;
    };
    expect(await fleetReadBy('user:default/amara.okafor')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await fleetReadBy('user:default/priya.raman')).toBe(
      AuthorizeResult.DENY,
    );
  });
});
