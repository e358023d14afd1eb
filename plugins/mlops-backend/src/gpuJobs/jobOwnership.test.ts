import { NamespaceBindings } from '../tenancy/namespaceBindings';
import {
  JobAttribution,
  JobClaim,
  attributeJob,
  entityRefOf,
  ownerRefOf,
} from './jobOwnership';

const bindings = new NamespaceBindings([
  { cluster: 'east', namespace: 'fraud', owners: ['group:default/fraud-ml'] },
  {
    cluster: '*',
    namespace: 'shared-*',
    owners: ['group:default/fraud-ml', 'group:default/nlp'],
  },
  { cluster: 'east', namespace: 'bob-sandbox', owners: ['user:default/bob'] },
]);
const holds = bindings.holds.bind(bindings);

const trainer: JobClaim = {
  entityRef: 'component:default/fraud-trainer',
  owner: 'group:default/fraud-ml',
};
const copycat: JobClaim = {
  entityRef: 'component:default/copycat',
  owner: 'group:default/nlp',
};
const alsoFraud: JobClaim = {
  entityRef: 'component:default/a-fraud-tool',
  owner: 'group:default/fraud-ml',
};

describe('attributeJob', () => {
  it.each<[string, string, JobClaim[], string | null, JobAttribution]>([
    [
      'the only claimant whose owner holds the namespace',
      'fraud',
      [trainer],
      null,
      {
        outcome: 'attributed',
        entityRef: trainer.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [],
      },
    ],
    [
      'nobody, when the owner does not hold the namespace (no namespace as team)',
      'fraud',
      [copycat],
      null,
      { outcome: 'unattributed', previous: null },
    ],
    [
      'nobody, for a claimant without owner',
      'fraud',
      [{ entityRef: 'component:default/orphan', owner: null }],
      null,
      { outcome: 'unattributed', previous: null },
    ],
    [
      'the eligible one over a copycat of another team',
      'fraud',
      [copycat, trainer],
      null,
      {
        outcome: 'attributed',
        entityRef: trainer.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [],
      },
    ],
    [
      'not an entity whose namespace annotation names another namespace',
      'fraud',
      [{ ...alsoFraud, namespace: 'other' }, trainer],
      null,
      {
        outcome: 'attributed',
        entityRef: trainer.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [],
      },
    ],
    [
      'the sorted first of several eligible, as a conflict',
      'shared-gpu',
      [trainer, copycat],
      null,
      {
        outcome: 'attributed',
        entityRef: copycat.entityRef,
        team: 'group:default/nlp',
        claimants: [copycat.entityRef, trainer.entityRef],
      },
    ],
    [
      'the stored owner while it stays eligible, conflict or not',
      'shared-gpu',
      [copycat, trainer],
      trainer.entityRef,
      {
        outcome: 'kept',
        entityRef: trainer.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [copycat.entityRef, trainer.entityRef],
      },
    ],
    [
      'the stored owner, with its current owner as team',
      'fraud',
      [trainer],
      'Component:default/Fraud-Trainer',
      {
        outcome: 'kept',
        entityRef: trainer.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [],
      },
    ],
    [
      'another eligible one when the stored owner left the catalog',
      'fraud',
      [alsoFraud],
      trainer.entityRef,
      {
        outcome: 'reattributed',
        entityRef: alsoFraud.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [],
        previous: trainer.entityRef,
      },
    ],
    [
      'another eligible one when the stored owner no longer holds the namespace',
      'fraud',
      [{ ...trainer, owner: 'group:default/nlp' }, alsoFraud],
      trainer.entityRef,
      {
        outcome: 'reattributed',
        entityRef: alsoFraud.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [],
        previous: trainer.entityRef,
      },
    ],
    [
      'nobody new when none is eligible; the stored owner is reported',
      'fraud',
      [copycat],
      trainer.entityRef,
      { outcome: 'unattributed', previous: trainer.entityRef },
    ],
    [
      'a user owner as a user',
      'bob-sandbox',
      [
        {
          entityRef: 'component:default/bobs-notebook',
          owner: 'user:default/bob',
        },
      ],
      null,
      {
        outcome: 'attributed',
        entityRef: 'component:default/bobs-notebook',
        team: 'user:default/bob',
        claimants: [],
      },
    ],
    [
      'one claim once, when the catalog lists an entity twice',
      'fraud',
      [trainer, trainer],
      null,
      {
        outcome: 'attributed',
        entityRef: trainer.entityRef,
        team: 'group:default/fraud-ml',
        claimants: [],
      },
    ],
  ])('gives %s', (_, namespace, claims, storedEntityRef, expected) => {
    const job = { cluster: 'east', namespace };
    expect(attributeJob({ job, claims, storedEntityRef, holds })).toEqual(
      expected,
    );
    // The catalog's order never matters.
    expect(
      attributeJob({
        job,
        claims: [...claims].reverse(),
        storedEntityRef,
        holds,
      }),
    ).toEqual(expected);
  });

  it('holds only on the bound cluster', () => {
    expect(
      attributeJob({
        job: { cluster: 'west', namespace: 'fraud' },
        claims: [trainer],
        storedEntityRef: null,
        holds,
      }),
    ).toEqual({ outcome: 'unattributed', previous: null });
  });
});

describe('ownerRefOf', () => {
  it.each([
    ['fraud-ml', 'default', 'group:default/fraud-ml'],
    ['user:bob', 'default', 'user:default/bob'],
    ['Group:default/Fraud-ML', 'default', 'group:default/fraud-ml'],
    ['nlp', 'research', 'group:research/nlp'],
    ['group:default/nlp', 'research', 'group:default/nlp'],
    [undefined, 'default', null],
    [42, 'default', null],
    ['  ', 'default', null],
    ['group:', 'default', null],
  ])('reads owner %p in namespace %s as %p', (owner, namespace, expected) => {
    expect(ownerRefOf({ metadata: { namespace }, spec: { owner } })).toBe(
      expected,
    );
  });
});

describe('entityRefOf', () => {
  it('is the lower-case full ref', () => {
    expect(entityRefOf({ kind: 'Group', metadata: { name: 'Fraud-ML' } })).toBe(
      'group:default/fraud-ml',
    );
  });
});
