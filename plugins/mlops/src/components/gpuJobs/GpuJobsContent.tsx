import { EmptyState, InfoCard } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';
import { useState } from 'react';
import { AnswerGate } from '../shared/AnswerGate';
import { failedSourcesMessage } from '../shared/sourceFailures';
import { SourcesNotice } from '../shared/SourcesNotice';
import { usePolledAnswer } from '../shared/usePolledAnswer';
import { ClaimConflictNotice } from './ClaimConflictNotice';
import {
  anyMig,
  formatGpuHours,
  formatGpus,
  GPU_EQUIVALENT_HOURS,
} from './format';
import { GpuHoursChart } from './GpuHoursChart';
import { GpuQueuesTable } from './GpuQueuesTable';
import { TeamGpuQuotaTable } from './TeamGpuQuotaTable';
import { GpuJobDrawer } from './GpuJobDrawer';
import { GpuJobsTable } from './GpuJobsTable';
import { LastUpdated } from '../shared/LastUpdated';

const PERIODS = [1, 7, 30];

/* The history may still hold jobs when a cluster does not answer; it may not. */
function noJobsText(view: GpuJobsView): string {
  const none = `No Job asking for GPUs ran in the last ${view.periodDays} days`;
  const failure = failedSourcesMessage(view.sources, ['kubernetes']);
  return failure ? `${none} that the portal knows of. ${failure}.` : `${none}.`;
}

function Totals(props: { view: GpuJobsView }) {
  const { totals, idleThreshold, periodDays, jobs } = props.view;
  const mig = anyMig(jobs);
  const tiles: Array<[string, string]> = [
    ['Running', `${totals.running}`],
    ['Pending', `${totals.pending}`],
    ['Failed', `${totals.failed}`],
    [
      `Idle (< ${idleThreshold.utilisationPercent} % for ${idleThreshold.forMinutes} min)`,
      `${totals.idle}`,
    ],
    [
      mig ? 'GPUs in use (equiv.)' : 'GPUs in use',
      formatGpus(totals.gpusInUse),
    ],
    [
      `${mig ? 'GPU-h (equiv.)' : 'GPU-hours'}, ${periodDays} d`,
      formatGpuHours(totals.gpuHours),
    ],
  ];
  return (
    <Grid container spacing={2} aria-label="GPU job totals">
      {tiles.map(([label, value]) => (
        <Grid item xs={6} md={2} key={label}>
          <Typography variant="h4">{value}</Typography>
          <Typography
            variant="body2"
            color="textSecondary"
            title={label.includes('equiv.') ? GPU_EQUIVALENT_HOURS : undefined}
          >
            {label}
          </Typography>
        </Grid>
      ))}
    </Grid>
  );
}

/** The GPU jobs tab: totals, GPU-hours by day, running and recent jobs, a drawer per job. */
export function GpuJobsContent() {
  const [days, setDays] = useState(7);
  const [open, setOpen] = useState<GpuJob>();
  const answer = usePolledAnswer(
    (api, ref) => api.getGpuJobs(ref, days),
    [days],
  );
  return (
    <AnswerGate answer={answer}>
      {value => (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <SourcesNotice sources={value.sources} />
            <ClaimConflictNotice viewer={value.entityRef} jobs={value.jobs} />
            <Typography variant="body2" color="textSecondary">
              {value.team
                ? `Jobs of team ${humanizeEntityRef(
                    parseEntityRef(value.team),
                    {
                      defaultKind: 'group',
                    },
                  )} · `
                : ''}
              evaluated {new Date(value.evaluatedAt).toLocaleTimeString()}
              {value.historyUpdatedAt
                ? ` · history recorded ${new Date(
                    value.historyUpdatedAt,
                  ).toLocaleTimeString()}`
                : ' · no history recorded yet'}
            </Typography>
            <LastUpdated updatedAt={answer.updatedAt} live={answer.live} />
          </Grid>
          <Grid item xs={12}>
            <InfoCard
              title="GPU jobs"
              action={
                <ButtonGroup size="small" aria-label="Period">
                  {PERIODS.map(p => (
                    <Button
                      key={p}
                      variant={p === days ? 'contained' : 'outlined'}
                      onClick={() => setDays(p)}
                    >
                      {p} d
                    </Button>
                  ))}
                </ButtonGroup>
              }
            >
              <Totals view={value} />
              <GpuHoursChart days={value.gpuHoursByDay} />
            </InfoCard>
          </Grid>
          {value.queues.length > 0 && (
            <Grid item xs={12}>
              {value.team ? (
                <InfoCard
                  title="Team GPU quota (Kueue)"
                  subheader="The ClusterQueues of the team's namespaces: quota per GPU flavor against what their workloads reserve, use and borrow, and the team's own workloads pending and admitted"
                  noPadding
                >
                  <TeamGpuQuotaTable queues={value.queues} />
                </InfoCard>
              ) : (
                <InfoCard title="GPU queues (Kueue)" noPadding>
                  <GpuQueuesTable queues={value.queues} />
                </InfoCard>
              )}
            </Grid>
          )}
          <Grid item xs={12}>
            {value.jobs.length === 0 ? (
              <EmptyState
                missing="data"
                title="No GPU jobs"
                description={noJobsText(value)}
              />
            ) : (
              <InfoCard title="Running and recent jobs" noPadding>
                <GpuJobsTable jobs={value.jobs} onOpen={setOpen} />
              </InfoCard>
            )}
          </Grid>
          <GpuJobDrawer
            entity={answer.ref}
            job={open}
            onClose={() => setOpen(undefined)}
          />
        </Grid>
      )}
    </AnswerGate>
  );
}
