import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { FleetView, ServingStatus } from '@internal/plugin-mlops-common';
import { ServingStatusLabel } from '../serving/ServingStatus';
import { formatGpus } from '../gpuJobs/format';
import { formatCost } from '../shared/format';

const ORDER: ServingStatus[] = ['down', 'degraded', 'unknown', 'healthy'];

/** Services by status, GPUs allocated against capacity, idle GPUs and the week's cost. */
export function FleetSummary(props: { view: FleetView }) {
  const { view } = props;
  const counts = Object.fromEntries(
    ORDER.map(s => [s, view.services.filter(r => r.status === s).length]),
  );
  const capacity = view.gpus.pools.reduce((n, p) => n + p.capacity, 0);
  // The whole fleet's GPUs are its pools'; a team sees its own.
  const allocated = view.wholeFleet
    ? view.gpus.pools.reduce((n, p) => n + p.allocated, 0)
    : view.teams.reduce((n, t) => n + t.gpusAllocated, 0);
  const idle = view.wholeFleet
    ? view.gpus.pools.reduce((n, p) => n + p.idle, 0)
    : view.teams.reduce((n, t) => n + t.gpusIdle, 0);
  const cost = view.teams.reduce((n, t) => n + t.costThisWeek, 0);
  const pinned = view.services.filter(s => s.replicas?.pinnedAtMax).length;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 24 }}
      data-testid="fleet-summary"
    >
      {ORDER.map(status => (
        <Box key={status}>
          <Typography variant="h5" component="div">
            {counts[status]}
          </Typography>
          <ServingStatusLabel status={status} />
        </Box>
      ))}
      <Box>
        <Typography variant="h5" component="div">
          {pinned}
        </Typography>
        <Typography variant="body2">pinned at max replicas</Typography>
      </Box>
      <Box>
        <Typography variant="h5" component="div">
          {view.wholeFleet
            ? `${formatGpus(allocated)} / ${formatGpus(capacity)}`
            : formatGpus(allocated)}
        </Typography>
        <Typography variant="body2">
          GPUs allocated{view.wholeFleet ? ' / capacity' : ''}
        </Typography>
      </Box>
      <Box>
        <Typography
          variant="h5"
          component="div"
          color={idle ? 'error' : 'initial'}
        >
          {formatGpus(idle)}
        </Typography>
        <Typography variant="body2">idle allocated GPUs</Typography>
      </Box>
      <Box>
        <Typography variant="h5" component="div">
          {formatCost(cost, view.gpus.cost.currency)}
        </Typography>
        <Typography variant="body2">GPU cost this week</Typography>
      </Box>
    </Box>
  );
}
