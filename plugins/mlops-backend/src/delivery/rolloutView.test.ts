import { RevisionSlo } from '@internal/plugin-mlops-common';
import {
  CANARY_HASH,
  fixtures,
  NamespaceObjects,
  STABLE_HASH,
} from './__fixtures__';
import { rolloutView, SloOf } from './rolloutView';

const viewOf = (objects: NamespaceObjects, sloOf: SloOf = () => null) =>
  rolloutView({
    cluster: 'east',
    rollout: objects.rollouts[0],
    replicaSets: objects.replicaSets,
    analysisRuns: objects.analysisRuns,
    sloOf,
  });

const RETRY =
  'runs all pods again; fix and deploy a new version, or retry with kubectl argo rollouts retry rollout fraud-scorer';

describe('a canary in progress at step 2', () => {
  const view = viewOf(fixtures.canaryInProgress());

  it('shows its steps, the share of new pods and where its template comes from', () => {
    expect(view).toMatchObject({
      cluster: 'east',
      namespace: 'fraud-ml',
      name: 'fraud-scorer',
      strategy: 'canary',
      phase: 'Progressing',
      aborted: false,
      paused: false,
      currentStepIndex: 1,
      canaryWeight: 10,
      desiredReplicas: 4,
      readyReplicas: 5,
      updatedReplicas: 1,
      stableHash: STABLE_HASH,
      currentHash: CANARY_HASH,
      workloadRef: 'Deployment/fraud-scorer',
    });
    expect(view.steps.map(s => [s.kind, s.text, s.state])).toEqual([
      ['setWeight', '10 % of pods', 'done'],
      ['analysis', 'analysis fraud-scorer-slo', 'current'],
      ['setWeight', '50 % of pods', 'pending'],
      ['analysis', 'analysis fraud-scorer-slo', 'pending'],
      ['pause', 'pause until promoted', 'pending'],
    ]);
  });

  it('lists its revisions newest first, with their roles, images and model versions', () => {
    expect(
      view.revisions.map(r => [
        r.revision,
        r.role,
        r.podTemplateHash,
        r.modelVersion,
        r.images[0].version,
        r.desiredReplicas,
        r.readyReplicas,
      ]),
    ).toEqual([
      ['4', 'canary', CANARY_HASH, '8', '1.5.0', 1, 1],
      ['3', 'stable', STABLE_HASH, '7', '1.4.2', 4, 4],
      ['2', 'old', '58b7c6d9f2', '6', '1.4.1', 0, 0],
    ]);
    expect(view.revisions[0].createdAt).toBe('2026-12-03T10:02:11.000Z');
  });

  it('reads the running AnalysisRun: its step, queries, thresholds and measurements', () => {
    const [run] = view.analysisRuns;
    expect(run).toMatchObject({
      name: 'fraud-scorer-6d8f7b9c57-4-1',
      phase: 'Running',
      type: 'Step',
      stepIndex: 1,
      podTemplateHash: CANARY_HASH,
      revision: '4',
      startedAt: '2026-12-03T10:03:00.000Z',
    });
    expect(
      run.metrics.map(m => [
        m.name,
        m.provider,
        m.threshold,
        m.interval,
        m.count,
        m.failureLimit,
        m.successful,
      ]),
    ).toEqual([
      ['error-ratio', 'prometheus', 0.001, '1m', 5, 1, 2],
      ['latency-p95', 'prometheus', 0.3, '1m', 5, 1, 2],
    ]);
    expect(run.metrics[0].query).toContain(
      'rollouts_pod_template_hash="{{args.new-pods-hash}}"',
    );
    expect(run.metrics[0].measurements[1]).toEqual({
      phase: 'Successful',
      value: '[0.0002]',
      number: 0.0002,
      message: null,
      startedAt: '2026-12-03T10:04:00.000Z',
      finishedAt: '2026-12-03T10:04:00.000Z',
    });
  });

  it('says where it stands and what the analysis measured so far', () => {
    expect(view.summary).toEqual([
      'at step 2 of 5 (analysis fraud-scorer-slo): revision 4 (model version 8) on 10 % of pods',
      'analysis running at step 2: error-ratio 0.02 % (limit 0.1 %), latency-p95 98 ms (limit 300 ms); 2 of 5 measurements taken',
    ]);
    expect(view.problems).toEqual([]);
  });

  it('puts the new and the stable pods side by side when Prometheus has their figures', () => {
    const slo = (
      errorRatio: number,
      p95: number,
      rps: number,
    ): RevisionSlo => ({
      requestsPerSecond: rps,
      errorRatio,
      latencyP95Seconds: p95,
      window: '5m',
    });
    const figures: Record<string, RevisionSlo> = {
      [CANARY_HASH]: slo(0.061, 0.412, 3.2),
      [STABLE_HASH]: slo(0.0004, 0.098, 48),
    };
    const withSlo = viewOf(fixtures.canaryInProgress(), (cluster, hash) =>
      cluster === 'east' ? figures[hash] ?? null : null,
    );
    expect(withSlo.revisions.map(r => r.slo?.errorRatio ?? null)).toEqual([
      0.061,
      0.0004,
      null,
    ]);
    expect(withSlo.summary.at(-1)).toBe(
      'over the last 5m: new 5xx 6.1 %, p95 412 ms, 3.2 req/s; stable 5xx 0.04 %, p95 98 ms, 48 req/s',
    );
  });

  it('leaves out the ReplicaSets and AnalysisRuns of other owners', () => {
    const objects = fixtures.canaryInProgress();
    const other = JSON.parse(JSON.stringify(objects.analysisRuns[0]));
    other.metadata.name = 'someone-else-1';
    other.metadata.ownerReferences[0] = {
      ...other.metadata.ownerReferences[0],
      name: 'someone-else',
      uid: 'other-uid',
    };
    objects.analysisRuns.push(other);
    objects.replicaSets[2].metadata!.ownerReferences![0].uid = 'older-rollout';
    const view2 = viewOf(objects);
    expect(view2.analysisRuns.map(r => r.name)).toEqual([
      'fraud-scorer-6d8f7b9c57-4-1',
    ]);
    expect(view2.revisions.map(r => r.revision)).toEqual(['4', '3']);
  });
});

