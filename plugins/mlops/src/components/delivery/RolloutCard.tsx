import { InfoCard, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RolloutView } from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';
import { AnalysisRuns } from './AnalysisRuns';
import { RevisionsTable } from './RevisionsTable';
import {
  canaryWeightText,
  rolloutPhaseBadge,
  RolloutTone,
  strategyLabel,
  summaryIsFailure,
} from './rolloutStatus';
import { RolloutSteps } from './RolloutSteps';
import { SloComparisonTable } from './SloComparisonTable';

const useStyles = makeStyles(theme => {
  const chip = (color: string) => ({
    backgroundColor: color,
    color: theme.palette.getContrastText(color),
  });
  return {
    ok: chip(theme.palette.success.main),
    progress: chip(theme.palette.info.main),
    paused: chip(theme.palette.warning.main),
    error: chip(theme.palette.error.main),
    unknown: chip(theme.palette.grey[500]),
  } satisfies Record<RolloutTone, object>;
});

function PhaseChip(props: { rollout: RolloutView }) {
  const classes = useStyles();
  const badge = rolloutPhaseBadge(props.rollout);
  return (
    <Chip
      label={badge.label}
      className={classes[badge.tone]}
      data-testid="rollout-phase"
    />
  );
}

/** What is happening, prominently: an error panel only when the rollout failed. */
function Summary(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const lines = rollout.summary.length
    ? rollout.summary
    : [rollout.message].filter((m): m is string => Boolean(m));
  if (lines.length === 0) return null;
  if (summaryIsFailure(rollout)) {
    return (
      <WarningPanel severity="error" title={lines[0]} defaultExpanded>
        {lines.length > 1
          ? lines.slice(1).map(line => (
              <Typography key={line} variant="body2">
                {line}
              </Typography>
            ))
          : undefined}
        {rollout.abortedAt && (
          <Typography variant="caption" color="textSecondary">
            Aborted {formatAgo(rollout.abortedAt)}
          </Typography>
        )}
      </WarningPanel>
    );
  }
  return (
    <Box data-testid="rollout-summary">
      {lines.map((line, i) => (
        <Typography key={line} variant={i === 0 ? 'h6' : 'body1'} component="p">
          {line}
        </Typography>
      ))}
    </Box>
  );
}

function Problems(props: { problems: string[] }) {
  const { problems } = props;
  if (problems.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      title={
        problems.length === 1
          ? problems[0]
          : `${problems.length} problems with this Rollout’s setup`
      }
    >
      {problems.length > 1
        ? problems.map(p => (
            <Typography key={p} variant="body2">
              {p}
            </Typography>
          ))
        : undefined}
    </WarningPanel>
  );
}

function CanaryWeight(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const text = canaryWeightText(rollout.canaryWeight);
  const weight = Math.max(0, Math.min(100, rollout.canaryWeight ?? 0));
  return (
    <Box>
      {text && (
        <>
          <Typography variant="subtitle2" data-testid="canary-weight">
            {text}
          </Typography>
          <LinearProgress
            variant="determinate"
            value={weight}
            color={rollout.aborted ? 'secondary' : 'primary'}
            aria-label={text}
          />
        </>
      )}
      <Typography variant="caption" color="textSecondary">
        {rollout.readyReplicas} ready of {rollout.desiredReplicas ?? 'unknown'}{' '}
        desired · {rollout.updatedReplicas} updated ·{' '}
        {rollout.availableReplicas} available
      </Typography>
    </Box>
  );
}

function subheader(rollout: RolloutView): string {
  return [
    `Rollout, ${strategyLabel(rollout.strategy)}`,
    rollout.cluster,
    rollout.namespace,
    rollout.workloadRef ? `pods of ${rollout.workloadRef}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** One Argo Rollout: phase, what happened, steps, revisions, stable against canary, analysis. */
export function RolloutCard(props: {
  rollout: RolloutView;
  /** Why Prometheus gave no figures, when it did not answer. */
  metricsFailure?: string;
}) {
  const { rollout } = props;
  const canary = rollout.revisions.find(r => r.role === 'canary');
  const stable = rollout.revisions.find(r => r.role === 'stable');
  return (
    <InfoCard
      title={rollout.name}
      titleTypographyProps={{ component: 'h2' }}
      subheader={subheader(rollout)}
      action={<PhaseChip rollout={rollout} />}
    >
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <Summary rollout={rollout} />
          <Problems problems={rollout.problems} />
        </Grid>
        <Grid item xs={12} md={rollout.steps.length > 0 ? 5 : 12}>
          <CanaryWeight rollout={rollout} />
          {rollout.steps.length > 0 && (
            <Box mt={1}>
              <Typography variant="subtitle2" component="h3">
                Steps
              </Typography>
              <RolloutSteps rollout={rollout} />
            </Box>
          )}
        </Grid>
        <Grid item xs={12} md={rollout.steps.length > 0 ? 7 : 12}>
          <Typography variant="subtitle2" component="h3">
            {rollout.strategy === 'blueGreen'
              ? 'Stable (active) vs preview'
              : 'Stable vs canary'}
          </Typography>
          {canary ? (
            <SloComparisonTable
              stable={stable}
              canary={canary}
              runs={rollout.analysisRuns}
              strategy={rollout.strategy}
              metricsFailure={props.metricsFailure}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              Nothing is rolling out: every pod runs the stable revision.
            </Typography>
          )}
        </Grid>
        <Grid item xs={12}>
          <Typography variant="subtitle2" component="h3">
            Revisions
          </Typography>
          <RevisionsTable
            revisions={rollout.revisions}
            strategy={rollout.strategy}
            label={`Revisions of ${rollout.name}`}
          />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="subtitle2" component="h3">
            Analysis runs ({rollout.analysisRuns.length})
          </Typography>
          <AnalysisRuns runs={rollout.analysisRuns} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
