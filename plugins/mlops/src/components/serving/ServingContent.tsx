import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ModelServingHealth,
  SERVING_TIME_RANGES,
  ServingTimeRange,
} from '@internal/plugin-mlops-common';
import { useState } from 'react';
import { AnswerGate } from '../shared/AnswerGate';
import { formatAgo } from '../shared/format';
import { failedSourcesMessage, failureText } from '../shared/sourceFailures';
import { SourcesNotice } from '../shared/SourcesNotice';
import { usePolledAnswer } from '../shared/usePolledAnswer';
import { BurnRateTable } from './BurnRateTable';
import { GoldenSignalTiles } from './GoldenSignalTiles';
import { InferenceServiceCard } from './InferenceServiceCard';
import { LlmSignalTiles } from './LlmSignalTiles';
import { ReplicasTables } from './ReplicasTables';
import { ServingCharts } from './ServingCharts';
import { ServingLinks } from './ServingLinks';
import { ServingStatusHeadline } from './ServingStatus';
import { SloSummary } from './SloSummary';
import { TokenObjectivesTable } from './TokenObjectivesTable';
import { LastUpdated } from '../shared/LastUpdated';

function RangePicker(props: {
  range: ServingTimeRange;
  onChange: (range: ServingTimeRange) => void;
}) {
  return (
    <ButtonGroup size="small" color="primary" aria-label="Time range">
      {SERVING_TIME_RANGES.map(r => (
        <Button
          key={r}
          variant={r === props.range ? 'contained' : 'outlined'}
          onClick={() => props.onChange(r)}
          aria-pressed={r === props.range}
        >
          {r}
        </Button>
      ))}
    </ButtonGroup>
  );
}

function Charts(props: { range: ServingTimeRange }) {
  const { range } = props;
  const series = usePolledAnswer(
    (api, ref) => api.getServingTimeSeries(ref, range),
    [range],
  );
  return (
    <AnswerGate answer={series} notConfigured="hide">
      {value => {
        if (value.metrics.found) return <ServingCharts data={value} />;
        const failure = failedSourcesMessage(value.sources, ['prometheus']);
        return (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="charts-empty"
          >
            {failure ??
              `No metrics found for ${value.metrics.selector} in the last ${range}; check the annotations backstage.io/kubernetes-id and mlops-portal.io/metrics-profile.`}
          </Typography>
        );
      }}
    </AnswerGate>
  );
}

function ServingView(props: {
  health: ModelServingHealth;
  range: ServingTimeRange;
  onRangeChange: (range: ServingTimeRange) => void;
}) {
  const { health, range } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Serving health"
          titleTypographyProps={{ component: 'h2' }}
          subheader={`${health.metrics.profileTitle}${
            health.metrics.profileDetected ? ' (detected)' : ''
          } · ${health.metrics.prometheus ?? 'no Prometheus'} · clusters ${
            health.clusters.join(', ') || 'none'
          } · evaluated ${formatAgo(health.evaluatedAt)}`}
          action={<ServingLinks links={health.links} />}
        >
          <ServingStatusHeadline
            status={health.status}
            reasons={health.reasons}
            sources={health.sources}
          />
          <SourcesNotice sources={health.sources} />
          <Box mt={1}>
            <GoldenSignalTiles health={health} />
          </Box>
          {health.llm && (
            <Box mt={2}>
              <LlmSignalTiles llm={health.llm} slo={health.slo} />
            </Box>
          )}
        </InfoCard>
      </Grid>
      {health.inferenceServices.length > 0 && (
        <Grid item xs={12}>
          <InferenceServiceCard inferenceServices={health.inferenceServices} />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard
          title="Traffic, errors and latency"
          action={<RangePicker range={range} onChange={props.onRangeChange} />}
        >
          <Charts range={range} />
        </InfoCard>
      </Grid>
      {health.slo && (
        <Grid item xs={12} md={6}>
          <InfoCard title="Service level objectives">
            <SloSummary slo={health.slo} />
            <Box mt={2}>
              <BurnRateTable slo={health.slo} />
            </Box>
            {health.slo.tokenObjectives.length > 0 && (
              <Box mt={2}>
                <TokenObjectivesTable objectives={health.slo.tokenObjectives} />
              </Box>
            )}
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12} md={health.slo ? 6 : 12}>
        <InfoCard title="Where the figures come from">
          {health.sources.map(s => (
            <Typography key={`${s.kind}-${s.name}`} variant="body2">
              {s.kind === 'prometheus' ? 'Prometheus' : 'Cluster'}{' '}
              <strong>{s.name}</strong>:{' '}
              {s.ok ? `answered in ${s.durationMs} ms` : failureText(s)}
              {health.cached ? ' (answer shared with other viewers)' : ''}
            </Typography>
          ))}
          <Typography variant="body2" color="textSecondary">
            Metrics selector: <code>{health.metrics.selector}</code>
          </Typography>
        </InfoCard>
      </Grid>
      {health.replicas && (
        <Grid item xs={12}>
          <ReplicasTables replicas={health.replicas} />
        </Grid>
      )}
    </Grid>
  );
}

/** The Serving tab: charts, objectives, replicas and where to look next. */
export function ServingContent() {
  const health = usePolledAnswer((api, ref) => api.getServingHealth(ref));
  const [range, setRange] = useState<ServingTimeRange>('1h');
  return (
    <AnswerGate answer={health}>
      {value => (
        <>
          <LastUpdated updatedAt={health.updatedAt} live={health.live} />
          <ServingView health={value} range={range} onRangeChange={setRange} />
        </>
      )}
    </AnswerGate>
  );
}
