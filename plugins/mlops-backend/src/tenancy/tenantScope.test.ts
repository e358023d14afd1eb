import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { LocatedClusters } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { NamespaceBindings } from './namespaceBindings';
import { decideTenantScope, skippedClusterReports } from './tenantScope';

const bindings = new NamespaceBindings([
  { cluster: '*', namespace: 'fraud-ml', owners: ['group:default/fraud-ml'] },
  {
    cluster: 'east',
    namespace: 'gpu-train',
    owners: ['group:default/fraud-ml'],
  },
  { cluster: '*', namespace: 'recsys', owners: ['group:default/recsys'] },
  { cluster: '*', namespace: 'recsys-*', owners: ['group:default/recsys'] },
  { cluster: 'west', namespace: 'nlp-llm', owners: ['group:default/nlp-llm'] },
  { cluster: '*', namespace: 'shared', owners: ['user:default/ana'] },
]);
const on = (...names: string[]): LocatedClusters => ({
  ok: true,
  clusters: names.map(name => ({ name } as ClusterDetails)),
});

describe('decideTenantScope', () => {
  it.each([
    // owner, namespace annotation, located, read namespace, read clusters, skipped
    [
      'fraud-ml',
      'fraud-ml',
      on('east', 'west'),
      'fraud-ml',
      ['east', 'west'],
      [],
    ],
    [
      'group:default/fraud-ml',
      'gpu-train',
      on('east', 'west'),
      'gpu-train',
      ['east'],
      ['west'],
    ],
    [
      'Group:default/Fraud-ML',
      'fraud-ml',
      on('east'),
      'fraud-ml',
      ['east'],
      [],
    ],
    ['recsys', 'recsys-batch', on('east'), 'recsys-batch', ['east'], []],
    ['nlp-llm', 'nlp-llm', on('east', 'west'), 'nlp-llm', ['west'], ['east']],
    ['user:ana', 'shared', on('east'), 'shared', ['east'], []],
    // No annotation: the one namespace held by name on the located clusters.
    ['nlp-llm', undefined, on('east', 'west'), 'nlp-llm', ['west'], ['east']],
    ['fraud-ml', undefined, on('west'), 'fraud-ml', ['west'], []],
  ])(
    '%s naming %p on %j reads %s on %j',
    (owner, namespace, located, read, clusters, skipped) => {
      const decision = decideTenantScope({
        entityRef: 'component:default/svc',
        owner,
        namespace,
        located,
        bindings,
      });
      expect(decision).toEqual({
        ok: true,
        scope: {
          namespace: read,
          derived: namespace === undefined,
          clusters: clusters.map(name => ({ name })),
          skipped,
        },
      });
    },
  );

  it.each([
    // owner, namespace annotation, located, reason, message
    [
      'recsys',
      'fraud-ml',
      on('east'),
      'namespace-not-bound',
      'namespace fraud-ml on cluster east is not bound to group:default/recsys; ask the platform team to add it under mlops.tenancy.namespaces',
    ],
    [
      'fraud-ml',
      'gpu-train',
      on('west'),
      'namespace-not-bound',
      'namespace gpu-train on cluster west is not bound to group:default/fraud-ml',
    ],
    [
      'user:bob',
      'shared',
      on('east'),
      'namespace-not-bound',
      'user:default/bob',
    ],
    [undefined, 'fraud-ml', on('east'), 'namespace-not-bound', 'has no owner'],
    [42, 'fraud-ml', on('east'), 'namespace-not-bound', 'has no owner'],
    ['', 'fraud-ml', on('east'), 'namespace-not-bound', 'has no owner'],
    ['fraud-ml', 'fraud-ml', on(), 'namespace-not-bound', 'no located cluster'],
    [
      'fraud-ml',
      'fraud-ml',
      { ok: false, message: 'kubernetes plugin down' } as LocatedClusters,
      'namespace-not-bound',
      'kubernetes plugin down',
    ],
    // Held by name: fraud-ml and gpu-train on east; by glob only: recsys-*.
    [
      'fraud-ml',
      undefined,
      on('east'),
      'namespace-required',
      'holds several (fraud-ml, gpu-train)',
    ],
    [
      'payments',
      undefined,
      on('east'),
      'namespace-required',
      'holds none by name',
    ],
    ['user:ana', undefined, on(), 'namespace-required', 'holds none by name'],
  ])('%p naming %p on %j: %s', (owner, namespace, located, reason, message) => {
    const decision = decideTenantScope({
      entityRef: 'component:default/svc',
      owner,
      namespace,
      located,
      bindings,
    });
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.answer).toMatchObject({
      state: 'not-configured',
      entityRef: 'component:default/svc',
      reason,
      message: expect.stringContaining(message),
      problems: [
        {
          annotation: 'backstage.io/kubernetes-namespace',
          ...(namespace === undefined ? {} : { value: namespace }),
        },
      ],
    });
  });

  it('names each skipped cluster in a report of no requests', () => {
    expect(
      skippedClusterReports({
        namespace: 'nlp-llm',
        derived: false,
        clusters: [],
        skipped: ['east'],
      }),
    ).toEqual([
      {
        kind: 'kubernetes',
        name: 'east',
        ok: false,
        error: {
          kind: 'not-configured',
          message: expect.stringContaining(
            'namespace nlp-llm on cluster east is not bound',
          ),
        },
        requests: 0,
        durationMs: 0,
      },
    ]);
  });
});
