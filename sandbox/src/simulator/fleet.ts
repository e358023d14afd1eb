import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { hashBetween } from './random';

/** The sandbox's clusters, east first (the GPU cluster), then the CPU ones. */
export const DEFAULT_CLUSTERS = ['sandbox-east', 'sandbox-west'];
/** The one cluster with GPU nodes, where GPU services and training run. */
export const GPU_CLUSTER = 'sandbox-east';
export type ClusterName = string;
export type Accelerator = 'gpu' | 'cpu';

/** How a serving framework behaves: what it asks for and how fast it answers. */
export interface FrameworkProfile {
  cpuRequestMillis: number;
  cpuLimitMillis: number;
  memoryRequestMiB: number;
  memoryLimitMiB: number;
  /** CPU seconds spent per request (drives cAdvisor CPU and the HPA's CPU metric). */
  cpuSecondsPerRequest: number;
  p50Ms: number;
  p95Ms: number;
  gpuProduct?: string;
  /** Frame-buffer memory the loaded model occupies. */
  gpuMemoryMiB?: number;
}

export const A100 = 'NVIDIA-A100-SXM4-80GB';
export const L4 = 'NVIDIA-L4';

const CPU_DEFAULT: FrameworkProfile = {
  cpuRequestMillis: 500,
  cpuLimitMillis: 1000,
  memoryRequestMiB: 1024,
  memoryLimitMiB: 2048,
  cpuSecondsPerRequest: 0.006,
  p50Ms: 18,
  p95Ms: 40,
};
const GPU_DEFAULT: FrameworkProfile = {
  cpuRequestMillis: 2000,
  cpuLimitMillis: 4000,
  memoryRequestMiB: 8192,
  memoryLimitMiB: 16384,
  cpuSecondsPerRequest: 0.012,
  p50Ms: 20,
  p95Ms: 42,
  gpuProduct: A100,
  gpuMemoryMiB: 18432,
};

const FRAMEWORKS: Record<string, FrameworkProfile> = {
  'scikit-learn': {
    ...CPU_DEFAULT,
    cpuRequestMillis: 250,
    memoryRequestMiB: 512,
    memoryLimitMiB: 1024,
    cpuSecondsPerRequest: 0.0025,
    p50Ms: 12,
    p95Ms: 35,
  },
  xgboost: {
    ...CPU_DEFAULT,
    cpuRequestMillis: 250,
    cpuSecondsPerRequest: 0.0025,
    p50Ms: 15,
    p95Ms: 38,
  },
  onnxruntime: CPU_DEFAULT,
  pytorch: GPU_DEFAULT,
  triton: {
    ...GPU_DEFAULT,
    gpuProduct: L4,
    gpuMemoryMiB: 14336,
    p50Ms: 16,
    p95Ms: 38,
  },
  vllm: {
    ...GPU_DEFAULT,
    cpuRequestMillis: 4000,
    cpuLimitMillis: 8000,
    memoryRequestMiB: 32768,
    memoryLimitMiB: 49152,
    gpuMemoryMiB: 72704,
    p50Ms: 24,
    p95Ms: 48,
  },
};

export function frameworkProfile(
  framework: string,
  accelerator: Accelerator,
): FrameworkProfile {
  const known = FRAMEWORKS[framework];
  if (known && (known.gpuProduct !== undefined) === (accelerator === 'gpu')) {
    return known;
  }
  return accelerator === 'gpu' ? GPU_DEFAULT : CPU_DEFAULT;
}

export interface ModelService {
  name: string;
  namespace: string;
  team: string;
  /** The Backstage system, used as app.kubernetes.io/part-of. */
  system: string;
  cluster: ClusterName;
  accelerator: Accelerator;
  framework: string;
  minReplicas: number;
  maxReplicas: number;
  /** Requests per second the whole service receives on a healthy day. */
  baseRps: number;
  /** The KServe InferenceService behind it (`serving.kserve.io/inferenceservice`). */
  inferenceService?: string;
  /** The chart's rollout.strategy (`mlops-portal.io/rollout-strategy`); rolling when absent. */
  rolloutStrategy?: RolloutStrategy;
  /** The objectives its catalog entry annotates, in milliseconds (mlops-portal.io/slo-*). */
  objectives?: {
    latencyP95Ms?: number;
    ttftP95Ms?: number;
    tpotP95Ms?: number;
  };
}

