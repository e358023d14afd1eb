import { InfoCard, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  HpaReplicasSeries,
  HpaStatusView,
  ScalingEvent,
} from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';
import { HpaBehavior } from './HpaBehavior';
import { HpaConditions } from './HpaConditions';
import { HpaMetricsTable } from './HpaMetricsTable';
import { ReplicasChart } from './ReplicasChart';
import { ReplicasGauge } from './ReplicasGauge';
import { ScalingTimeline } from './ScalingTimeline';

/** One HPA: replicas, what to do, metrics, conditions, behavior, history. */
export function HpaCard(props: {
  hpa: HpaStatusView;
  series: HpaReplicasSeries | undefined;
  events: ScalingEvent[];
  seriesStart: string;
  seriesEnd: string;
  /** Why Prometheus gave no replicas series, when it did not answer. */
  metricsFailure?: string;
}) {
  const { hpa } = props;
  return (
    <InfoCard
      title={hpa.name}
      titleTypographyProps={{ component: 'h2' }}
      subheader={`${hpa.scaleTarget.kind} ${hpa.scaleTarget.name} · ${
        hpa.namespace
      } · ${hpa.cluster} · last scaled ${formatAgo(hpa.lastScaleTime)}`}
      action={
        hpa.scaledObject ? (
          <Chip size="small" label={`KEDA ScaledObject ${hpa.scaledObject}`} />
        ) : undefined
      }
    >
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <ReplicasGauge hpa={hpa} />
        </Grid>
        <Grid item xs={12} md={8}>
          {hpa.summary.length > 0 ? (
            <WarningPanel
              severity={hpa.pinned?.at === 'max' ? 'error' : 'warning'}
              title={hpa.summary[0]}
              defaultExpanded
            >
              {hpa.summary.length > 1
                ? hpa.summary.slice(1).map(s => (
                    <Typography key={s} variant="body2">
                      {s}
                    </Typography>
                  ))
                : undefined}
            </WarningPanel>
          ) : (
            <Typography variant="body2">
              Scaling normally between {hpa.minReplicas} and {hpa.maxReplicas}{' '}
              replicas.
            </Typography>
          )}
        </Grid>
        <Grid item xs={12}>
          <HpaMetricsTable metrics={hpa.metrics} />
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2">Conditions</Typography>
          <HpaConditions conditions={hpa.conditions} />
          <Box mt={1}>
            <Typography variant="subtitle2">Behavior</Typography>
            <HpaBehavior behavior={hpa.behavior} />
          </Box>
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2">Replicas, last hour</Typography>
          <ReplicasChart
            series={props.series}
            start={props.seriesStart}
            end={props.seriesEnd}
            metricsFailure={props.metricsFailure}
          />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="subtitle2">Scaling events</Typography>
          <ScalingTimeline events={props.events} showHpa={false} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
