import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { FleetTeamRow } from '@internal/plugin-mlops-common';
import { formatGpuHours, formatGpus } from '../gpuJobs/format';
import { formatCost } from '../shared/format';

const count = (n: number) => (n === 0 ? '–' : String(n));

function columns(currency: string): TableColumn<FleetTeamRow>[] {
  return [
    {
      title: 'Team',
      field: 'owner',
      highlight: true,
      render: t =>
        t.owner ? (
          <EntityRefLink entityRef={t.owner} hideIcon />
        ) : (
          'No owner (or namespace not bound)'
        ),
    },
    { title: 'Services', field: 'services', type: 'numeric' },
    {
      title: 'Down',
      type: 'numeric',
      field: 'byStatus.down',
      render: t => count(t.byStatus.down),
    },
    {
      title: 'Degraded',
      type: 'numeric',
      field: 'byStatus.degraded',
      render: t => count(t.byStatus.degraded),
    },
    {
      title: 'Unknown',
      type: 'numeric',
      field: 'byStatus.unknown',
      render: t => count(t.byStatus.unknown),
    },
    {
      title: 'Healthy',
      type: 'numeric',
      field: 'byStatus.healthy',
      render: t => count(t.byStatus.healthy),
    },
    {
      title: 'Worst burn (1 h)',
      field: 'worstBurnRate1h',
      type: 'numeric',
      render: t =>
        t.worstBurnRate1h === null ? '–' : `${t.worstBurnRate1h.toFixed(1)}×`,
    },
    {
      title: 'Budgets spent',
      field: 'budgetExhausted',
      type: 'numeric',
      render: t => count(t.budgetExhausted),
    },
    {
      title: 'GPUs allocated',
      field: 'gpusAllocated',
      type: 'numeric',
      render: t => formatGpus(t.gpusAllocated),
    },
    {
      title: 'GPUs idle',
      field: 'gpusIdle',
      type: 'numeric',
      render: t => (t.gpusIdle === 0 ? '–' : formatGpus(t.gpusIdle)),
    },
    {
      title: 'GPU-h (equiv.) this week',
      field: 'gpuHoursThisWeek',
      type: 'numeric',
      render: t => formatGpuHours(t.gpuHoursThisWeek),
    },
    {
      title: 'Cost this week',
      field: 'costThisWeek',
      type: 'numeric',
      render: t => formatCost(t.costThisWeek, currency),
    },
  ];
}

/** The fleet per team: services by status, budget burn, GPUs and their cost. */
export function FleetTeamsTable(props: {
  teams: FleetTeamRow[];
  currency: string;
}) {
  return (
    <Table<FleetTeamRow>
      title={`Teams (${props.teams.length})`}
      options={{ paging: false, padding: 'dense', search: false }}
      columns={columns(props.currency)}
      data={props.teams}
      emptyContent="No team owns a model service or holds GPUs yet."
    />
  );
}
