import { GpuQueueSummary } from '@internal/plugin-mlops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

/** Each Kueue queue of the namespace: the ClusterQueue's GPU quota per flavor against what its workloads use. */
export function GpuQueuesTable(props: { queues: GpuQueueSummary[] }) {
  return (
    <Table size="small" aria-label="GPU queues">
      <TableHead>
        <TableRow>
          <TableCell>Queue</TableCell>
          <TableCell>Flavor</TableCell>
          <TableCell align="right">GPUs used / quota</TableCell>
          <TableCell align="right">Borrowed</TableCell>
          <TableCell align="right">Pending / admitted workloads</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.queues.flatMap(q =>
          q.quota.map(quota => (
            <TableRow
              key={`${q.cluster}/${q.localQueue}/${quota.flavor}/${quota.resource}`}
            >
              <TableCell>
                {q.localQueue} → {q.clusterQueue ?? 'missing ClusterQueue'}
                {q.cohort ? ` (cohort ${q.cohort})` : ''}
              </TableCell>
              <TableCell>{quota.flavor}</TableCell>
              <TableCell align="right">
                {quota.used} / {quota.nominal}
              </TableCell>
              <TableCell align="right">{quota.borrowed}</TableCell>
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
