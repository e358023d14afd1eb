import {
  DeliveryModelRegistry,
  ModelRegistryError,
  RegisteredModelSummary,
  RevisionRole,
  RevisionView,
} from '@internal/plugin-mlops-common';
import { hasPods } from './revisions';

const ROLE_ORDER: RevisionRole[] = ['stable', 'canary', 'old'];

/** The registered model versions the revisions with pods serve, with the roles they play. */
export function servedVersions(
  revisions: RevisionView[],
): Array<{ version: string; roles: RevisionRole[] }> {
  const roles = new Map<string, Set<RevisionRole>>();
  for (const r of revisions) {
    if (r.role === 'old' || !r.modelVersion || !hasPods(r)) continue;
    const set = roles.get(r.modelVersion) ?? new Set<RevisionRole>();
    set.add(r.role);
    roles.set(r.modelVersion, set);
  }
  const first = (set: Set<RevisionRole>) =>
    Math.min(...[...set].map(role => ROLE_ORDER.indexOf(role)));
  return [...roles.entries()]
    .sort(([a, x], [b, y]) => first(x) - first(y) || a.localeCompare(b))
    .map(([version, set]) => ({
      version,
      roles: ROLE_ORDER.filter(role => set.has(role)),
    }));
}

/** The model registry's part of the answer: the model and the versions served, or why not. */
export function deliveryModelRegistry(input: {
  registry: string;
  model: string;
  modelUrl: string;
  versionUrl: (version: string) => string;
  registeredModel: RegisteredModelSummary | null;
  error?: ModelRegistryError;
  revisions: RevisionView[];
}): DeliveryModelRegistry {
  const { registeredModel } = input;
  return {
    registry: input.registry,
    model: input.model,
    url: input.modelUrl,
    registeredModel,
    served: servedVersions(input.revisions).map(s => ({
      ...s,
      url: input.versionUrl(s.version),
      details:
        registeredModel?.versions.find(v => v.version === s.version) ?? null,
    })),
    ...(input.error ? { error: input.error } : {}),
  };
}
