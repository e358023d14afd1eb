/*
 * The model-service template's Helm chart, as the sandbox deploys it. The
 * chart is copied from the template's skeleton; its Nunjucks files are
 * rendered with nunjitsu, the engine of the Scaffolder's fetch:template, with
 * the values the template would pass for each service (the template's
 * defaults plus what the catalog says of the service). `helm template` then
 * produces every object of the service: the simulator applies them and feeds
 * their PrometheusRule specs to Prometheus. The template stays the one source.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cp,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { createTemplateRenderer, TemplateValue } from 'nunjitsu';
import { parse, parseAllDocuments } from 'yaml';
import { frameworkProfile, ModelService } from './fleet';
import type { SimulatorLogger } from './log';
import { NEW_RELEASES, Release, releaseKey, releaseOf } from './modelVersions';
import { mapWithConcurrency } from './pool';
import { isRolloutService } from './scenarios';
import {
  KubeManifest,
  LABEL_ACCELERATOR,
  LABEL_MANAGED,
  LABEL_ROLE,
} from './workloads';

export const TEMPLATE_DIR = join('templates', 'model-service');
const CHART_SOURCE = join(TEMPLATE_DIR, 'skeleton', 'chart');
const NJK = '.njk';

/** The template's frameworks; others of the catalog map to the nearest. */
const TEMPLATE_FRAMEWORKS: Record<string, string> = {
  'scikit-learn': 'scikit-learn',
  xgboost: 'scikit-learn',
  onnxruntime: 'onnxruntime',
  pytorch: 'pytorch',
  triton: 'pytorch',
  vllm: 'vllm',
};

interface ParameterSchema {
  properties?: Record<string, { default?: unknown }>;
  then?: ParameterSchema;
  allOf?: ParameterSchema[];
}

/**
 * `default`s of the template's parameters, by parameter name: those of each
 * page and of its conditional (`if`/`then`) parts, such as vLLM's objectives.
 */
export function templateDefaults(
  templateYaml: string,
): Record<string, unknown> {
  const template = parse(templateYaml) as {
    spec?: { parameters?: ParameterSchema[] };
  };
  const defaults: Record<string, unknown> = {};
  const collect = (schema: ParameterSchema) => {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property.default !== undefined && !(name in defaults)) {
        defaults[name] = property.default;
      }
    }
    if (schema.then) collect(schema.then);
    schema.allOf?.forEach(collect);
  };
  template.spec?.parameters?.forEach(collect);
  return defaults;
}

/**
 * The end-to-end latency objective of a vLLM service whose catalog entry
 * gives none (the large fleet's): a whole answer of a few hundred tokens
 * takes seconds, so the objectives that matter are on the first token and
 * the tokens after it. support-llm's catalog entry says the same.
 */
export const LLM_LATENCY_P95_MS = 10_000;

/** The `values` fetch:template gets for this service (see template.yaml). */
export function templateValues(
  svc: ModelService,
  defaults: Record<string, unknown>,
  portalBaseUrl: string,
): Record<string, unknown> {
  const gpu = svc.accelerator === 'gpu';
  const profile = frameworkProfile(svc.framework, svc.accelerator);
  let framework =
    TEMPLATE_FRAMEWORKS[svc.framework] ?? (gpu ? 'pytorch' : 'onnxruntime');
  // The template refuses vLLM on CPU.
  if (framework === 'vllm' && !gpu) framework = 'onnxruntime';
  const llm = framework === 'vllm';
  const o = svc.objectives ?? {};
  return {
    ...defaults,
    name: svc.name,
    description: `${svc.name} (${svc.framework})`,
    owner: `group:default/${svc.team}`,
    system: `system:default/${svc.system}`,
    namespace: svc.namespace,
    framework,
    compute: svc.accelerator,
    gpuType: gpu ? profile.gpuProduct : '',
    gpuCount: gpu ? 1 : 0,
    minReplicas: svc.minReplicas,
    maxReplicas: svc.maxReplicas,
    rolloutStrategy: svc.rolloutStrategy ?? defaults.rolloutStrategy,
    // The catalog entry's objectives where it gives them.
    ...(o.latencyP95Ms || llm
      ? { latencyP95Ms: o.latencyP95Ms ?? LLM_LATENCY_P95_MS }
      : {}),
    // As template.yaml passes them: set for vLLM only.
    llmModel: llm ? defaults.llmModel : '',
    ttftP95Ms: llm ? o.ttftP95Ms ?? defaults.ttftP95Ms : 0,
    tpotP95Ms: llm ? o.tpotP95Ms ?? defaults.tpotP95Ms : 0,
    repoHost: 'github.com',
    projectSlug: `${svc.team}/${svc.name}`,
    portalBaseUrl,
  };
}

