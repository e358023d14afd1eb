import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_GRAFANA_DASHBOARD,
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_METRICS_PROFILE,
  ANNOTATION_METRICS_WORKLOAD,
  ANNOTATION_PROMETHEUS_INSTANCE,
  ANNOTATION_SLO_AVAILABILITY,
  ANNOTATION_SLO_LATENCY_P95_MS,
  ANNOTATION_SLO_TPOT_P95_MS,
  ANNOTATION_SLO_TTFT_P95_MS,
  AnnotationProblem,
  EntityNotConfigured,
  isLabelValue,
  LabelSelectorParse,
  parseLabelSelector,
  isNamespaceName,
} from '@internal/plugin-mlops-common';
import type { MlopsConfig } from '../config/mlopsConfig';

/** What an entity's annotations say about where and how to look. */
export interface EntityTarget {
  entityRef: string;
  /** Deployment name and `backstage.io/kubernetes-id` label value. */
  kubernetesId: string;
  namespace?: string;
  labelSelector: string;
  /** Value of the profile's workload label in the metrics. */
  metricsWorkload: string;
  profileId?: string;
  prometheusInstance?: string;
  grafanaDashboard?: string;
  /** The annotated KServe InferenceService; its pods' label names it otherwise. */
  inferenceService?: string;
  objectives: {
    availabilityPercent: number;
    latencyP95Ms: number;
    /** LLM objectives, only when annotated. */
    ttftP95Ms?: number;
    tpotP95Ms?: number;
  };
}

export interface TargetDefaults {
  availabilityPercent: number;
  latencyP95Ms: number;
  profileIds: string[];
  prometheusInstances: string[];
}

