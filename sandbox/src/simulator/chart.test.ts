import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  LLM_LATENCY_P95_MS,
  ModelServiceChart,
  renderTemplateFile,
  sandboxOverrides,
  TEMPLATE_DIR,
  templateDefaults,
  templateValues,
} from './chart';
import { ModelService, parseModelServices } from './fleet';

const repoRoot = join(__dirname, '..', '..', '..');
const read = (...path: string[]) =>
  readFileSync(join(repoRoot, TEMPLATE_DIR, ...path), 'utf8');

const gpuService: ModelService = {
  name: 'reco-ranker',
  namespace: 'recsys',
  team: 'recsys',
  system: 'recommendations',
  cluster: 'sandbox-east',
  accelerator: 'gpu',
  framework: 'triton',
  minReplicas: 2,
  maxReplicas: 8,
  baseRps: 60,
};

// As the sandbox reads it from the example catalog, objectives included.
const supportLlm: ModelService = parseModelServices(
  readFileSync(
    join(repoRoot, 'examples', 'ml-org', 'model-services.yaml'),
    'utf8',
  ),
).find(s => s.name === 'support-llm')!;

/** The annotations of a component of the example catalog. */
function catalogAnnotations(name: string): Record<string, string> {
  const text = readFileSync(
    join(repoRoot, 'examples', 'ml-org', 'model-services.yaml'),
    'utf8',
  );
  const entity = parseAllDocuments(text)
    .map(doc => doc.toJS())
    .find(e => e?.kind === 'Component' && e.metadata?.name === name);
  return entity.metadata.annotations;
}

describe('the model-service chart as the sandbox renders it', () => {
  const defaults = templateDefaults(read('template.yaml'));

  it('takes the defaults of the template parameters', () => {
    expect(defaults).toMatchObject({
      compute: 'cpu',
      latencyP95Ms: expect.any(Number),
      availabilityObjective: expect.any(String),
      rolloutStrategy: 'rolling',
    });
  });

  it('renders values.yaml with the values fetch:template would get', () => {
    const values = parse(
      renderTemplateFile(
        read('skeleton', 'chart', 'values.yaml.njk'),
        templateValues(gpuService, defaults, 'http://localhost:3000'),
      ),
    );
    expect(values.autoscaling).toMatchObject({
      enabled: true,
      minReplicas: 2,
      maxReplicas: 8,
    });
    expect(values.gpu).toMatchObject({
      enabled: true,
      count: 1,
      product: 'NVIDIA-L4',
    });
    // triton is not a template framework: the nearest one is used.
    expect(values.model.backend).toBe('pytorch');
    expect(values.portal).toEqual({
      baseUrl: 'http://localhost:3000',
      componentName: 'reco-ranker',
    });
    expect(values.slo.latencyP95Ms).toBe(defaults.latencyP95Ms);
  });

  it('takes the defaults of the parameters that appear with vLLM only', () => {
    expect(defaults).toMatchObject({
      llmModel: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/),
      ttftP95Ms: 500,
      tpotP95Ms: 50,
    });
  });

  it("deploys a vLLM service as vLLM's own server, with the example catalog's objectives", () => {
    const values = parse(
      renderTemplateFile(
        read('skeleton', 'chart', 'values.yaml.njk'),
        templateValues(supportLlm, defaults, 'http://localhost:3000'),
      ),
    );
    expect(values.model).toMatchObject({
      name: 'support-llm',
      backend: 'vllm',
      path: defaults.llmModel,
    });
    expect(values.vllm.tensorParallelSize).toBe(values.gpu.count);
    const annotations = catalogAnnotations('support-llm');
    expect(values.slo).toMatchObject({
      latencyP95Ms: LLM_LATENCY_P95_MS,
      ttftP95Ms: 500,
      tpotP95Ms: 50,
    });
    expect(annotations).toMatchObject({
      'mlops-portal.io/slo-latency-p95-ms': String(values.slo.latencyP95Ms),
      'mlops-portal.io/slo-ttft-p95-ms': String(values.slo.ttftP95Ms),
      'mlops-portal.io/slo-tpot-p95-ms': String(values.slo.tpotP95Ms),
    });
  });

  it('never asks the template for vLLM on CPU, which it refuses', () => {
    const values = templateValues(
      { ...supportLlm, accelerator: 'cpu' },
      defaults,
      'http://localhost:3000',
    );
    expect(values).toMatchObject({
      framework: 'onnxruntime',
      llmModel: '',
      ttftP95Ms: 0,
    });
  });

  it('labels every object for the simulator and keeps the chart keys it overrides', () => {
    const overrides = sandboxOverrides(gpuService);
    expect(overrides.commonLabels).toEqual({
      'mlops-sandbox/managed': 'true',
      'mlops-sandbox/role': 'model-service',
      'mlops-sandbox/accelerator': 'gpu',
    });
    const schema = JSON.parse(read('skeleton', 'chart', 'values.schema.json'));
    for (const key of Object.keys(overrides)) {
      expect(schema.properties).toHaveProperty(key);
    }
  });
});

/** `helm template` itself, when MLOPS_SANDBOX_HELM names a helm binary. */
const helm = process.env.MLOPS_SANDBOX_HELM;
(helm ? describe : describe.skip)('helm template of the chart', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'chart-test-'));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('renders support-llm as vllm serve, probed on /health, with the four LLM alerts', async () => {
    const chart = await ModelServiceChart.prepare({
      repoRoot,
      workDir,
      helm: helm!,
      portalBaseUrl: 'http://localhost:3000',
    });
    const manifests = await chart.manifests(supportLlm);
    const { spec } = manifests.find(
      m => m.kind === 'Deployment',
    ) as unknown as {
      spec: { template: { spec: { containers: Array<Record<string, any>> } } };
    };
    const [server] = spec.template.spec.containers;
    expect(server.command).toEqual(['vllm', 'serve']);
    expect(server.args).toEqual(
      expect.arrayContaining([
        '--served-model-name=support-llm',
        '--port=8000',
        '--tensor-parallel-size=1',
      ]),
    );
    expect(server.startupProbe.httpGet.path).toBe('/health');
    const rule = manifests.find(
      m => m.kind === 'PrometheusRule',
    ) as unknown as {
      spec: {
        groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
      };
    };
    const rules = rule.spec.groups.flatMap(g => g.rules);
    expect(new Set(rules.map(r => r.alert))).toEqual(
      new Set([
        'ModelServiceAvailabilitySLOBurn',
        'ModelServiceLatencySLOBurn',
        'ModelServiceTTFTSLOBurn',
        'ModelServiceTPOTSLOBurn',
        'ModelServiceHighErrorRate',
        'ModelServicePodsNotReady',
        'ModelServiceHPAAtMax',
        'ModelServiceCrashLooping',
        'ModelServiceGPUIdle',
        'ModelServiceKVCacheSaturated',
        'ModelServiceQueueGrowing',
      ]),
    );
    expect(rules.filter(r => r.expr.includes('model_server_'))).toEqual([]);
  });
});
