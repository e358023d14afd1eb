import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { GpuJob } from '@internal/plugin-mlops-common';

/** Mean GPU utilisation as a bar, with frame buffer and power below it. */
export function UtilisationBar(props: { job: GpuJob }) {
  const u = props.job.utilisation;
  if (!u || u.gpuUtilPercent === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.job.state === 'running' ? 'no DCGM metrics' : '–'}
      </Typography>
    );
  }
  const memory =
    u.memoryUsedMiB !== null && u.memoryTotalMiB
      ? `${(u.memoryUsedMiB / 1024).toFixed(0)} / ${(
          u.memoryTotalMiB / 1024
        ).toFixed(0)} GiB`
      : null;
  return (
    <Box
      minWidth={140}
      aria-label={`GPU utilisation ${u.gpuUtilPercent.toFixed(0)} %`}
    >
      <LinearProgress
        variant="determinate"
        value={Math.min(100, u.gpuUtilPercent)}
        color={props.job.idle ? 'secondary' : 'primary'}
      />
      <Typography variant="caption" color="textSecondary">
        {u.gpuUtilPercent.toFixed(0)} %{memory ? ` · ${memory}` : ''}
        {u.powerWatts !== null ? ` · ${u.powerWatts.toFixed(0)} W` : ''}
      </Typography>
    </Box>
  );
}
