import { serviceKey } from './chart';
import type { ModelService } from './fleet';
import type { ScenarioName } from './scenarios';
import { KubeManifest, LABEL_MANAGED, MANAGED_BY } from './workloads';

/**
 * KServe InferenceServices as KServe's controller would keep them, in
 * Serverless mode. No KServe controller runs in the sandbox: the simulator
 * writes the spec and, through the status subresource, the status that
 * KServe v0.17 writes (pkg/apis/serving/v1beta1/inference_service_status.go,
 * with Knative's revisions and traffic targets). The pods stay the chart's
 * Deployment, labelled as KServe labels a predictor's pods.
 */

/** On a catalog entity: the InferenceService behind it (also KServe's pod label). */
export const INFERENCE_SERVICE_KEY = 'serving.kserve.io/inferenceservice';
/** How long the canary of `kserve-canary` serves before its revision fails, by default. */
export const CANARY_FAILS_AFTER_MS = 60_000;
export const CANARY_TRAFFIC_PERCENT = 10;

/** stable: one revision at 100 %; canary: a second one at 10 %; canary-failed: it failed to load. */
export type InferenceServicePhase = 'stable' | 'canary' | 'canary-failed';

export function inferenceServicePhase(
  scenario: ScenarioName,
  sinceMs: number,
  nowMs: number,
  failsAfterMs = CANARY_FAILS_AFTER_MS,
): InferenceServicePhase {
  if (scenario !== 'kserve-canary') return 'stable';
  return nowMs - sinceMs < failsAfterMs ? 'canary' : 'canary-failed';
}

/** When the phase began: the scenario switch, or the canary's failure after it. */
export function phaseStartMs(
  phase: InferenceServicePhase,
  sinceMs: number,
  failsAfterMs = CANARY_FAILS_AFTER_MS,
): number {
  return phase === 'canary-failed' ? sinceMs + failsAfterMs : sinceMs;
}

function revision(name: string, n: number): string {
  return `${name}-predictor-${String(n).padStart(5, '0')}`;
}

export function inferenceServiceManifest(
  service: ModelService,
  isvc: string,
  phase: InferenceServicePhase,
): KubeManifest {
  const canary = phase !== 'stable';
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: isvc,
      namespace: service.namespace,
      labels: {
        'app.kubernetes.io/name': service.name,
        'app.kubernetes.io/managed-by': MANAGED_BY,
        [LABEL_MANAGED]: 'true',
      },
      annotations: { 'serving.kserve.io/deploymentMode': 'Serverless' },
    },
    spec: {
      predictor: {
        minReplicas: service.minReplicas,
        maxReplicas: service.maxReplicas,
        ...(canary ? { canaryTrafficPercent: CANARY_TRAFFIC_PERCENT } : {}),
        model: {
          modelFormat: { name: service.framework },
          storageUri: `s3://models/${service.name}/${canary ? 'v2' : 'v1'}`,
        },
      },
    },
  };
}

type ConditionStatus = 'True' | 'False' | 'Unknown';

/** Knative's TrafficTarget, as KServe copies it into `components.<c>.traffic`. */
interface KnativeTrafficTarget {
  tag?: string;
  revisionName: string;
  percent: number;
  latestRevision: boolean;
  url?: string;
}

function condition(
  type: string,
  status: ConditionStatus,
  at: string,
  extra: { reason?: string; message?: string; info?: boolean } = {},
) {
  // Knative's living condition set: Ready and its dependents (PredictorReady,
  // IngressReady) carry no severity, the other conditions severity Info.
  return {
    type,
    status,
    lastTransitionTime: at,
    ...(extra.info ? { severity: 'Info' } : {}),
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.message ? { message: extra.message } : {}),
  };
}

/**
 * The status KServe writes for the phase. Keys KServe leaves out are null
 * here, so that a JSON merge patch of the status removes them.
 */
