import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  PodSummary,
  ReplicaHealth,
  WorkloadSummary,
} from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';

const workloadColumns: TableColumn<WorkloadSummary>[] = [
  { title: 'Cluster', field: 'cluster' },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Deployment', field: 'name' },
  {
    title: 'Ready',
    render: w => `${w.readyReplicas}/${w.desiredReplicas}`,
  },
  {
    title: 'Image',
    render: w => w.images.map(i => i.image).join(', '),
  },
  { title: 'Version', render: w => w.version ?? '–' },
];

const podColumns: TableColumn<PodSummary>[] = [
  { title: 'Cluster', field: 'cluster' },
  { title: 'Pod', field: 'name' },
  { title: 'Phase', field: 'phase' },
  { title: 'Ready', render: p => (p.ready ? 'yes' : 'no') },
  { title: 'Restarts', field: 'restarts', type: 'numeric' },
  { title: 'Waiting', render: p => p.waitingReason ?? '' },
  {
    title: 'Last termination',
    render: p =>
      p.lastTermination
        ? `${p.lastTermination.reason}${
            p.lastTermination.exitCode !== null
              ? ` (exit ${p.lastTermination.exitCode})`
              : ''
          } ${formatAgo(p.lastTermination.finishedAt)}`
        : '',
  },
  { title: 'Node', render: p => p.node ?? '' },
  { title: 'Started', render: p => formatAgo(p.startedAt) },
];

/** Deployments and their pods, as the clusters report them. */
export function ReplicasTables(props: { replicas: ReplicaHealth }) {
  const { replicas } = props;
  return (
    <Box>
      <Table<WorkloadSummary>
        title={`Deployments: ${replicas.ready}/${replicas.desired} replicas ready`}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={workloadColumns}
        data={replicas.workloads}
      />
      <Box mt={2}>
        <Table<PodSummary>
          title={`Pods: ${replicas.restarts} restarts, ${replicas.crashLoopingPods} crash-looping, ${replicas.recentOomKills} OOMKilled in ${replicas.recentWindowMinutes} min`}
          options={{
            paging: replicas.pods.length > 20,
            pageSize: 20,
            search: false,
            padding: 'dense',
          }}
          columns={podColumns}
          data={replicas.pods}
        />
        {replicas.podsTruncated && (
          <Typography variant="caption" color="textSecondary">
            Only the first {replicas.pods.length} pods are listed.
          </Typography>
        )}
      </Box>
    </Box>
  );
}
