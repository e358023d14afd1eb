import { EmptyState } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { EntityDelivery } from '@internal/plugin-mlops-common';
import { AnswerGate } from '../shared/AnswerGate';
import { LastUpdated } from '../shared/LastUpdated';
import { failedSourcesMessage } from '../shared/sourceFailures';
import { SourcesNotice } from '../shared/SourcesNotice';
import { DeploymentCard } from './DeploymentCard';
import { ModelVersionsInfoCard } from './ModelVersionsPanel';
import { RolloutCard } from './RolloutCard';
import { useDelivery } from './useDelivery';

const key = (w: { cluster: string; namespace: string; name: string }) =>
  `${w.cluster}/${w.namespace}/${w.name}`;

function NoWorkloads(props: { clustersFailure?: string }) {
  if (props.clustersFailure) {
    return (
      <EmptyState
        missing="data"
        title="Rollouts and Deployments unknown"
        description={`${props.clustersFailure}.`}
      />
    );
  }
  return (
    <EmptyState
      missing="data"
      title="No Rollout and no Deployment"
      description="No Argo Rollouts Rollout and no Deployment with this service's label selector was found in the clusters that answered. The model-service chart creates a Rollout when its rolloutStrategy is canary or blue-green (rollout.strategy in the chart's values); with rolling, its Deployment is listed here."
    />
  );
}

function DeliveryView(props: { value: EntityDelivery }) {
  const { value } = props;
  const clustersFailure = failedSourcesMessage(value.sources, ['kubernetes']);
  const metricsFailure = failedSourcesMessage(value.sources, ['prometheus']);
  const nothing = value.rollouts.length === 0 && value.deployments.length === 0;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SourcesNotice sources={value.sources} />
      </Grid>
      {nothing && (
        <Grid item xs={12}>
          <NoWorkloads clustersFailure={clustersFailure} />
        </Grid>
      )}
      {value.rollouts.map(r => (
        <Grid item xs={12} key={`rollout-${key(r)}`}>
          <RolloutCard rollout={r} metricsFailure={metricsFailure} />
        </Grid>
      ))}
      {value.deployments.map(d => (
        <Grid item xs={12} key={`deployment-${key(d)}`}>
          <DeploymentCard deployment={d} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <ModelVersionsInfoCard registry={value.modelRegistry} />
      </Grid>
    </Grid>
  );
}

/** The Delivery tab: how new versions reach production, judged by their analysis, and which model versions they serve. */
export function EntityDeliveryContent() {
  const answer = useDelivery();
  return (
    <AnswerGate answer={answer}>
      {value => (
        <>
          <LastUpdated updatedAt={answer.updatedAt} live={answer.live} />
          <DeliveryView value={value} />
        </>
      )}
    </AnswerGate>
  );
}
