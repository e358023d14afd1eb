import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  NamespaceBindings,
  normalizeOwnerRef,
  readTenancyConfig,
} from './namespaceBindings';

const bindings = new NamespaceBindings([
  { cluster: '*', namespace: 'fraud-ml', owners: ['group:default/fraud-ml'] },
  {
    cluster: 'prod-*',
    namespace: 'recsys-*',
    owners: ['group:default/recsys'],
  },
  {
    cluster: 'sandbox-east',
    namespace: 'shared',
    owners: ['fraud-ml', 'recsys'],
  },
]);

describe('NamespaceBindings', () => {
  it.each([
    ['group:default/fraud-ml', 'sandbox-west', 'fraud-ml', true],
    ['fraud-ml', 'any', 'fraud-ml', true],
    ['Group:default/Fraud-ML', 'any', 'fraud-ml', true],
    ['group:default/fraud-ml', 'any', 'recsys', false],
    ['group:default/recsys', 'prod-eu', 'recsys-ranker', true],
    ['group:default/recsys', 'staging', 'recsys-ranker', false],
    ['group:default/recsys', 'prod-eu', 'recsys', false],
    ['user:default/fraud-ml', 'any', 'fraud-ml', false],
    ['group:other/fraud-ml', 'any', 'fraud-ml', false],
    ['group:default/recsys', 'sandbox-east', 'shared', true],
    ['group:default/recsys', 'sandbox-west', 'shared', false],
  ])('%s on %s holds %s: %s', (owner, cluster, namespace, expected) => {
    expect(bindings.holds(owner, cluster, namespace)).toBe(expected);
  });

  it('names the owners of a namespace', () => {
    expect(bindings.ownersOf('sandbox-east', 'shared')).toEqual([
      'group:default/fraud-ml',
      'group:default/recsys',
    ]);
    expect(bindings.ownersOf('sandbox-east', 'kube-system')).toEqual([]);
  });

  it('lists only namespaces bound by name, for deriving one', () => {
    expect(bindings.namedNamespacesOf('recsys', 'prod-eu')).toEqual([]);
    expect(bindings.namedNamespacesOf('recsys', 'sandbox-east')).toEqual([
      'shared',
    ]);
    expect(bindings.namedNamespacesOf('fraud-ml', 'sandbox-east')).toEqual([
      'fraud-ml',
      'shared',
    ]);
  });

  it.each([
    ['recsys', 'prod-eu', true],
    ['recsys', 'staging', false],
    ['fraud-ml', 'staging', true],
    ['user:default/fraud-ml', 'sandbox-east', false],
  ])('%s holds a namespace on %s: %s', (owner, cluster, expected) => {
    expect(bindings.holdsAnyOn(owner, cluster)).toBe(expected);
  });

  it('treats dots in names literally', () => {
    const dotted = new NamespaceBindings([
      { cluster: 'a.b', namespace: 'x', owners: ['t'] },
    ]);
    expect(dotted.holds('t', 'a.b', 'x')).toBe(true);
    expect(dotted.holds('t', 'aXb', 'x')).toBe(false);
  });
});

describe('readTenancyConfig', () => {
  const read = (tenancy: JsonObject) =>
    readTenancyConfig(new ConfigReader({ mlops: { tenancy } }));

  it('reads bindings with defaults and normalised owners', () => {
    expect(
      read({
        namespaces: [{ namespace: 'fraud-ml', owners: ['Fraud-ML'] }],
        platformGroups: ['platform'],
      }),
    ).toEqual({
      namespaces: [
        {
          cluster: '*',
          namespace: 'fraud-ml',
          owners: ['group:default/fraud-ml'],
        },
      ],
      platformGroups: ['group:default/platform'],
    });
    expect(readTenancyConfig(new ConfigReader({}))).toEqual({
      namespaces: [],
      platformGroups: [],
    });
  });

  it.each([
    [
      { namespaces: [{ namespace: 'Bad_NS', owners: ['t'] }] },
      /namespace 'Bad_NS'/,
    ],
    [
      { namespaces: [{ namespace: 'ok', cluster: 'a b', owners: ['t'] }] },
      /cluster 'a b'/,
    ],
    [{ namespaces: [{ namespace: 'ok', owners: [] }] }, /at least one owner/],
    [
      { namespaces: [{ namespace: 'ok', owners: ['user:'] }] },
      /not an entity ref/,
    ],
  ])('refuses %j', (tenancy, message) => {
    expect(() => read(tenancy)).toThrow(message);
  });

  it('normalises refs', () => {
    expect(normalizeOwnerRef('user:Bob')).toBe('user:default/bob');
    expect(normalizeOwnerRef('bob')).toBe('group:default/bob');
  });
});
