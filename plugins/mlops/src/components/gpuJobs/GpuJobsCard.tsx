import { InfoCard } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { GpuJobsView } from '@internal/plugin-mlops-common';
import { AnswerGate } from '../shared/AnswerGate';
import { usePolledAnswer } from '../shared/usePolledAnswer';
import { ClaimConflictNotice } from './ClaimConflictNotice';
import { formatDuration, formatGpuRequest, formatGpus } from './format';
import { JobState } from './JobState';

const SHOWN = 5;

function AttentionCard(props: { value: GpuJobsView }) {
  const { value } = props;
  const attention = value.jobs.filter(j => j.idle || j.state === 'failed');
  return (
    <InfoCard
      title="GPU jobs"
      subheader={`${value.totals.running} running · ${
        value.totals.pending
      } pending · ${formatGpus(value.totals.gpusInUse)} GPUs in use`}
      deepLink={{ title: 'All GPU jobs', link: 'gpu-jobs' }}
    >
      <ClaimConflictNotice viewer={value.entityRef} jobs={value.jobs} />
      {attention.length === 0 ? (
        <Typography variant="body2">
          No idle or failed GPU jobs in the last day.
        </Typography>
      ) : (
        <List dense aria-label="Idle and failed GPU jobs">
          {attention.slice(0, SHOWN).map(job => (
            <ListItem key={`${job.cluster}/${job.uid}`}>
              <ListItemText
                primary={job.name}
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  <>
                    <JobState job={job} />
                    {formatGpuRequest(job)} for{' '}
                    {formatDuration(job.durationSeconds)}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      {attention.length > SHOWN && (
        <Typography variant="caption">
          and {attention.length - SHOWN} more
        </Typography>
      )}
    </InfoCard>
  );
}

/** Overview card: idle and failing GPU jobs of the last day, with a link to the tab. */
export function GpuJobsCard() {
  const answer = usePolledAnswer((api, ref) => api.getGpuJobs(ref, 1));
  return (
    <AnswerGate answer={answer} notConfigured="hide">
      {value => <AttentionCard value={value} />}
    </AnswerGate>
  );
}
