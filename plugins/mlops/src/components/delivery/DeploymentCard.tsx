import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { DeploymentDeliveryView } from '@internal/plugin-mlops-common';
import { RevisionsTable } from './RevisionsTable';

/** A Deployment without a Rollout: its revisions, and that nothing judges a new one. */
export function DeploymentCard(props: { deployment: DeploymentDeliveryView }) {
  const { deployment } = props;
  return (
    <InfoCard
      title={deployment.name}
      titleTypographyProps={{ component: 'h2' }}
      subheader={`Deployment · ${deployment.cluster} · ${deployment.namespace}`}
    >
      <Typography variant="body2" paragraph data-testid="rolling-note">
        Rolling update: no analysis. Kubernetes replaces the pods as soon as the
        new ones are ready, without judging the new version by its SLOs.
      </Typography>
      <RevisionsTable
        revisions={deployment.revisions}
        strategy="rolling"
        label={`Revisions of ${deployment.name}`}
      />
    </InfoCard>
  );
}
