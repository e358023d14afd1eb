import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { GpuJob } from '@internal/plugin-mlops-common';

/** One sentence about a job that several entities claim, as seen from `viewer`. */
export function conflictSentence(job: GpuJob, viewer: string): string {
  const self = viewer.toLocaleLowerCase('en-US');
  const others = job.claimants.filter(c => c !== self);
  const claimed =
    others.length < job.claimants.length
      ? `is also claimed by ${others.join(', ')}`
      : `is claimed by ${job.claimants.join(', ')}`;
  const owner = job.entityRef ?? 'nobody';
  const stays =
    owner === self
      ? 'it stays with this entity'
      : `it is attributed to ${owner}`;
  return `Job ${job.cluster}/${job.namespace}/${job.name} ${claimed}; ${stays}.`;
}

/**
 * The jobs that more than one entity claims, so that both owners learn of it
 * on their own page; nothing when none does.
 */
export function ClaimConflictNotice(props: {
  /** The entity whose page this is, a full ref. */
  viewer: string;
  jobs: GpuJob[];
}) {
  const contested = props.jobs.filter(j => j.claimants.length > 1);
  if (contested.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      title={`${contested.length} GPU ${
        contested.length === 1 ? 'job is' : 'jobs are'
      } claimed by more than one entity`}
      defaultExpanded
    >
      {contested.map(job => (
        <Typography key={`${job.cluster}/${job.uid}`} variant="body2">
          {conflictSentence(job, props.viewer)}
        </Typography>
      ))}
      <Typography variant="body2" paragraph>
        Ownership follows the namespace bindings and the first owner recorded;
        it never moves on its own. Ask the platform team to remove the
        annotation from the entity that should not claim these jobs.
      </Typography>
    </WarningPanel>
  );
}
