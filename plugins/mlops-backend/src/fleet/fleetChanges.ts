import { FleetServiceRow, FleetView } from '@internal/plugin-mlops-common';

/** Figures kept to three significant digits, so that noise is not a change. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(3));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, rounded(v)]),
    );
  }
  return value;
}

function fingerprint(value: unknown): string {
  return JSON.stringify(rounded(value));
}

/**
 * What changed between two fleet answers: the services whose row differs
 * (added and removed included) and whether anything a viewer sees did.
 */
export function fleetChanges(
  before: FleetView | undefined,
  after: FleetView,
): { entityRefs: string[]; fleet: boolean } {
  const rowsBefore = new Map<string, FleetServiceRow>(
    (before?.services ?? []).map(s => [s.entityRef, s]),
  );
  const entityRefs = new Set<string>();
  for (const row of after.services) {
    const old = rowsBefore.get(row.entityRef);
    if (!old || fingerprint(old) !== fingerprint(row)) {
      entityRefs.add(row.entityRef);
    }
    rowsBefore.delete(row.entityRef);
  }
  rowsBefore.forEach((_, ref) => entityRefs.add(ref));
  const seen = (v?: FleetView) =>
    v &&
    fingerprint({
      teams: v.teams,
      gpus: v.gpus,
      sources: v.sources.map(s => [s.name, s.ok]),
    });
  return {
    entityRefs: [...entityRefs].sort(),
    fleet: entityRefs.size > 0 || seen(before) !== seen(after),
  };
}
