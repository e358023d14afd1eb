import { GpuJobQueue } from '@internal/plugin-mlops-common';
import Typography from '@material-ui/core/Typography';

const SUFFIXES: Record<string, string> = { one: 'st', two: 'nd', few: 'rd' };
const ordinals = new Intl.PluralRules('en-GB', { type: 'ordinal' });
const ordinal = (n: number) => `${n}${SUFFIXES[ordinals.select(n)] ?? 'th'}`;

/** A job's place in Kueue: its queues, and while it waits its position and Kueue's reason. */
export function JobQueue(props: { queue: GpuJobQueue }) {
  const { queue } = props;
  const where = `${queue.localQueue} → ${queue.clusterQueue ?? '?'}`;
  if (queue.admitted) {
    return (
      <Typography variant="caption" color="textSecondary" display="block">
        Kueue: admitted in {where}
      </Typography>
    );
  }
  const position =
    queue.position === null
      ? ''
      : `, ${ordinal(queue.position)} in line${
          queue.positionSource === 'creation-order'
            ? ' (by priority and age)'
            : ''
        }`;
  return (
    <>
      <Typography variant="caption" display="block">
        Queued in {where}
        {position}
      </Typography>
      {queue.message && (
        <Typography variant="caption" color="textSecondary" display="block">
          {queue.message}
        </Typography>
      )}
    </>
  );
}
