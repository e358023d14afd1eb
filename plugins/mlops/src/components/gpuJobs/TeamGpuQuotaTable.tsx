import { GpuQueueSummary } from '@internal/plugin-mlops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { teamClusterQueues } from './teamQuota';

const HEADINGS = [
  'Nominal quota',
  'Borrowing limit',
  'Reserved',
  'Used',
  'Borrowed',
  'Pending / admitted',
];

/** A team's GPU quota per ClusterQueue and flavor against what its workloads reserve, use and borrow. */
export function TeamGpuQuotaTable(props: { queues: GpuQueueSummary[] }) {
  return (
    <Table size="small" aria-label="Team GPU quota">
      <TableHead style={{ whiteSpace: 'nowrap' }}>
        <TableRow>
          <TableCell>ClusterQueue</TableCell>
          <TableCell>Flavor</TableCell>
          {HEADINGS.map(h => (
            <TableCell key={h} align="right">
              {h}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {teamClusterQueues(props.queues).flatMap(q =>
          (q.quota.length ? q.quota : [null]).map(quota => (
            <TableRow
              key={`${q.cluster}/${q.clusterQueue}/${q.localQueues[0]}/${quota?.flavor}/${quota?.resource}`}
            >
              <TableCell>
                {q.clusterQueue ?? 'missing ClusterQueue'}
                {q.cohort ? ` (cohort ${q.cohort})` : ''}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  display="block"
                >
                  {q.cluster} · from {q.localQueues.join(', ')}
                </Typography>
              </TableCell>
              {quota ? (
                <>
                  <TableCell>{quota.flavor}</TableCell>
                  <TableCell align="right">{quota.nominal}</TableCell>
                  <TableCell align="right">
                    {quota.borrowingLimit ?? (q.cohort ? 'unlimited' : '–')}
                  </TableCell>
                  <TableCell align="right">{quota.reserved}</TableCell>
                  <TableCell align="right">{quota.used}</TableCell>
                  <TableCell align="right">{quota.borrowed}</TableCell>
                </>
              ) : (
                <TableCell colSpan={6}>no GPU quota</TableCell>
              )}
              <TableCell align="right">
                {q.pendingWorkloads} / {q.admittedWorkloads}
              </TableCell>
            </TableRow>
          )),
        )}
      </TableBody>
    </Table>
  );
}
