import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { HpaStatusView } from '@internal/plugin-mlops-common';

/** Current replicas against maxReplicas, with min and desired in words. */
export function ReplicasGauge(props: { hpa: HpaStatusView }) {
  const { currentReplicas, desiredReplicas, minReplicas, maxReplicas, pinned } =
    props.hpa;
  const share =
    currentReplicas === null || maxReplicas <= 0
      ? 0
      : Math.min(100, (currentReplicas / maxReplicas) * 100);
  return (
    <Box>
      <Typography variant="h5" component="p" data-testid="replicas-gauge">
        {currentReplicas ?? 'unknown'} / {maxReplicas} replicas
      </Typography>
      <LinearProgress
        variant="determinate"
        value={share}
        color={pinned?.at === 'max' ? 'secondary' : 'primary'}
        aria-label={`${
          currentReplicas ?? 'unknown'
        } of at most ${maxReplicas} replicas`}
      />
      <Typography variant="caption" color="textSecondary">
        min {minReplicas} · desired {desiredReplicas ?? 'unknown'} · max{' '}
        {maxReplicas}
        {pinned ? ` · at ${pinned.at}Replicas` : ''}
      </Typography>
    </Box>
  );
}