describe('an aborted canary', () => {
  const view = viewOf(fixtures.canaryAborted());

  it('explains the abort first, in the analysis figures, and what to do', () => {
    expect(view.summary).toEqual([
      'aborted at step 4: error-ratio 6.1 % > 0.1 % in 2 of 3 measurements',
      `the stable revision 3 (model version 7) ${RETRY}`,
    ]);
  });

  it('shows the steps up to the one it was aborted at, though the controller set the index back to 0', () => {
    expect(view).toMatchObject({
      aborted: true,
      abortedAt: '2026-12-03T10:09:31.000Z',
      phase: 'Degraded',
      currentStepIndex: 0,
      canaryWeight: 0,
    });
    expect(view.steps.map(s => s.state)).toEqual([
      'done',
      'done',
      'done',
      'current',
      'pending',
    ]);
    expect(view.analysisRuns.map(r => [r.name, r.phase])).toEqual([
      ['fraud-scorer-6d8f7b9c57-4-3', 'Failed'],
      ['fraud-scorer-6d8f7b9c57-4-1', 'Successful'],
    ]);
    expect(view.analysisRuns[0].message).toBe(
      'Metric "error-ratio" assessed Failed due to failed (2) > failureLimit (1)',
    );
  });

  it.each<
    [
      string,
      {
        values: string[];
        metric?: string;
        failureLimit?: number;
        conditions?: string;
      },
      string,
    ]
  >([
    [
      'three failures over a failureLimit of 2',
      { failureLimit: 2, values: ['[0.061]', '[0.061]', '[0.061]'] },
      'aborted at step 4: error-ratio 6.1 % > 0.1 % in 3 of 3 measurements',
    ],
    [
      'a latency over its objective',
      { metric: 'latency-p95', values: ['[0.412]', '[0.430]'] },
      'aborted at step 4: latency-p95 430 ms > 300 ms in 2 of 2 measurements',
    ],
    [
      'a metric without conditions it can read',
      { values: ['[0.061]', '[0.07]'], conditions: 'asFloat(result) > 0.05' },
      'aborted at step 4: error-ratio 7 % failed in 2 of 2 measurements',
    ],
  ])('words %s', (_, change, line) => {
    const objects = fixtures.canaryAborted();
    const run = objects.analysisRuns[1];
    const name = change.metric ?? 'error-ratio';
    const metric = run.spec!.metrics!.find(m => m.name === name)!;
    if (change.failureLimit) metric.failureLimit = change.failureLimit;
    if (change.conditions) {
      metric.successCondition = undefined;
      metric.failureCondition = change.conditions;
    }
    const results = run.status!.metricResults!;
    for (const r of results) r.phase = 'Successful';
    const result = results.find(r => r.name === name)!;
    Object.assign(result, {
      phase: 'Failed',
      count: change.values.length,
      successful: 0,
      failed: change.values.length,
      measurements: change.values.map(value => ({
        phase: 'Failed',
        value,
        startedAt: '2026-12-03T10:08:30Z',
        finishedAt: '2026-12-03T10:08:30Z',
      })),
    });
    expect(viewOf(objects).summary[0]).toBe(line);
  });
});

