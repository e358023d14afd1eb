import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  mlopsEntityReadPermission,
  mlopsFleetReadPermission,
} from '@internal/plugin-mlops-common';
import { MlopsPermissionPolicy } from './MlopsPermissionPolicy';

const platform = ['user:default/amara.okafor', 'group:default/ml-platform'];
const fraud = ['user:default/priya.raman', 'group:default/fraud-ml'];

function policyFor(ownershipEntityRefs: string[]) {
  return new MlopsPermissionPolicy({
    userInfo: mockServices.userInfo({ ownershipEntityRefs }),
    platformGroups: ['ML-Platform'],
  });
}

function decide(permission: Permission, ownershipEntityRefs?: string[]) {
  const user = ownershipEntityRefs && {
    credentials: mockCredentials.user(ownershipEntityRefs[0]),
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
  };
  return policyFor(ownershipEntityRefs ?? []).handle({ permission }, user);
}

const scaffolderTaskCreate = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});
const kubernetesProxy = createPermission({
  name: 'kubernetes.proxy',
  attributes: {},
});
const unknown = createPermission({ name: 'other.thing.do', attributes: {} });

describe('MlopsPermissionPolicy', () => {
  it.each([
    // [who, permission, result]
    ['a service', mlopsFleetReadPermission, AuthorizeResult.ALLOW],
    ['a service', kubernetesProxy, AuthorizeResult.ALLOW],
    ['platform', mlopsEntityReadPermission, AuthorizeResult.ALLOW],
    ['platform', mlopsFleetReadPermission, AuthorizeResult.ALLOW],
    ['platform', catalogEntityDeletePermission, AuthorizeResult.ALLOW],
    ['platform', catalogLocationDeletePermission, AuthorizeResult.ALLOW],
    ['platform', kubernetesProxy, AuthorizeResult.ALLOW],
    ['platform', unknown, AuthorizeResult.ALLOW],
    ['fraud', catalogEntityReadPermission, AuthorizeResult.ALLOW],
    ['fraud', catalogLocationCreatePermission, AuthorizeResult.ALLOW],
    ['fraud', scaffolderTaskCreate, AuthorizeResult.ALLOW],
    ['fraud', mlopsEntityReadPermission, AuthorizeResult.CONDITIONAL],
    ['fraud', catalogEntityDeletePermission, AuthorizeResult.CONDITIONAL],
    ['fraud', catalogEntityRefreshPermission, AuthorizeResult.CONDITIONAL],
    ['fraud', mlopsFleetReadPermission, AuthorizeResult.DENY],
    ['fraud', catalogLocationDeletePermission, AuthorizeResult.DENY],
    ['fraud', kubernetesProxy, AuthorizeResult.DENY],
    ['fraud', unknown, AuthorizeResult.DENY],
  ] as const)('%s, %s: %s', async (who, permission, result) => {
    const refs = { 'a service': undefined, platform, fraud }[who];
    expect((await decide(permission, refs)).result).toBe(result);
  });

  it('lets a user read the entities they own and the groups they are in', async () => {
    expect(await decide(mlopsEntityReadPermission, fraud)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: fraud },
          },
          {
            allOf: [
              {
                rule: 'IS_ENTITY_KIND',
                resourceType: 'catalog-entity',
                params: { kinds: ['Group'] },
              },
              {
                rule: 'HAS_METADATA',
                resourceType: 'catalog-entity',
                params: { key: 'namespace', value: 'default' },
              },
              {
                rule: 'HAS_METADATA',
                resourceType: 'catalog-entity',
                params: { key: 'name', value: 'fraud-ml' },
              },
            ],
          },
        ],
      },
    });
  });

  it('treats a user in no platform group as a team member, whatever the case of the refs', async () => {
    const decision = await decide(mlopsFleetReadPermission, [
      'user:default/x',
      'group:default/ML-Platform-Friends',
    ]);
    expect(decision.result).toBe(AuthorizeResult.DENY);
    const member = await decide(mlopsFleetReadPermission, [
      'user:default/y',
      'Group:default/ML-Platform',
    ]);
    expect(member.result).toBe(AuthorizeResult.ALLOW);
  });
});