/**
 * A Rollout's analysis in the sandbox: the sandbox Prometheus, and windows
 * short enough for a scenario to be decided within a minute or two.
 */
export const SANDBOX_ROLLOUT = {
  canary: { weights: [50], pause: '0s' },
  analysis: {
    window: '1m',
    initialDelay: '15s',
    interval: '10s',
    count: 3,
    failureLimit: 1,
    inconclusiveLimit: 1,
  },
};

/** What the sandbox sets on top of the chart's values, as a platform team would. */
export function sandboxOverrides(
  svc: ModelService,
  release: Release = 'stable',
  prometheusUrl = 'http://127.0.0.1:16490',
): Record<string, unknown> {
  const profile = frameworkProfile(svc.framework, svc.accelerator);
  const { modelVersion, imageTag } = releaseOf(svc.name, release);
  return {
    image: {
      repository: `registry.example.com/${svc.team}/${svc.name}`,
      tag: imageTag,
    },
    modelRegistry: { version: modelVersion },
    ...(isRolloutService(svc)
      ? {
          rollout: {
            canary: SANDBOX_ROLLOUT.canary,
            analysis: {
              ...SANDBOX_ROLLOUT.analysis,
              prometheusAddress: prometheusUrl,
            },
          },
        }
      : {}),
    commonLabels: {
      [LABEL_MANAGED]: 'true',
      [LABEL_ROLE]: 'model-service',
      [LABEL_ACCELERATOR]: svc.accelerator,
    },
    // The simulator's CPU and memory figures are relative to these requests.
    resources: {
      requests: {
        cpu: `${profile.cpuRequestMillis}m`,
        memory: `${profile.memoryRequestMiB}Mi`,
      },
      limits: { memory: `${profile.memoryLimitMiB}Mi` },
    },
  };
}

const renderer = createTemplateRenderer({});

/** Renders a `.njk` file of the template as fetch:template does. */
export function renderTemplateFile(
  source: string,
  values: Record<string, unknown>,
): string {
  return renderer.render(
    source,
    renderer.prepareContext({ values: values as TemplateValue }),
  );
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`${file} ${args[0]} failed: ${stderr.trim() || error}`),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

export interface ModelServiceChartOptions {
  repoRoot: string;
  /** A folder of the sandbox's own; the rendered chart and values go here. */
  workDir: string;
  helm: string;
  portalBaseUrl: string;
  /** The Prometheus Rollouts' analyses query. */
  prometheusUrl?: string;
  /** Where `helm template` outputs are kept between runs, by content hash; none when unset. */
  cacheDir?: string;
}

export class ModelServiceChart {
  private constructor(
    private readonly o: ModelServiceChartOptions,
    private readonly valuesTemplate: string,
    private readonly defaults: Record<string, unknown>,
    private readonly chartHash: string,
    /** Service id (namespace.name) to its file in the render cache. */
    private readonly cacheIndex: Map<string, string>,
  ) {}

  /** Copies the chart out of the template and renders its Chart.yaml. */
  static async prepare(
    o: ModelServiceChartOptions,
  ): Promise<ModelServiceChart> {
    const source = join(o.repoRoot, CHART_SOURCE);
    const chartDir = join(o.workDir, 'chart');
    await rm(o.workDir, { recursive: true, force: true });
    await mkdir(join(o.workDir, 'values'), { recursive: true });
    await cp(source, chartDir, {
      recursive: true,
      filter: path => !path.endsWith(NJK),
    });
    const chart = new ModelServiceChart(
      o,
      await readFile(join(source, `values.yaml${NJK}`), 'utf8'),
      templateDefaults(
        await readFile(join(o.repoRoot, TEMPLATE_DIR, 'template.yaml'), 'utf8'),
      ),
      await folderHash(source),
      await readCacheIndex(o.cacheDir),
    );
    // One chart serves every service: nameOverride gives each its own name.
    await writeFile(
      join(chartDir, 'Chart.yaml'),
      renderTemplateFile(
        await readFile(join(source, `Chart.yaml${NJK}`), 'utf8'),
        {
          name: 'model-service',
          description: 'Model service of the sandbox fleet',
          framework: 'model-service',
          compute: 'sandbox',
        },
      ),
    );
    return chart;
  }