describe('an AnalysisRun whose Prometheus could not be reached', () => {
  const view = viewOf(fixtures.analysisProviderError());

  it('says the analysis could not measure, with the provider error and how often', () => {
    expect(view.summary).toEqual([
      'aborted at step 2: analysis could not measure error-ratio: Post "http://prometheus-operated.monitoring.svc:9090/api/v1/query": dial tcp 10.96.112.4:9090: connect: connection refused (5 errors)',
      `the stable revision 3 (model version 7) ${RETRY}`,
    ]);
    const [errorRatio] = view.analysisRuns[0].metrics;
    expect(errorRatio).toMatchObject({
      phase: 'Error',
      error: 5,
      successful: 0,
    });
    expect(errorRatio.measurements[4]).toMatchObject({
      phase: 'Error',
      value: null,
      number: null,
      message: expect.stringContaining('connection refused'),
    });
  });

  it('names errors of a run still running, beside its figures', () => {
    const objects = fixtures.canaryInProgress();
    const result = objects.analysisRuns[0].status!.metricResults![0];
    result.error = 2;
    result.measurements!.push({
      phase: 'Error',
      message:
        'Post "http://prometheus:9090/api/v1/query": context deadline exceeded',
      startedAt: '2026-12-03T10:05:00Z',
      finishedAt: '2026-12-03T10:05:10Z',
    });
    expect(viewOf(objects).summary.at(-1)).toBe(
      'analysis could not measure error-ratio: Post "http://prometheus:9090/api/v1/query": context deadline exceeded (2 errors)',
    );
  });
});

describe('a canary at its last pause', () => {
  it('says it waits to be promoted, and how', () => {
    const objects = fixtures.canaryInProgress();
    const status = objects.rollouts[0].status!;
    Object.assign(status, {
      currentStepIndex: 4,
      phase: 'Paused',
      message: 'CanaryPauseStep',
      pauseConditions: [
        { reason: 'CanaryPauseStep', startTime: '2026-12-03T10:12:00Z' },
      ],
    });
    objects.analysisRuns[0].status!.phase = 'Successful';
    const view = viewOf(objects);
    expect(view.canaryWeight).toBe(50);
    expect(view.summary).toEqual([
      'paused at step 5 of 5 (pause until promoted): revision 4 (model version 8) on 50 % of pods; promote with kubectl argo rollouts promote fraud-scorer',
    ]);
  });
});

