import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ModelServingHealth,
  ServingTimePoint,
} from '@internal/plugin-mlops-common';
import { AnswerGate } from '../shared/AnswerGate';
import { formatAgo } from '../shared/format';
import { SourcesNotice } from '../shared/SourcesNotice';
import { usePolledAnswer } from '../shared/usePolledAnswer';
import { FiringAlerts } from './FiringAlerts';
import { GoldenSignalTiles } from './GoldenSignalTiles';
import { LlmSignalTiles } from './LlmSignalTiles';
import { ServingStatusHeadline } from './ServingStatus';
import { SloSummary } from './SloSummary';
import { Sparkline } from './Sparkline';
import { LastUpdated } from '../shared/LastUpdated';

function ServingHealthSummary(props: {
  health: ModelServingHealth;
  points: ServingTimePoint[];
}) {
  const { health, points } = props;
  return (
    <>
      <ServingStatusHeadline
        status={health.status}
        reasons={health.reasons}
        sources={health.sources}
        limit={3}
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
      <Box mt={2}>
        <FiringAlerts />
      </Box>
      {health.slo && (
        <Box mt={2}>
          <SloSummary slo={health.slo} />
        </Box>
      )}
      {points.length > 0 && (
        <Box mt={2}>
          <Typography variant="caption" color="textSecondary">
            Traffic, last hour
          </Typography>
          <Sparkline points={points} />
        </Box>
      )}
    </>
  );
}

const TITLE = 'Serving health';
const HEADING = { component: 'h2' };

/** The Overview card: is this model healthy, and why. */
export function ServingHealthCard() {
  const health = usePolledAnswer((api, ref) => api.getServingHealth(ref));
  const series = usePolledAnswer((api, ref) =>
    api.getServingTimeSeries(ref, '1h'),
  );
  const { entity } = useEntity();
  const entityLink = useRouteRef(entityRouteRef)(entityRouteParams(entity));
  const points = series.value?.state === 'ok' ? series.value.points : [];
  return (
    <AnswerGate
      answer={health}
      frame={view => (
        <InfoCard title={TITLE} titleTypographyProps={HEADING}>
          {view}
        </InfoCard>
      )}
    >
      {value => (
        <InfoCard
          title={TITLE}
          titleTypographyProps={HEADING}
          subheader={`${value.metrics.profileTitle} · evaluated ${formatAgo(
            value.evaluatedAt,
          )}`}
          deepLink={{ title: 'Serving details', link: `${entityLink}/serving` }}
        >
          <ServingHealthSummary health={value} points={points} />
          <LastUpdated updatedAt={health.updatedAt} live={health.live} />
        </InfoCard>
      )}
    </AnswerGate>
  );
}
