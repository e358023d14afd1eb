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

/** How far a figure moves before a service's own pages are told. */
const FIGURE_CHANGE = 0.1;

const FIGURES = [
  'requestsPerSecond',
  'errorRatio',
  'latencyP95Ms',
  'errorBudgetRemaining',
  'burnRate1h',
  'gpuUtilisation',
] as const;

function moved(before: number | null, after: number | null): boolean {
  if (before === null || after === null) return before !== after;
  const scale = Math.max(Math.abs(before), Math.abs(after));
  return scale > 0 && Math.abs(after - before) / scale > FIGURE_CHANGE;
}

/** The row without its figures: status, counts, owner, and the reason's words. */
function shape(row: FleetServiceRow): string {
  const { replicas } = row;
  return JSON.stringify({
    ...row,
    ...Object.fromEntries(FIGURES.map(f => [f, undefined])),
    reason: row.reason.replace(/[\d.,]+/g, '#'),
    replicas: replicas && {
      ...replicas,
      pinnedAtMaxSince: replicas.pinnedAtMaxSince !== null,
    },
  });
}

/**
 * Whether a service's own pages should fetch again: its status, counts or
 * the words of its reason changed, or a figure moved by more than 10 %. The
 * fleet page, which shows every figure, is told of smaller changes too
 * (three significant digits); a service's pages are not, so that the drift
 * of busy services does not make every open page fetch on every run.
 */
function materiallyChanged(
  before: FleetServiceRow,
  after: FleetServiceRow,
): boolean {
  return (
    shape(before) !== shape(after) ||
    FIGURES.some(f => moved(before[f], after[f]))
  );
}

/**
 * What changed between two fleet answers: the services whose pages should
 * fetch again (added and removed included) and whether anything the fleet
 * page shows did.
 */
export function fleetChanges(
  before: FleetView | undefined,
  after: FleetView,
): { entityRefs: string[]; fleet: boolean } {
  const rowsBefore = new Map<string, FleetServiceRow>(
    (before?.services ?? []).map(s => [s.entityRef, s]),
  );
  const entityRefs = new Set<string>();
  let rowsChanged = false;
  for (const row of after.services) {
    const old = rowsBefore.get(row.entityRef);
    if (!old || materiallyChanged(old, row)) entityRefs.add(row.entityRef);
    if (!old || fingerprint(old) !== fingerprint(row)) rowsChanged = true;
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
    fleet: rowsChanged || entityRefs.size > 0 || seen(before) !== seen(after),
  };
}