describe('an inconclusive analysis', () => {
  it('says the rollout waits for a person, and why', () => {
    const objects = fixtures.canaryInProgress();
    const rollout = objects.rollouts[0];
    rollout.status!.pauseConditions = [
      { reason: 'InconclusiveAnalysisRun', startTime: '2026-12-03T10:06:00Z' },
    ];
    rollout.status!.phase = 'Paused';
    rollout.status!.message = 'InconclusiveAnalysisRun';
    const run = objects.analysisRuns[0];
    run.status!.phase = 'Inconclusive';
    Object.assign(run.status!.metricResults![0], {
      phase: 'Inconclusive',
      inconclusive: 2,
      count: 3,
      measurements: [
        ...run.status!.metricResults![0].measurements!.slice(0, 1),
        {
          phase: 'Inconclusive',
          value: '[]',
          startedAt: '2026-12-03T10:04:00Z',
        },
        {
          phase: 'Inconclusive',
          value: '[]',
          startedAt: '2026-12-03T10:05:00Z',
        },
      ],
      successful: 1,
    });
    const view = viewOf(objects);
    expect(view.paused).toBe(true);
    expect(view.summary[0]).toBe(
      'paused at step 2: analysis inconclusive: error-ratio was inconclusive in 2 of 3 measurements (the query gave no number to judge); promote or abort by hand',
    );
  });
});

describe('a canary without analysis', () => {
  const view = viewOf(fixtures.canaryWithoutAnalysis());

  it('is named a problem, and its promoted revision stable', () => {
    expect(view.problems).toEqual([
      'no analysis: canary steps go on without checking the new version',
    ]);
    expect(view.summary).toEqual([
      'revision 4 (model version 8) is stable: 4 of 4 pods ready',
    ]);
    expect(view).toMatchObject({
      canaryWeight: 100,
      workloadRef: null,
      currentStepIndex: 4,
    });
    expect(view.steps.map(s => [s.text, s.state])).toEqual([
      ['20 % of pods', 'done'],
      ['pause 30s', 'done'],
      ['60 % of pods', 'done'],
      ['pause until promoted', 'done'],
    ]);
  });

  it('is not a problem when a background analysis checks the steps', () => {
    const objects = fixtures.canaryWithoutAnalysis();
    objects.rollouts[0].spec!.strategy!.canary!.analysis = {
      templates: [{ templateName: 'fraud-scorer-slo' }],
    };
    expect(viewOf(objects).problems).toEqual([]);
  });
});

describe('a blue-green Rollout', () => {
  const view = viewOf(fixtures.blueGreen());

  it('shows the preview waiting to be promoted, without steps', () => {
    expect(view).toMatchObject({
      strategy: 'blueGreen',
      phase: 'Paused',
      paused: true,
      currentStepIndex: null,
      steps: [],
      canaryWeight: 0,
    });
    expect(view.revisions.map(r => [r.revision, r.role])).toEqual([
      ['4', 'canary'],
      ['3', 'stable'],
    ]);
    expect(view.summary).toEqual([
      'revision 4 (model version 8) is the preview, waiting to be promoted; promote with kubectl argo rollouts promote fraud-scorer',
    ]);
    expect(view.problems).toEqual([]);
  });

  it('counts the new pods at 100 % once the active Service points at them', () => {
    const objects = fixtures.blueGreen();
    objects.rollouts[0].status!.blueGreen!.activeSelector = CANARY_HASH;
    expect(viewOf(objects).canaryWeight).toBe(100);
  });

  it('is named a problem without pre- or post-promotion analysis', () => {
    const objects = fixtures.blueGreen();
    delete objects.rollouts[0].spec!.strategy!.blueGreen!.postPromotionAnalysis;
    expect(viewOf(objects).problems).toEqual([
      'no analysis: blue-green promotes the preview without checking the new version',
    ]);
  });
});

describe('a Rollout the controller has not seen yet', () => {
  it('has no phase, weight or revisions, and says why', () => {
    const objects = fixtures.canaryInProgress();
    delete objects.rollouts[0].status;
    const view = viewOf({ ...objects, replicaSets: [], analysisRuns: [] });
    expect(view).toMatchObject({
      phase: null,
      canaryWeight: null,
      currentStepIndex: null,
      stableHash: null,
      revisions: [],
    });
    expect(view.summary).toEqual([
      'no status yet: is the Argo Rollouts controller running in this cluster?',
    ]);
  });
});