  /** Every object `helm template` renders for this service's release. */
  async manifests(
    svc: ModelService,
    release: Release = 'stable',
  ): Promise<KubeManifest[]> {
    const id = `${svc.namespace}.${svc.name}${
      release === 'stable' ? '' : `.${release}`
    }`;
    const base = join(this.o.workDir, 'values', id);
    const values = renderTemplateFile(
      this.valuesTemplate,
      templateValues(svc, this.defaults, this.o.portalBaseUrl),
    );
    const overrides = JSON.stringify({
      nameOverride: svc.name,
      ...sandboxOverrides(svc, release, this.o.prometheusUrl),
    });
    const key = createHash('sha256')
      .update([this.chartHash, id, values, overrides].join('\0'))
      .digest('hex')
      .slice(0, 16);
    const cached = await this.cached(id, key);
    if (cached) return cached;
    const manifests = parseAllDocuments(
      await this.helmTemplate(svc, base, values, overrides),
    )
      .map(doc => doc.toJS() as KubeManifest | null)
      .filter((m): m is KubeManifest => Boolean(m?.kind))
      .map(m => ({
        ...m,
        metadata: { ...m.metadata, namespace: svc.namespace },
      }));
    await this.remember(id, key, manifests);
    return manifests;
  }

  private async helmTemplate(
    svc: ModelService,
    base: string,
    values: string,
    overrides: string,
  ): Promise<string> {
    await writeFile(`${base}.yaml`, values);
    await writeFile(`${base}.sandbox.yaml`, overrides);
    return run(this.o.helm, [
      'template',
      svc.name,
      join(this.o.workDir, 'chart'),
      '--namespace',
      svc.namespace,
      '--values',
      `${base}.yaml`,
      '--values',
      `${base}.sandbox.yaml`,
    ]);
  }

  /** The objects of an earlier render of the same chart and values. */
  private async cached(
    id: string,
    key: string,
  ): Promise<KubeManifest[] | undefined> {
    const file = `${id}.${key}.json`;
    if (!this.o.cacheDir || this.cacheIndex.get(id) !== file) return undefined;
    return readFile(join(this.o.cacheDir, file), 'utf8').then(
      text => JSON.parse(text),
      () => undefined,
    );
  }

  /** Keeps one render per service: the latest. */
  private async remember(
    id: string,
    key: string,
    manifests: KubeManifest[],
  ): Promise<void> {
    const dir = this.o.cacheDir;
    if (!dir) return;
    const file = `${id}.${key}.json`;
    const old = this.cacheIndex.get(id);
    if (old) await rm(join(dir, old), { force: true });
    await writeFile(join(dir, `${file}.tmp`), JSON.stringify(manifests));
    await rename(join(dir, `${file}.tmp`), join(dir, file));
    this.cacheIndex.set(id, file);
  }
}

/** The render cache's files by service id; files are `<namespace>.<name>.<key>.json`. */
async function readCacheIndex(dir?: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  if (!dir) return index;
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(dir)) {
    const match = /^(.+)\.[0-9a-f]{16}\.json$/.exec(file);
    if (match) index.set(match[1], file);
  }
  return index;
}

/** Hash of every file of a folder, by relative path. */
async function folderHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    hash.update(file.slice(dir.length)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

export const serviceKey = (svc: { namespace: string; name: string }) =>
  `${svc.namespace}/${svc.name}`;

/**
 * The Deployment of each Rollout service's new releases (the next model
 * version's builds): the one object a canary scenario changes, by releaseKey.
 */
export async function renderCanaryReleases(
  chart: ModelServiceChart,
  services: readonly ModelService[],
): Promise<Map<string, KubeManifest>> {
  const releases = new Map<string, KubeManifest>();
  for (const svc of services.filter(isRolloutService)) {
    for (const release of NEW_RELEASES) {
      const deployment = (await chart.manifests(svc, release)).find(
        m => m.kind === 'Deployment',
      );
      if (deployment) {
        releases.set(releaseKey(serviceKey(svc), release), deployment);
      }
    }
  }
  return releases;
}

/**
 * Renders every service (two `helm template` at a time: one per core here).
 * Throws naming the services whose chart does not render: a template bug.
 */
export async function renderFleet(
  chart: ModelServiceChart,
  services: readonly ModelService[],
  log: SimulatorLogger,
): Promise<Map<string, KubeManifest[]>> {
  const started = Date.now();
  const rendered = new Map<string, KubeManifest[]>();
  const result = await mapWithConcurrency(
    services,
    2,
    async svc => {
      rendered.set(serviceKey(svc), await chart.manifests(svc));
    },
    {
      progressEvery: 100,
      onProgress: (done, total) =>
        log.info(`chart: rendered ${done}/${total} services`),
    },
  );
  if (result.failures.length) {
    const [first] = result.failures;
    throw new Error(
      `the model-service chart did not render for ${result.failures.length} service(s); ` +
        `${serviceKey(first.item)}: ${first.error.message}`,
    );
  }
  log.info(
    `chart: rendered ${
      services.length
    } services with the model-service template's chart in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
  return rendered;
}
