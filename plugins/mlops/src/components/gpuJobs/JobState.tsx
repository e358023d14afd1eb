import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { GpuJob } from '@internal/plugin-mlops-common';
import { stateLabel } from './format';

/** The job's state with its status colour; idle GPUs are a warning. */
export function JobState(props: { job: GpuJob }) {
  const { job } = props;
  const label = stateLabel(job);
  if (job.idle) return <StatusWarning>{label}</StatusWarning>;
  switch (job.state) {
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    case 'succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
