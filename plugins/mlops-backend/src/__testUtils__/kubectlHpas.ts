import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HpaStatusView, parseQuantity } from '@internal/plugin-mlops-common';
import { env } from './sandbox';

/*
 * The sandbox's HPAs as `kubectl get hpa -o json` shows them, and how the
 * portal's view of one differs from it.
 */
export type Cluster = 'EAST' | 'WEST';

/** The sandbox's own kubectl with the cluster's admin kubeconfig. */
export function kubectl(name: Cluster, args: string[]): string {
  const bin = fs
    .readFileSync(path.join(env('MLOPS_SANDBOX_DIR'), 'bin-dir'), 'utf8')
    .trim();
  return execFileSync(
    path.join(bin, 'kubectl'),
    ['--kubeconfig', env(`MLOPS_SANDBOX_KUBECONFIG_${name}`), ...args],
    { encoding: 'utf8' },
  );
}

/** A Rollout's replicas, as `kubectl get rollout -o json` shows them. */
export function kubectlRollout(
  name: Cluster,
  rollout: string,
  namespace: string,
): { spec?: { replicas?: number }; status?: { readyReplicas?: number } } {
  return JSON.parse(
    kubectl(name, ['get', 'rollout', rollout, '-n', namespace, '-o', 'json']),
  );
}

/** `kubectl get hpa -o json`. */
export function kubectlHpas(name: Cluster, namespace: string): KubectlHpa[] {
  return JSON.parse(
    kubectl(name, ['get', 'hpa.v2.autoscaling', '-n', namespace, '-o', 'json']),
  ).items;
}

export interface KubectlHpa {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    minReplicas?: number;
    maxReplicas: number;
    scaleTargetRef: { kind: string; name: string };
    metrics?: Array<Record<string, any>>;
    behavior?: Record<string, any>;
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    lastScaleTime?: string;
    currentMetrics?: Array<Record<string, any>>;
    conditions?: Array<Record<string, string>>;
  };
}

const iso = (t?: string) => (t ? new Date(t).toISOString() : null);
const lower = (type: string) =>
  `${type.charAt(0).toLowerCase()}${type.slice(1)}`;

/** The differences between the portal's view and what kubectl shows; empty when they agree. */
export function differences(view: HpaStatusView, k: KubectlHpa): string[] {
  const diffs: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      diffs.push(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  };
  same('minReplicas', view.minReplicas, k.spec.minReplicas ?? 1);
  same('maxReplicas', view.maxReplicas, k.spec.maxReplicas);
  same('scaleTarget', view.scaleTarget, {
    kind: k.spec.scaleTargetRef.kind,
    name: k.spec.scaleTargetRef.name,
  });
  same(
    'currentReplicas',
    view.currentReplicas,
    k.status?.currentReplicas ?? null,
  );
  same(
    'desiredReplicas',
    view.desiredReplicas,
    k.status?.desiredReplicas ?? null,
  );
  same('lastScaleTime', view.lastScaleTime, iso(k.status?.lastScaleTime));
  same(
    'conditions',
    view.conditions.map(c => [
      c.type,
      c.status,
      c.reason,
      c.message,
      c.lastTransitionTime,
    ]),
    (k.status?.conditions ?? []).map(c => [
      c.type,
      c.status,
      c.reason,
      c.message,
      iso(c.lastTransitionTime),
    ]),
  );
  (k.spec.metrics ?? []).forEach((m, i) => {
    const source = m[lower(m.type)];
    const target = source.target;
    const v = view.metrics[i];
    same(`metrics[${i}].type`, v.type, m.type);
    same(`metrics[${i}].name`, v.name, source.metric?.name ?? source.name);
    same(`metrics[${i}].targetType`, v.targetType, target.type);
    same(
      `metrics[${i}].target`,
      v.target?.value,
      parseQuantity(
        target.averageUtilization ?? target.averageValue ?? target.value,
      ),
    );
    const status = (k.status?.currentMetrics ?? []).find(
      s =>
        s.type === m.type &&
        (s[lower(m.type)]?.metric?.name ?? s[lower(m.type)]?.name) === v.name,
    );
    const current = status?.[lower(m.type)]?.current;
    const field: Record<string, string> = {
      Utilization: 'averageUtilization',
      Value: 'value',
      AverageValue: 'averageValue',
    };
    const raw = current?.[field[target.type]];
    same(
      `metrics[${i}].current`,
      v.current?.value ?? null,
      raw === undefined ? null : parseQuantity(raw),
    );
  });
  const rules = (r?: Record<string, any>) =>
    r
      ? {
          stabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
          selectPolicy: r.selectPolicy ?? null,
          policies: (r.policies ?? []).map((p: Record<string, unknown>) => ({
            type: p.type,
            value: p.value,
            periodSeconds: p.periodSeconds,
          })),
        }
      : null;
  same(
    'behavior',
    view.behavior,
    k.spec.behavior
      ? {
          scaleUp: rules(k.spec.behavior.scaleUp),
          scaleDown: rules(k.spec.behavior.scaleDown),
        }
      : null,
  );
  same(
    'scaledObject',
    view.scaledObject,
    k.metadata.labels?.['scaledobject.keda.sh/name'] ?? null,
  );
  return diffs;
}
