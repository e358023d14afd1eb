import { CANARY_HASH, fixtures, STABLE_HASH } from './__fixtures__';
import {
  calls,
  getDelivery,
  standIn,
  startPlugin,
  useDeliveryUpstream,
} from './__testUtils__/deliveryUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

const get = getDelivery;

/* An entity's Rollouts, their revisions side by side and the model versions they serve. */
describe('GET /api/mlops/.../delivery', () => {
  useDeliveryUpstream();

  it('answers a canary in progress from four lists, one query and the registry, then from the cache', async () => {
    const server = await startPlugin();
    const body = await get(server, 'fraud-scorer');
    expect(body).toMatchObject({
      state: 'ok',
      entityRef: 'component:default/fraud-scorer',
      deployments: [],
      cached: false,
    });
    const [rollout] = body.rollouts;
    expect(rollout).toMatchObject({
      cluster: 'test-east',
      name: 'fraud-scorer',
      strategy: 'canary',
      currentStepIndex: 1,
      canaryWeight: 10,
      problems: [],
    });
    expect(rollout.revisions.map(r => [r.role, r.modelVersion, r.slo])).toEqual(
      [
        [
          'canary',
          '8',
          {
            requestsPerSecond: 3.2,
            errorRatio: 0.061,
            latencyP95Seconds: 0.412,
            window: '5m',
          },
        ],
        [
          'stable',
          '7',
          {
            requestsPerSecond: 48,
            errorRatio: 0.0004,
            latencyP95Seconds: 0.098,
            window: '5m',
          },
        ],
        // Scaled down: not asked for.
        ['old', '6', null],
      ],
    );
    expect(rollout.summary).toEqual([
      'at step 2 of 5 (analysis fraud-scorer-slo): revision 4 (model version 8) on 10 % of pods',
      'analysis running at step 2: error-ratio 0.02 % (limit 0.1 %), latency-p95 98 ms (limit 300 ms); 2 of 5 measurements taken',
      'over the last 5m: new 5xx 6.1 %, p95 412 ms, 3.2 req/s; stable 5xx 0.04 %, p95 98 ms, 48 req/s',
    ]);
    expect(rollout.analysisRuns.map(r => r.name)).toEqual([
      'fraud-scorer-6d8f7b9c57-4-1',
    ]);

    const registry = body.modelRegistry!;
    expect(registry).toMatchObject({
      registry: 'mlflow',
      model: 'fraud-scorer',
      url: 'https://mlflow.example.com/#/models/fraud-scorer',
      registeredModel: {
        name: 'fraud-scorer',
        aliases: { champion: '7', challenger: '8' },
      },
    });
    expect(registry.error).toBeUndefined();
    expect(
      registry.served.map(s => [
        s.version,
        s.roles,
        s.url,
        s.details?.aliases,
        s.details?.run?.metrics.auc,
      ]),
    ).toEqual([
      [
        '7',
        ['stable'],
        'https://mlflow.example.com/#/models/fraud-scorer/versions/7',
        ['champion'],
        0.93,
      ],
      [
        '8',
        ['canary'],
        'https://mlflow.example.com/#/models/fraud-scorer/versions/8',
        ['challenger'],
        0.93,
      ],
    ]);

    expect(body.sources.map(s => [s.kind, s.name, s.ok, s.requests])).toEqual([
      ['prometheus', 'main', true, 1],
      ['kubernetes', 'test-east', true, 4],
      // The model, its versions, and the runs of its three versions.
      ['mlflow', 'mlflow', true, 5],
    ]);
    const query = calls.find(c => c.startsWith('prometheus '))!;
    expect(query).toContain(
      `rollouts_pod_template_hash=~"${CANARY_HASH}|${STABLE_HASH}"`,
    );
    expect(query).toContain('cluster=~"test-east"');
    expect(
      calls.filter(c =>
        c.includes('labelSelector=backstage.io%2Fkubernetes-id%3Dfraud-scorer'),
      ),
    ).toHaveLength(3);
    // AnalysisRuns carry no service labels: the namespace's, kept by owner.
    expect(calls).toContain(
      '/apis/argoproj.io/v1alpha1/namespaces/fraud-ml/analysisruns?limit=500',
    );

    const again = await get(server, 'fraud-scorer');
    expect(again.cached).toBe(true);
    expect(again.sources.map(s => s.requests)).toEqual([0, 0, 0]);
    expect(again.rollouts).toEqual(body.rollouts);
    expect(calls).toHaveLength(10);
  });

  it('keeps the registry answer for other answers of the same model', async () => {
    const server = await startPlugin();
    await get(server, 'fraud-scorer');
    const other = await get(server, 'scorer-eu');
    expect(other.modelRegistry?.registeredModel?.name).toBe('fraud-scorer');
    expect(other.sources.find(s => s.kind === 'mlflow')).toMatchObject({
      ok: true,
      requests: 0,
    });
    expect(calls.filter(c => c.startsWith('mlflow '))).toHaveLength(5);
  });

  it('detects the metric profile first when none is annotated: one more query', async () => {
    const server = await startPlugin();
    const body = await get(server, 'unprofiled');
    expect(body.sources[0]).toMatchObject({ kind: 'prometheus', requests: 2 });
    expect(body.rollouts[0].revisions[0].slo?.errorRatio).toBe(0.061);
  });

  it('explains an aborted canary by its failed analysis', async () => {
    standIn.objects = fixtures.canaryAborted();
    const server = await startPlugin();
    const body = await get(server, 'fraud-scorer');
    expect(body.rollouts[0].summary[0]).toBe(
      'aborted at step 4: error-ratio 6.1 % > 0.1 % in 2 of 3 measurements',
    );
    // The aborted canary's series over the window too: they tell why.
    const query = calls.find(c => c.startsWith('prometheus '))!;
    expect(query).toContain(
      `rollouts_pod_template_hash=~"${CANARY_HASH}|${STABLE_HASH}"`,
    );
    expect(body.modelRegistry?.served.map(s => [s.version, s.roles])).toEqual([
      ['7', ['stable']],
    ]);
  });

  it('answers a Deployment-only service without Argo Rollouts: no AnalysisRuns, no query', async () => {
    standIn.objects = fixtures.deploymentOnly();
    standIn.argoServed = false;
    const server = await startPlugin();
    const body = await get(server, 'fraud-scorer');
    expect(body.rollouts).toEqual([]);
    expect(body.deployments).toHaveLength(1);
    expect(
      body.deployments[0].revisions.map(r => [
        r.revision,
        r.role,
        r.modelVersion,
      ]),
    ).toEqual([
      ['3', 'stable', '7'],
      ['2', 'old', '6'],
    ]);
    expect(body.sources.map(s => [s.kind, s.ok, s.requests])).toEqual([
      ['kubernetes', true, 3],
      ['mlflow', true, 5],
    ]);
    expect(calls.some(c => c.includes('analysisruns'))).toBe(false);
    expect(calls.some(c => c.startsWith('prometheus '))).toBe(false);
    expect(body.modelRegistry?.served.map(s => [s.version, s.roles])).toEqual([
      ['7', ['stable']],
    ]);
  });

  it('answers null for the model registry when none is configured', async () => {
    const server = await startPlugin({ mlflow: false });
    const body = await get(server, 'fraud-scorer');
    expect(body.modelRegistry).toBeNull();
    expect(body.sources.map(s => s.kind)).toEqual(['prometheus', 'kubernetes']);
    expect(calls.some(c => c.startsWith('mlflow '))).toBe(false);
  });

  it('gives the typed "not configured" answer for an entity without annotations, asking nothing', async () => {
    const server = await startPlugin();
    const body = (await get(server, 'bare')) as unknown as {
      state: string;
      reason: string;
    };
    expect(body).toMatchObject({
      state: 'not-configured',
      reason: 'missing-annotation',
    });
    expect(calls).toEqual([]);
  });
});