/** The defaults and the names annotations may choose from, as configured. */
export function targetDefaults(config: MlopsConfig): TargetDefaults {
  return {
    availabilityPercent: config.objectives.availabilityPercent,
    latencyP95Ms: config.objectives.latencyP95Ms,
    profileIds: config.profiles.map(p => p.id),
    prometheusInstances: config.instances.map(i => i.name),
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A selector annotation: non-empty, at most 1024 characters, and one the apiserver accepts. */
export function readLabelSelector(selector: string): LabelSelectorParse {
  if (!selector.trim() || selector.length > 1024) {
    return {
      ok: false,
      message: 'must be a non-empty label selector of at most 1024 characters',
    };
  }
  return parseLabelSelector(selector);
}

/** Why a selector annotation is refused, or undefined. */
export function labelSelectorProblem(selector: string): string | undefined {
  const parsed = readLabelSelector(selector);
  return parsed.ok ? undefined : parsed.message;
}

/**
 * Reads and checks the annotations. Any malformed value stops here, with a
 * typed answer naming it, so that nothing unchecked reaches a cluster or
 * Prometheus (the PromQL builder quotes values regardless).
 */
export function resolveEntityTarget(
  entity: Entity,
  defaults: TargetDefaults,
):
  | { ok: true; target: EntityTarget }
  | { ok: false; answer: EntityNotConfigured } {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const read = (name: string) => {
    const value = annotations[name];
    return value === undefined ? undefined : value.trim();
  };
  const problems: AnnotationProblem[] = [];
  const invalid = (annotation: string, value: string, message: string) =>
    problems.push({ annotation, value: value.slice(0, 200), message });

  const kubernetesId = read(ANNOTATION_KUBERNETES_ID);
  const namespace = read(ANNOTATION_KUBERNETES_NAMESPACE);
  const selector = read(ANNOTATION_KUBERNETES_LABEL_SELECTOR);
  const workload = read(ANNOTATION_METRICS_WORKLOAD);
  const profileId = read(ANNOTATION_METRICS_PROFILE);
  const instance = read(ANNOTATION_PROMETHEUS_INSTANCE);
  const grafana = read(ANNOTATION_GRAFANA_DASHBOARD);
  const availability = read(ANNOTATION_SLO_AVAILABILITY);
  const latency = read(ANNOTATION_SLO_LATENCY_P95_MS);
  const ttft = read(ANNOTATION_SLO_TTFT_P95_MS);
  const tpot = read(ANNOTATION_SLO_TPOT_P95_MS);
  const inferenceService = read(ANNOTATION_KSERVE_INFERENCE_SERVICE);

  if (kubernetesId === undefined) {
    return {
      ok: false,
      answer: {
        state: 'not-configured',
        entityRef,
        reason: 'missing-annotation',
        message: `Serving health needs the annotation ${ANNOTATION_KUBERNETES_ID} (the name of the service's Deployment) on ${entityRef}; add ${ANNOTATION_KUBERNETES_NAMESPACE} too.`,
        problems: [
          {
            annotation: ANNOTATION_KUBERNETES_ID,
            message: 'missing: set it to the name of the Deployment',
          },
        ],
      },
    };
  }
  if (!kubernetesId || !isLabelValue(kubernetesId)) {
    invalid(
      ANNOTATION_KUBERNETES_ID,
      kubernetesId,
      'must be a Kubernetes label value: up to 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
    );
  }
  if (namespace !== undefined && !isNamespaceName(namespace)) {
    invalid(
      ANNOTATION_KUBERNETES_NAMESPACE,
      namespace,
      'must be a namespace name: up to 63 lowercase letters, digits or -',
    );
  }
  if (selector !== undefined) {
    const problem = labelSelectorProblem(selector);
    if (problem)
      invalid(ANNOTATION_KUBERNETES_LABEL_SELECTOR, selector, problem);
  }
  if (
    workload !== undefined &&
    (!workload || workload.length > 253 || CONTROL.test(workload))
  ) {
    invalid(
      ANNOTATION_METRICS_WORKLOAD,
      workload,
      'must be 1 to 253 characters without control characters',
    );
  }
  if (profileId !== undefined && !defaults.profileIds.includes(profileId)) {
    invalid(
      ANNOTATION_METRICS_PROFILE,
      profileId,
      `unknown metric profile; choose one of ${defaults.profileIds.join(', ')}`,
    );
  }
  if (
    instance !== undefined &&
    !defaults.prometheusInstances.includes(instance)
  ) {
    invalid(
      ANNOTATION_PROMETHEUS_INSTANCE,
      instance,
      `no such Prometheus under mlops.prometheus.instances; configured: ${
        defaults.prometheusInstances.join(', ') || 'none'
      }`,
    );
  }
  if (inferenceService !== undefined && !isNamespaceName(inferenceService)) {
    invalid(
      ANNOTATION_KSERVE_INFERENCE_SERVICE,
      inferenceService,
      'must be the name of an InferenceService: up to 63 lowercase letters, digits or -',
    );
  }
  if (grafana !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(grafana)) {
    invalid(ANNOTATION_GRAFANA_DASHBOARD, grafana, 'must be an http(s) URL');
  }
  const availabilityPercent =
    availability === undefined
      ? defaults.availabilityPercent
      : Number(availability);
  if (
    !/^\d{1,2}(\.\d{1,4})?$/.test(availability ?? '0') ||
    !(availabilityPercent > 0 && availabilityPercent < 100)
  ) {
    invalid(
      ANNOTATION_SLO_AVAILABILITY,
      availability ?? '',
      'must be a percentage between 0 and 100, exclusive, e.g. 99.9',
    );
  }
  const latencyP95Ms =
    latency === undefined ? defaults.latencyP95Ms : Number(latency);
  if (
    !/^\d{1,6}(\.\d{1,3})?$/.test(latency ?? '0') ||
    !(latencyP95Ms > 0 && latencyP95Ms <= 600_000)
  ) {
    invalid(
      ANNOTATION_SLO_LATENCY_P95_MS,
      latency ?? '',
      'must be milliseconds between 1 and 600000, e.g. 300',
    );
  }

  // A bound of the server's histogram in milliseconds, e.g. 500 or 2.5.
  const tokenObjective = (annotation: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const ms = Number(value);
    if (!/^\d{1,6}(\.\d{1,3})?$/.test(value) || !(ms > 0 && ms <= 600_000)) {
      invalid(
        annotation,
        value,
        "must be milliseconds between 1 and 600000 that are a bucket bound of the server's histogram, e.g. 500",
      );
    }
    return ms;
  };
  const ttftP95Ms = tokenObjective(ANNOTATION_SLO_TTFT_P95_MS, ttft);
  const tpotP95Ms = tokenObjective(ANNOTATION_SLO_TPOT_P95_MS, tpot);

  if (problems.length > 0) {
    return {
      ok: false,
      answer: {
        state: 'not-configured',
        entityRef,
        reason: 'invalid-annotation',
        message: `Serving health cannot read ${problems
          .map(p => p.annotation)
          .join(', ')} on ${entityRef}; fix the value in catalog-info.yaml.`,
        problems,
      },
    };
  }
  return {
    ok: true,
    target: {
      entityRef,
      kubernetesId,
      namespace,
      labelSelector: selector ?? `${ANNOTATION_KUBERNETES_ID}=${kubernetesId}`,
      metricsWorkload: workload ?? kubernetesId,
      profileId,
      prometheusInstance: instance,
      grafanaDashboard: grafana,
      ...(inferenceService ? { inferenceService } : {}),
      objectives: {
        availabilityPercent,
        latencyP95Ms,
        ...(ttftP95Ms !== undefined ? { ttftP95Ms } : {}),
        ...(tpotP95Ms !== undefined ? { tpotP95Ms } : {}),
      },
    },
  };
}
