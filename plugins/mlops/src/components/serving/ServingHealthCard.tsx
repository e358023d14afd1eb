import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { FiringAlerts } from './FiringAlerts';
import { GoldenSignalTiles } from './GoldenSignalTiles';
import { useServingHealth, useServingTimeSeries } from './hooks';
import { NotConfigured } from '../shared/NotConfigured';
import { ServingStatusHeadline } from './ServingStatus';
import { SloSummary } from './SloSummary';
import { SourcesNotice } from '../shared/SourcesNotice';
import { Sparkline } from './Sparkline';
import { formatAgo } from '../shared/format';

/** The Overview card: is this model healthy, and why. */
export function ServingHealthCard() {
  const { value: health, error, loading } = useServingHealth();
  const series = useServingTimeSeries('1h');
  const { entity } = useEntity();
  const entityLink = useRouteRef(entityRouteRef)(entityRouteParams(entity));
  const title = 'Serving health';
  const heading = { component: 'h2' };
  if (!health && loading) {
    return (
      <InfoCard title={title} titleTypographyProps={heading}>
        <Progress />
      </InfoCard>
    );
  }
  if (!health) {
    return (
      <InfoCard title={title} titleTypographyProps={heading}>
        <ResponseErrorPanel
          error={error ?? new Error('No answer from /api/mlops')}
        />
      </InfoCard>
    );
  }
  if (health.state === 'not-configured') {
    return (
      <InfoCard title={title} titleTypographyProps={heading}>
        <NotConfigured answer={health} />
      </InfoCard>
    );
  }
  const points = series.value?.state === 'ok' ? series.value.points : [];
  return (
    <InfoCard
      title={title}
      titleTypographyProps={heading}
      subheader={`${health.metrics.profileTitle} · evaluated ${formatAgo(
        health.evaluatedAt,
      )}`}
      deepLink={{ title: 'Serving details', link: `${entityLink}/serving` }}
    >
      <ServingStatusHeadline
        status={health.status}
        reasons={health.reasons}
        limit={3}
      />
      <SourcesNotice sources={health.sources} />
      <Box mt={1}>
        <GoldenSignalTiles health={health} />
      </Box>
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
    </InfoCard>
  );
}