export function inferenceServiceStatus(
  service: ModelService,
  isvc: string,
  phase: InferenceServicePhase,
  sinceMs: number,
) {
  // Knative writes whole seconds (RFC 3339).
  const at = new Date(phaseStartMs(phase, sinceMs))
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const ns = service.namespace;
  const url = `http://${isvc}.${ns}.example.com`;
  const predictorUrl = `http://${isvc}-predictor.${ns}.example.com`;
  const address = {
    url: `http://${isvc}-predictor.${ns}.svc.cluster.local`,
  };
  const first = revision(isvc, 1);
  const second = revision(isvc, 2);
  const failed = phase === 'canary-failed';
  const failure = `Revision "${second}" failed with message: Container failed with: RuntimeError: could not load the model from s3://models/${service.name}/v2: checksum mismatch.`;
  const bad = { reason: 'RevisionFailed', message: failure };
  const tagged = (tag: string) =>
    `http://${tag}-${isvc}-predictor.${ns}.example.com`;
  const traffic: KnativeTrafficTarget[] =
    phase === 'stable'
      ? [{ revisionName: first, percent: 100, latestRevision: true }]
      : [
          {
            tag: 'latest',
            // Knative routes the latest target to the latest *ready* revision.
            revisionName: failed ? first : second,
            percent: CANARY_TRAFFIC_PERCENT,
            latestRevision: true,
            url: tagged('latest'),
          },
          {
            tag: 'prev',
            revisionName: first,
            percent: 100 - CANARY_TRAFFIC_PERCENT,
            latestRevision: false,
            url: tagged('prev'),
          },
        ];
  return {
    conditions: [
      condition('IngressReady', 'True', at),
      condition('LatestDeploymentReady', failed ? 'False' : 'True', at, {
        info: true,
        ...(failed ? { reason: 'PredictorConfigurationReady not ready' } : {}),
      }),
      condition('PredictorConfigurationReady', failed ? 'False' : 'True', at, {
        info: true,
        ...(failed ? bad : {}),
      }),
      condition(
        'PredictorReady',
        failed ? 'False' : 'True',
        at,
        failed ? bad : {},
      ),
      condition('PredictorRouteReady', 'True', at, { info: true }),
      condition('Ready', failed ? 'False' : 'True', at, failed ? bad : {}),
      condition('RoutesReady', 'True', at, { info: true }),
    ],
    url,
    address: { url: `http://${isvc}.${ns}.svc.cluster.local` },
    deploymentMode: 'Serverless',
    components: {
      predictor: {
        latestCreatedRevision: phase === 'stable' ? first : second,
        latestReadyRevision: phase === 'canary' ? second : first,
        latestRolledoutRevision: first,
        previousRolledoutRevision: null,
        traffic,
        url: predictorUrl,
        address,
      },
    },
    modelStatus: {
      transitionStatus: failed ? 'BlockedByFailedLoad' : 'UpToDate',
      states: {
        activeModelState: 'Loaded',
        targetModelState: failed ? 'FailedToLoad' : 'Loaded',
      },
      lastFailureInfo: failed
        ? {
            location: `${second}-deployment`,
            reason: 'ModelLoadFailed',
            message: `could not load the model from s3://models/${service.name}/v2: checksum mismatch`,
            modelRevisionName: second,
            time: at,
            exitCode: 1,
          }
        : null,
      copies: {
        failedCopies: failed ? 1 : 0,
        totalCopies: service.minReplicas,
      },
    },
  };
}

/** The chart's objects with KServe's predictor label on the Deployment and its pods. */
export function withInferenceServiceLabel(
  manifests: readonly KubeManifest[],
  isvc: string,
): KubeManifest[] {
  return manifests.map(m => {
    if (m.kind !== 'Deployment') return m;
    const deployment = m as KubeManifest & {
      spec?: { template?: { metadata?: { labels?: Record<string, string> } } };
    };
    const template = deployment.spec?.template ?? {};
    return {
      ...m,
      metadata: {
        ...m.metadata,
        labels: { ...m.metadata?.labels, [INFERENCE_SERVICE_KEY]: isvc },
      },
      spec: {
        ...deployment.spec,
        template: {
          ...template,
          metadata: {
            ...template.metadata,
            labels: {
              ...template.metadata?.labels,
              [INFERENCE_SERVICE_KEY]: isvc,
            },
          },
        },
      },
    };
  });
}

/** Every service's rendered objects, those of KServe-backed services labelled. */
export function withInferenceServiceLabels(
  rendered: ReadonlyMap<string, readonly KubeManifest[]>,
  services: readonly ModelService[],
): Map<string, readonly KubeManifest[]> {
  const out = new Map(rendered);
  for (const service of services) {
    const key = serviceKey(service);
    const manifests = rendered.get(key);
    if (service.inferenceService && manifests) {
      out.set(
        key,
        withInferenceServiceLabel(manifests, service.inferenceService),
      );
    }
  }
  return out;
}
