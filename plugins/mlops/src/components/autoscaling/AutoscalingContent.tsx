import { EmptyState } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { EntityAutoscaling } from '@internal/plugin-mlops-common';
import { AnswerGate } from '../shared/AnswerGate';
import { failedSourcesMessage } from '../shared/sourceFailures';
import { SourcesNotice } from '../shared/SourcesNotice';
import { usePolledAnswer } from '../shared/usePolledAnswer';
import { HpaCard } from './HpaCard';
import { KedaScaledObjectCard } from './KedaScaledObjectCard';
import { LastUpdated } from '../shared/LastUpdated';

const same =
  (h: { cluster: string; namespace: string; name: string }) =>
  (x: { cluster: string; namespace: string; hpa: string }) =>
    x.cluster === h.cluster && x.namespace === h.namespace && x.hpa === h.name;

function AutoscalingView(props: { value: EntityAutoscaling }) {
  const { value } = props;
  const clustersFailure = failedSourcesMessage(value.sources, ['kubernetes']);
  const metricsFailure = failedSourcesMessage(value.sources, ['prometheus']);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SourcesNotice sources={value.sources} />
        <Typography variant="body2" color="textSecondary">
          Clusters {value.clusters.join(', ') || 'none'} · evaluated{' '}
          {new Date(value.evaluatedAt).toLocaleTimeString()}
          {value.cached ? ' (answer shared with other viewers)' : ''}
        </Typography>
      </Grid>
      {value.scaledObjects.map(so => (
        <Grid
          item
          xs={12}
          key={`keda/${so.cluster}/${so.namespace}/${so.name}`}
        >
          <KedaScaledObjectCard so={so} />
        </Grid>
      ))}
      {value.hpas.length === 0 && value.scaledObjects.length === 0 && (
        <Grid item xs={12}>
          {clustersFailure ? (
            <EmptyState
              missing="data"
              title="HorizontalPodAutoscalers unknown"
              description={`${clustersFailure}.`}
            />
          ) : (
            <EmptyState
              missing="data"
              title="No HorizontalPodAutoscaler"
              description="No autoscaling/v2 HPA with this service's label selector was found in the clusters that answered. The template's chart creates one when autoscaling.enabled is true."
            />
          )}
        </Grid>
      )}
      {value.hpas.map(h => (
        <Grid item xs={12} key={`${h.cluster}/${h.namespace}/${h.name}`}>
          <HpaCard
            hpa={h}
            series={value.series.find(same(h))}
            events={value.events.filter(same(h))}
            seriesStart={value.seriesStart}
            seriesEnd={value.seriesEnd}
            metricsFailure={metricsFailure}
          />
        </Grid>
      ))}
    </Grid>
  );
}

/** The Autoscaling tab: every HPA of the service, why it scales or does not, and its history. */
export function AutoscalingContent() {
  const answer = usePolledAnswer((api, ref) => api.getAutoscaling(ref));
  return (
    <AnswerGate answer={answer}>
      {value => (
        <>
          <LastUpdated updatedAt={answer.updatedAt} live={answer.live} />
          <AutoscalingView value={value} />
        </>
      )}
    </AnswerGate>
  );
}
