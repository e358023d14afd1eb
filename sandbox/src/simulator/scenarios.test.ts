import type { ModelService } from './fleet';
import {
  HEALTHY_EFFECTS,
  isScenarioName,
  SCENARIO_NAMES,
  SCENARIOS,
  scenarioTargets,
  podEffects,
  serviceEffects,
} from './scenarios';

const svc = (name: string, accelerator: 'cpu' | 'gpu'): ModelService => ({
  name,
  namespace: 'ns',
  team: 'team',
  system: 'system',
  cluster: accelerator === 'gpu' ? 'sandbox-east' : 'sandbox-west',
  accelerator,
  framework: accelerator === 'gpu' ? 'pytorch' : 'onnxruntime',
  minReplicas: 2,
  maxReplicas: 8,
  baseRps: 50,
});

const classifier: ModelService = {
  ...svc('classifier', 'cpu'),
  rolloutStrategy: 'canary',
};

const fleet = [
  svc('fraud-scorer', 'cpu'),
  svc('embedder', 'gpu'),
  svc('retrieval', 'cpu'),
  svc('ranker', 'gpu'),
  classifier,
];
const byName = (name: string) => fleet.find(s => s.name === name)!;

describe('scenarioTargets', () => {
  it.each([
    ['healthy', []],
    ['error-spike', ['fraud-scorer']],
    ['latency-regression', ['embedder']],
    ['crashloop', ['retrieval']],
    ['scale-to-max', ['fraud-scorer']],
    ['gpu-job-failures', []],
    ['idle-gpus', ['embedder', 'ranker']],
    ['cluster-unreachable', []],
    ['prometheus-down', []],
    ['mig-jobs', []],
    ['canary-good', ['classifier']],
    ['canary-bad', ['classifier']],
  ] as const)('%s -> %p', (scenario, targets) => {
    expect(scenarioTargets(scenario, fleet)).toEqual(targets);
  });

  it('falls back to the only CPU service for crashloop', () => {
    expect(scenarioTargets('crashloop', [svc('only', 'cpu')])).toEqual([
      'only',
    ]);
  });
});

describe('serviceEffects', () => {
  it.each([
    [
      'healthy',
      'fraud-scorer',
      { errorRatio: 0.0003, rpsMultiplier: 1, crashLoop: false },
    ],
    ['error-spike', 'fraud-scorer', { errorRatio: 0.25 }],
    ['error-spike', 'retrieval', { errorRatio: 0.0003 }],
    ['latency-regression', 'embedder', { latencyMs: { p50: 350, p95: 900 } }],
    ['crashloop', 'retrieval', { crashLoop: true }],
    ['scale-to-max', 'fraud-scorer', { rpsMultiplier: 15 }],
    ['idle-gpus', 'ranker', { gpuUtilPercent: [0, 2], rpsMultiplier: 0.02 }],
    [
      'prometheus-down',
      'fraud-scorer',
      { errorRatio: 0.0003, rpsMultiplier: 1 },
    ],
  ] as const)('%s on %s -> %p', (scenario, service, expected) => {
    expect(
      serviceEffects(
        scenario,
        byName(service),
        scenarioTargets(scenario, fleet),
      ),
    ).toMatchObject(expected);
  });

  it('leaves services that are not targeted healthy', () => {
    expect(
      serviceEffects('crashloop', byName('fraud-scorer'), ['retrieval']),
    ).toBe(HEALTHY_EFFECTS);
  });

  it("keeps a Rollout service's pods free of errors, so scenarios decide its analyses", () => {
    expect(serviceEffects('healthy', classifier, [])).toMatchObject({
      errorRatio: 0,
    });
  });

  it("gives canary-bad's error ratio to the new version's pods only", () => {
    const wide = serviceEffects('canary-bad', classifier, ['classifier']);
    expect(podEffects('canary-bad', wide, '2', '2').errorRatio).toBe(0.06);
    expect(podEffects('canary-bad', wide, '1', '2')).toBe(wide);
    expect(podEffects('canary-good', wide, '2', '2')).toBe(wide);
    expect(podEffects('canary-bad', wide, undefined, '2')).toBe(wide);
  });
});

describe('the scenario table', () => {
  it('describes every scenario', () => {
    for (const name of SCENARIO_NAMES) {
      expect(SCENARIOS[name].summary).not.toHaveLength(0);
    }
  });

  it('only prometheus-down takes the metrics API away', () => {
    expect(
      SCENARIO_NAMES.filter(n => SCENARIOS[n].metricsApiAvailable === false),
    ).toEqual(['prometheus-down']);
  });

  it('only mig-jobs runs training on MIG slices', () => {
    expect(SCENARIO_NAMES.filter(n => SCENARIOS[n].migTrainingRuns)).toEqual([
      'mig-jobs',
    ]);
  });

  it.each([
    ['healthy', true],
    ['idle-gpus', true],
    ['mig-jobs', true],
    ['Healthy', false],
    ['', false],
    [42, false],
  ])('isScenarioName(%p) is %p', (value, expected) => {
    expect(isScenarioName(value)).toBe(expected);
  });
});
