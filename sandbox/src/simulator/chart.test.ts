import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  renderTemplateFile,
  sandboxOverrides,
  TEMPLATE_DIR,
  templateDefaults,
  templateValues,
} from './chart';
import type { ModelService } from './fleet';

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