export interface TrainingPipeline {
  name: string;
  namespace: string;
  team: string;
  system: string;
  gpusPerRun: number;
}

export interface Fleet {
  services: ModelService[];
  pipelines: TrainingPipeline[];
}

export type FleetSpec = { kind: 'example' } | { kind: 'large'; size: number };

export const ROLLOUT_STRATEGIES = ['rolling', 'canary', 'blue-green'] as const;
export type RolloutStrategy = (typeof ROLLOUT_STRATEGIES)[number];

/** An objective annotation: milliseconds as a string, e.g. '500'. */
const milliseconds = z.coerce.number().positive().optional();

const catalogComponent = z.object({
  kind: z.literal('Component'),
  metadata: z.object({
    name: z.string().min(1),
    annotations: z.object({
      'backstage.io/kubernetes-id': z.string().min(1),
      'backstage.io/kubernetes-namespace': z.string().min(1),
      'serving.kserve.io/inferenceservice': z.string().min(1).optional(),
      'mlops-portal.io/slo-latency-p95-ms': milliseconds,
      'mlops-portal.io/slo-ttft-p95-ms': milliseconds,
      'mlops-portal.io/slo-tpot-p95-ms': milliseconds,
      'mlops-portal.io/rollout-strategy': z.enum(ROLLOUT_STRATEGIES).optional(),
    }),
    tags: z.array(z.string()).default([]),
  }),
  spec: z.object({
    type: z.string(),
    owner: z.string().min(1),
    system: z.string().optional(),
  }),
});
type CatalogComponent = z.infer<typeof catalogComponent>;

const GPU_FRAMEWORKS = ['pytorch', 'triton', 'vllm'];
const CPU_FRAMEWORKS = ['scikit-learn', 'onnxruntime', 'xgboost'];

