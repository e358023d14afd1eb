import { Table, TableColumn } from '@backstage/core-components';
import { useMemo } from 'react';
import Typography from '@material-ui/core/Typography';
import { FleetServiceRow, ServingStatus } from '@internal/plugin-mlops-common';
import {
  formatMs,
  formatPercent,
  formatRate,
  formatAgo,
} from '../shared/format';
import { formatGpus } from '../gpuJobs/format';
import { ServingStatusLabel } from '../serving/ServingStatus';
import { ServiceLinks, shortRef } from './entityLinks';

const SEVERITY: Record<ServingStatus, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};

/** A row with the fields the table filters on. */
export type ServiceTableRow = FleetServiceRow & {
  ownerName: string;
  systemName: string;
  clusterNames: string;
  frameworkName: string;
};

export function toTableRows(rows: FleetServiceRow[]): ServiceTableRow[] {
  return rows.map(r => ({
    ...r,
    ownerName: shortRef(r.owner),
    systemName: shortRef(r.system),
    clusterNames: r.clusters.join(', ') || '–',
    frameworkName: r.framework ?? '–',
  }));
}

/** Two lines at most; the whole reason is the element's title. */
const CLAMPED = {
  display: '-webkit-box',
  WebkitLineClamp: 2,
  WebkitBoxOrient: 'vertical' as const,
  overflow: 'hidden',
  wordBreak: 'break-word' as const,
};

const byNumber =
  (pick: (r: ServiceTableRow) => number | null | undefined) =>
  (a: ServiceTableRow, b: ServiceTableRow) =>
    (pick(a) ?? -Infinity) - (pick(b) ?? -Infinity);

function Replicas(props: { row: FleetServiceRow }) {
  const r = props.row.replicas;
  if (!r) return <>–</>;
  return (
    <div>
      {r.ready}/{r.desired}
      {r.max !== null ? ` of max ${r.max}` : ''}
      {r.pinnedAtMax && (
        <Typography
          variant="caption"
          color="error"
          display="block"
          data-testid="pinned-at-max"
        >
          pinned at max{' '}
          {r.pinnedAtMaxSince
            ? formatAgo(r.pinnedAtMaxSince).replace(' ago', '')
            : ''}
        </Typography>
      )}
    </div>
  );
}

const columns: TableColumn<ServiceTableRow>[] = [
  {
    title: 'Service',
    field: 'name',
    highlight: true,
    cellStyle: { minWidth: 180 },
    render: r => (
      <div>
        <ServiceLinks entityRef={r.entityRef} title={r.title ?? r.name} />
      </div>
    ),
  },
  {
    title: 'Status',
    field: 'status',
    customSort: (a, b) => SEVERITY[a.status] - SEVERITY[b.status],
    render: r => (
      <div style={{ minWidth: 200, maxWidth: 320 }}>
        <ServingStatusLabel status={r.status} />
        <Typography
          variant="caption"
          display="block"
          color="textSecondary"
          title={r.reason}
          style={CLAMPED}
        >
          {r.reason}
        </Typography>
      </div>
    ),
  },
  {
    title: 'Traffic',
    field: 'requestsPerSecond',
    type: 'numeric',
    customSort: byNumber(r => r.requestsPerSecond),
    render: r => (
      <span data-testid="fleet-traffic">
        {formatRate(r.requestsPerSecond)} req/s
      </span>
    ),
  },
  {
    title: 'Errors',
    field: 'errorRatio',
    type: 'numeric',
    customSort: byNumber(r => r.errorRatio),
    render: r => formatPercent(r.errorRatio),
  },
  {
    title: 'p95 / objective',
    field: 'latencyP95Ms',
    type: 'numeric',
    customSort: byNumber(r =>
      r.latencyP95Ms === null || !r.latencyP95ObjectiveMs
        ? null
        : r.latencyP95Ms / r.latencyP95ObjectiveMs,
    ),
    render: r =>
      `${formatMs(r.latencyP95Ms)} / ${formatMs(r.latencyP95ObjectiveMs)}`,
  },
  {
    title: 'Budget left',
    field: 'errorBudgetRemaining',
    type: 'numeric',
    customSort: byNumber(r => r.errorBudgetRemaining),
    render: r => formatPercent(r.errorBudgetRemaining),
  },
  {
    title: 'Burn (1 h)',
    field: 'burnRate1h',
    type: 'numeric',
    customSort: byNumber(r => r.burnRate1h),
    render: r => (r.burnRate1h === null ? '–' : `${r.burnRate1h.toFixed(1)}×`),
  },
  {
    title: 'Replicas',
    field: 'replicas',
    customSort: byNumber(r =>
      r.replicas?.max ? r.replicas.desired / r.replicas.max : null,
    ),
    render: r => <Replicas row={r} />,
  },
  {
    title: 'GPUs',
    field: 'gpusAllocated',
    type: 'numeric',
    customSort: byNumber(r => r.gpusAllocated),
    render: r =>
      r.gpusAllocated === 0
        ? '–'
        : `${formatGpus(r.gpusAllocated)} at ${formatPercent(
            r.gpuUtilisation,
          )}`,
  },
  { title: 'Owner', field: 'ownerName' },
  { title: 'System', field: 'systemName' },
  { title: 'Framework', field: 'frameworkName' },
  { title: 'Clusters', field: 'clusterNames' },
];

/**
 * Every model service the viewer may see, worst first, sortable and
 * filterable. Cells are plain elements, not MUI Boxes: a Box makes its styles
 * per instance, and a page holds up to 1,000 rows.
 */
export function FleetServicesTable(props: {
  rows: FleetServiceRow[];
  wholeFleet: boolean;
}) {
  // The same data while the answer is the same: the table re-sorts and
  // re-filters everything when it gets a new array.
  const data = useMemo(() => toTableRows(props.rows), [props.rows]);
  return (
    <Table<ServiceTableRow>
      title={`Model services (${props.rows.length})`}
      options={{
        paging: props.rows.length > 100,
        pageSize: 100,
        pageSizeOptions: [100, 500, 1000],
        // A filtered page of 1,000 would otherwise be padded with empty rows.
        emptyRowsWhenPaging: false,
        padding: 'dense',
        search: true,
      }}
      columns={columns}
      data={data}
      emptyContent={
        <Typography style={{ padding: 16 }} data-testid="no-services">
          {props.wholeFleet
            ? 'No model services yet: the fleet lists the catalog components of spec.type model-service.'
            : 'Your groups own no model services: the fleet lists the catalog components of spec.type model-service that they own.'}
        </Typography>
      }
      filters={[
        { column: 'Owner', type: 'multiple-select' },
        { column: 'Status', type: 'multiple-select' },
        { column: 'System', type: 'multiple-select' },
        { column: 'Clusters', type: 'multiple-select' },
        { column: 'Framework', type: 'multiple-select' },
      ]}
    />
  );
}
