import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import { GpuJob } from '@internal/plugin-mlops-common';
import useAsync from 'react-use/esm/useAsync';
import { mlopsApiRef } from '../../api/MlopsApi';
import { formatAgo } from '../shared/format';
import { NotConfigured } from '../shared/NotConfigured';
import { SourcesNotice } from '../shared/SourcesNotice';
import { ClaimConflictNotice } from './ClaimConflictNotice';
import { formatMigRequest } from './format';
import { JobState } from './JobState';

/** "4 × NVIDIA-A100-SXM4-80GB", or "1 × MIG 3g.40gb (0.43 GPU) of NVIDIA-A100-SXM4-80GB". */
function gpusOf(job: GpuJob): string {
  const mig = formatMigRequest(job);
  if (!mig) return `${job.gpus} × ${job.gpuModel ?? job.gpuResource}`;
  return job.gpuModel ? `${mig} of ${job.gpuModel}` : mig;
}

/** One job: what it is, its pods with log links, and its Events. */
export function GpuJobDrawer(props: {
  entity: CompoundEntityRef;
  job: GpuJob | undefined;
  onClose: () => void;
}) {
  const { job } = props;
  return (
    <Drawer anchor="right" open={!!job} onClose={props.onClose}>
      <Box width={640} padding={3} role="dialog" aria-label="GPU job">
        {job && (
          <>
            <Box display="flex" justifyContent="space-between">
              <Typography variant="h5">{job.name}</Typography>
              <IconButton aria-label="Close" onClick={props.onClose}>
                <CloseIcon />
              </IconButton>
            </Box>
            <JobState job={job} />
            <ClaimConflictNotice
              viewer={stringifyEntityRef(props.entity)}
              jobs={[job]}
            />
            {job.message && (
              <Typography variant="body2" paragraph>
                {job.message}
              </Typography>
            )}
            <Typography variant="body2" color="textSecondary" paragraph>
              {job.cluster} / {job.namespace} · {gpusOf(job)} on{' '}
              {job.nodes.join(', ') || 'no node'}
              {job.queueName ? ` · Kueue queue ${job.queueName}` : ''}
            </Typography>
            <JobDetail entity={props.entity} job={job} />
          </>
        )}
      </Box>
    </Drawer>
  );
}

function JobDetail(props: { entity: CompoundEntityRef; job: GpuJob }) {
  const api = useApi(mlopsApiRef);
  const { job, entity } = props;
  const { value, loading, error } = useAsync(
    () => api.getGpuJob(entity, job),
    [api, job.cluster, job.namespace, job.name],
  );
  if (loading) return <Progress />;
  if (error || !value) return <ResponseErrorPanel error={error!} />;
  if ('state' in value) return <NotConfigured answer={value} />;
  if (!job.live) {
    return (
      <Typography variant="body2">
        Kubernetes has deleted this Job; its pods and Events are gone. The
        portal's history keeps what is shown above.
      </Typography>
    );
  }
  return (
    <>
      <SourcesNotice sources={value.sources} />
      <Typography variant="h6">Pods</Typography>
      <Table size="small" aria-label="Pods">
        <TableHead>
          <TableRow>
            <TableCell>Pod</TableCell>
            <TableCell>Phase</TableCell>
            <TableCell>Node</TableCell>
            <TableCell>Containers</TableCell>
            <TableCell>Logs</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.pods.map(pod => (
            <TableRow key={pod.name}>
              <TableCell>{pod.name}</TableCell>
              <TableCell>{pod.phase}</TableCell>
              <TableCell>{pod.node ?? '–'}</TableCell>
              <TableCell>
                {pod.containers
                  .map(
                    c =>
                      `${c.name}: ${c.reason ?? c.state}${
                        c.exitCode !== null ? ` (exit ${c.exitCode})` : ''
                      }`,
                  )
                  .join(', ') || '–'}
              </TableCell>
              <TableCell>
                {pod.logsUrl ? <Link to={pod.logsUrl}>logs</Link> : '–'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="h6" style={{ marginTop: 16 }}>
        Events
      </Typography>
      <List dense aria-label="Events">
        {value.events.length === 0 && (
          <ListItem>
            <ListItemText primary="No Events (the apiserver keeps them for an hour)" />
          </ListItem>
        )}
        {value.events.map((e, i) => (
          <ListItem key={i}>
            <ListItemText
              primary={`${e.type} ${e.reason}${
                e.count > 1 ? ` (×${e.count})` : ''
              }: ${e.message}`}
              secondary={`${e.object} · ${formatAgo(e.lastSeen)}`}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}