function readComponents(yamlText: string, type: string, source: string) {
  const components: CatalogComponent[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (!('toJS' in doc)) {
      continue;
    }
    const value: unknown = doc.toJS();
    if (
      !value ||
      typeof value !== 'object' ||
      (value as { kind?: unknown }).kind !== 'Component' ||
      (value as { spec?: { type?: unknown } }).spec?.type !== type
    ) {
      continue;
    }
    const parsed = catalogComponent.safeParse(value);
    if (!parsed.success) {
      const name =
        (value as { metadata?: { name?: string } }).metadata?.name ?? '?';
      throw new Error(
        `${source}: component ${name}: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    components.push(parsed.data);
  }
  return components;
}

function ownerName(owner: string): string {
  return owner.replace(/^group:(default\/)?/, '');
}

/** The CPU clusters: every cluster but the GPU one. */
function cpuClusters(clusters: readonly ClusterName[]): ClusterName[] {
  const cpu = clusters.filter(c => c !== GPU_CLUSTER);
  if (!clusters.includes(GPU_CLUSTER) || cpu.length === 0) {
    throw new Error(
      `the sandbox's clusters must be ${GPU_CLUSTER} and at least one more, got: ${clusters.join(
        ', ',
      )}`,
    );
  }
  return cpu;
}

/**
 * Model services of the example catalog: GPU ones to sandbox-east, CPU ones
 * spread over the other clusters in turn (all to sandbox-west when it is the
 * only other one).
 */
export function parseModelServices(
  yamlText: string,
  source = 'model-services.yaml',
  clusters: readonly ClusterName[] = DEFAULT_CLUSTERS,
): ModelService[] {
  const cpu = cpuClusters(clusters);
  let cpuIndex = 0;
  return readComponents(yamlText, 'model-service', source).map(c => {
    const tags = c.metadata.tags;
    const accelerator: Accelerator = tags.includes('gpu') ? 'gpu' : 'cpu';
    const framework =
      tags.find(t => t !== 'gpu' && t !== 'cpu') ??
      (accelerator === 'gpu' ? 'pytorch' : 'onnxruntime');
    const name = c.metadata.annotations['backstage.io/kubernetes-id'];
    const a = c.metadata.annotations;
    const inferenceService = a['serving.kserve.io/inferenceservice'];
    const rolloutStrategy = a['mlops-portal.io/rollout-strategy'];
    const objectives = Object.fromEntries(
      Object.entries({
        latencyP95Ms: a['mlops-portal.io/slo-latency-p95-ms'],
        ttftP95Ms: a['mlops-portal.io/slo-ttft-p95-ms'],
        tpotP95Ms: a['mlops-portal.io/slo-tpot-p95-ms'],
      }).filter(([, v]) => v !== undefined),
    );
    return {
      name,
      namespace: c.metadata.annotations['backstage.io/kubernetes-namespace'],
      team: ownerName(c.spec.owner),
      system: c.spec.system ?? ownerName(c.spec.owner),
      cluster:
        accelerator === 'gpu' ? GPU_CLUSTER : cpu[cpuIndex++ % cpu.length],
      accelerator,
      framework,
      minReplicas: 2,
      maxReplicas: Math.floor(hashBetween(`${name}/max`, 6, 10.999)),
      baseRps: Math.round(hashBetween(`${name}/rps`, 40, 80)),
      ...(inferenceService ? { inferenceService } : {}),
      ...(rolloutStrategy ? { rolloutStrategy } : {}),
      ...(Object.keys(objectives).length ? { objectives } : {}),
    };
  });
}

export function parseTrainingPipelines(
  yamlText: string,
  source = 'training-pipelines.yaml',
): TrainingPipeline[] {
  return readComponents(yamlText, 'training-pipeline', source).map(c => ({
    name: c.metadata.annotations['backstage.io/kubernetes-id'],
    namespace: c.metadata.annotations['backstage.io/kubernetes-namespace'],
    team: ownerName(c.spec.owner),
    system: c.spec.system ?? ownerName(c.spec.owner),
    gpusPerRun: hashBetween(`${c.metadata.name}/gpus`, 0, 1) < 0.5 ? 2 : 4,
  }));
}

/**
 * `size` synthetic services svc-0001.. owned by team-01..team-20 (one namespace
 * per team). One in 200 is a GPU service (sandbox-east, so the 20 GPUs of the
 * sandbox suffice); CPU services go round all the clusters in turn.
 */
export function generateLargeFleet(
  size: number,
  clusters: readonly ClusterName[] = DEFAULT_CLUSTERS,
): ModelService[] {
  cpuClusters(clusters);
  const services: ModelService[] = [];
  for (let i = 1; i <= size; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    const team = `team-${String(((i - 1) % 20) + 1).padStart(2, '0')}`;
    const gpu = i % 200 === 3;
    const frameworks = gpu ? GPU_FRAMEWORKS : CPU_FRAMEWORKS;
    services.push({
      name,
      namespace: team,
      team,
      system: `${team}-serving`,
      cluster: gpu ? GPU_CLUSTER : clusters[i % clusters.length],
      accelerator: gpu ? 'gpu' : 'cpu',
      framework: frameworks[Math.floor(i / (gpu ? 200 : 1)) % 3],
      minReplicas: 2,
      maxReplicas: Math.floor(hashBetween(`${name}/max`, 6, 10.999)),
      baseRps: Math.round(hashBetween(`${name}/rps`, 40, 80)),
    });
  }
  return services;
}

export function parseFleetSpec(value: string | undefined): FleetSpec {
  const text = (value ?? '').trim();
  if (text === '' || text === 'example') {
    return { kind: 'example' };
  }
  const match = /^large(?::(\d+))?$/.exec(text);
  if (!match) {
    throw new Error(
      `MLOPS_SANDBOX_FLEET must be "example" or "large:N", got "${text}"`,
    );
  }
  const size = match[1] === undefined ? 1000 : Number(match[1]);
  if (!Number.isInteger(size) || size < 1 || size > 10000) {
    throw new Error(
      `MLOPS_SANDBOX_FLEET: N must be between 1 and 10000, got "${match[1]}"`,
    );
  }
  return { kind: 'large', size };
}

/** Reads the example catalog (training pipelines always come from it). */
export async function loadFleet(
  spec: FleetSpec,
  repoRoot: string,
  clusters: readonly ClusterName[] = DEFAULT_CLUSTERS,
): Promise<Fleet> {
  const dir = join(repoRoot, 'examples', 'ml-org');
  const pipelinesFile = join(dir, 'training-pipelines.yaml');
  const pipelines = parseTrainingPipelines(
    await readFile(pipelinesFile, 'utf8'),
    pipelinesFile,
  );
  if (spec.kind === 'large') {
    return { services: generateLargeFleet(spec.size, clusters), pipelines };
  }
  const servicesFile = join(dir, 'model-services.yaml');
  const services = parseModelServices(
    await readFile(servicesFile, 'utf8'),
    servicesFile,
    clusters,
  );
  return { services, pipelines };
}
