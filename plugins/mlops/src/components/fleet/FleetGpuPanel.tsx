import { Table, TableColumn, WarningPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  FleetGpuPool,
  FleetGpus,
  FleetPendingJob,
  FleetServiceGpuHours,
} from '@internal/plugin-mlops-common';
import {
  formatGpuHours,
  formatGpus,
  formatMigRequest,
} from '../gpuJobs/format';
import { formatAgo } from '../shared/format';
import { formatCost } from '../shared/format';
import { shortRef } from './entityLinks';

const poolColumns: TableColumn<FleetGpuPool>[] = [
  { title: 'Cluster', field: 'cluster' },
  { title: 'GPU model', field: 'gpuModel' },
  {
    title: 'Allocated / capacity',
    field: 'allocated',
    render: p => (
      <Box minWidth={160}>
        {formatGpus(p.allocated)} / {formatGpus(p.capacity)}
        <LinearProgress
          variant="determinate"
          value={
            p.capacity ? Math.min(100, (100 * p.allocated) / p.capacity) : 0
          }
        />
      </Box>
    ),
  },
  {
    title: 'Idle allocated',
    field: 'idle',
    type: 'numeric',
    render: p =>
      p.idle ? (
        <Typography color="error">{formatGpus(p.idle)}</Typography>
      ) : (
        '–'
      ),
  },
];

const pendingColumns: TableColumn<FleetPendingJob>[] = [
  { title: 'Job', field: 'name', render: j => `${j.namespace}/${j.name}` },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Team', field: 'team', render: j => shortRef(j.team) },
  {
    title: 'GPUs',
    field: 'gpuEquivalents',
    type: 'numeric',
    render: j => formatMigRequest(j) ?? j.gpus,
  },
  { title: 'Why', field: 'reason', render: j => j.reason ?? '–' },
  {
    title: 'Waiting since',
    field: 'waitingSince',
    defaultSort: 'asc',
    render: j => formatAgo(j.waitingSince),
  },
];

function serviceColumns(currency: string): TableColumn<FleetServiceGpuHours>[] {
  return [
    {
      title: 'Service or pipeline',
      field: 'entityRef',
      render: s => <EntityRefLink entityRef={s.entityRef} hideIcon />,
    },
    { title: 'Team', field: 'owner', render: s => shortRef(s.owner) },
    {
      title: 'GPU-h (equiv.)',
      field: 'gpuHours',
      type: 'numeric',
      render: s => formatGpuHours(s.gpuHours),
    },
    {
      title: 'Cost',
      field: 'cost',
      type: 'numeric',
      render: s => formatCost(s.cost, currency),
    },
  ];
}

/** GPUs against capacity, idle ones, waiting jobs, and the week's GPU-hours and cost. */
export function FleetGpuPanel(props: { gpus: FleetGpus; wholeFleet: boolean }) {
  const { gpus } = props;
  const { currency } = gpus.cost;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          GPUs and GPU-hours are GPU-equivalents: a MIG slice counts as its
          share of a GPU (3g.40gb = 3/7), so one 3g.40gb slice for 2 h is 0.86
          GPU-hours.
        </Typography>
      </Grid>
      {gpus.cost.unpricedModels.length > 0 && (
        <Grid item xs={12}>
          <WarningPanel
            severity="info"
            title={`No price for ${gpus.cost.unpricedModels.join(', ')}`}
            message="Their GPU-hours count nothing in the costs below; add a price per GPU-hour under mlops.fleet.gpuPrices.perGpuHour."
          />
        </Grid>
      )}
      {props.wholeFleet && (
        <Grid item xs={12} md={6}>
          <Table<FleetGpuPool>
            title="GPUs per cluster and model"
            options={{ paging: false, padding: 'dense', search: false }}
            columns={poolColumns}
            data={gpus.pools}
            emptyContent="No node offers GPUs."
          />
        </Grid>
      )}
      <Grid item xs={12} md={props.wholeFleet ? 6 : 12}>
        <Table<FleetPendingJob>
          title={`Pending GPU jobs (${gpus.pendingJobs.length})`}
          options={{ paging: false, padding: 'dense', search: false }}
          columns={pendingColumns}
          data={gpus.pendingJobs}
          emptyContent="No GPU job is waiting."
        />
      </Grid>
      <Grid item xs={12}>
        <Table<FleetServiceGpuHours>
          title={`GPU-hours since ${new Date(gpus.weekStart)
            .toUTCString()
            .slice(0, 16)} (UTC)`}
          subtitle={`Prices per GPU-hour: ${
            Object.entries(gpus.cost.pricePerGpuHour)
              .map(
                ([model, price]) => `${model} ${formatCost(price, currency)}`,
              )
              .join(', ') || 'none configured'
          }`}
          options={{ paging: false, padding: 'dense', search: false }}
          columns={serviceColumns(currency)}
          data={gpus.services}
          emptyContent="No GPU job ran this week."
        />
      </Grid>
    </Grid>
  );
}
