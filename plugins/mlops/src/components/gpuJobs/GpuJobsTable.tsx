import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { GpuJob } from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';
import {
  anyMig,
  formatDuration,
  formatGpuHours,
  formatMigRequest,
  formatReplicas,
  GPU_EQUIVALENT_HOURS,
} from './format';
import { JobQueue } from './JobQueue';
import { JobState } from './JobState';
import { UtilisationBar } from './UtilisationBar';

const HEADERS = ['Job', 'State', 'Started', 'Duration', 'Waited', 'GPUs'];

const ESTIMATED =
  'Estimated: a pod of this job ended while the portal was not watching, so its end is the last time it was seen running (or the job finishing), or the job was recorded before GPU time was kept per pod.';

/** Running and recent jobs, one row each; the name opens the job's drawer. */
export function GpuJobsTable(props: {
  jobs: GpuJob[];
  onOpen: (job: GpuJob) => void;
}) {
  // With MIG slices among the jobs, the hours are GPU-equivalents: say so.
  const mig = anyMig(props.jobs);
  return (
    <Table size="small" aria-label="GPU jobs">
      <TableHead>
        <TableRow>
          {HEADERS.map(h => (
            <TableCell key={h} style={{ whiteSpace: 'nowrap' }}>
              {h}
            </TableCell>
          ))}
          <TableCell>Utilisation</TableCell>
          <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
            {mig ? (
              <Tooltip title={GPU_EQUIVALENT_HOURS}>
                <span>GPU-h (equiv.)</span>
              </Tooltip>
            ) : (
              'GPU-hours'
            )}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.jobs.map(job => (
          <TableRow key={`${job.cluster}/${job.uid}`}>
            <TableCell>
              <Button
                size="small"
                onClick={() => props.onOpen(job)}
                style={{ textTransform: 'none' }}
              >
                {job.name}
              </Button>
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                {job.cluster} / {job.namespace} · {job.kind}
                {job.controllers.length
                  ? ` · ${job.controllers.map(c => c.kind).join(', ')}`
                  : ''}
                {job.live ? '' : ' · deleted from the cluster'}
              </Typography>
              {job.replicas && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  display="block"
                >
                  {formatReplicas(job)}
                </Typography>
              )}
            </TableCell>
            {/* Wide enough that a state ("succeeded") never breaks inside a word. */}
            <TableCell style={{ minWidth: 170 }}>
              <JobState job={job} />
              {job.reason === 'PartlyRunning' && job.message && (
                <Typography variant="caption" display="block">
                  {job.message}
                </Typography>
              )}
              {job.queue && <JobQueue queue={job.queue} />}
              {job.retries > 0 && (
                <Typography variant="caption" display="block">
                  {job.retries} failed attempt{job.retries > 1 ? 's' : ''}
                </Typography>
              )}
            </TableCell>
            <TableCell>{formatAgo(job.startedAt)}</TableCell>
            <TableCell>{formatDuration(job.durationSeconds)}</TableCell>
            <TableCell>{formatDuration(job.waitSeconds)}</TableCell>
            <TableCell>
              {formatMigRequest(job) ?? job.gpus}
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                {job.gpuModel ?? job.gpuResource}
              </Typography>
            </TableCell>
            <TableCell>
              <UtilisationBar job={job} />
            </TableCell>
            <TableCell align="right">
              {job.gpuHoursEstimated ? (
                <Tooltip title={ESTIMATED}>
                  <span>≈ {formatGpuHours(job.gpuHours)}</span>
                </Tooltip>
              ) : (
                formatGpuHours(job.gpuHours)
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
