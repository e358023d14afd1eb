import { StatusOK, StatusWarning } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { ScalingEvent } from '@internal/plugin-mlops-common';
import { DateTime } from 'luxon';

function title(e: ScalingEvent, showHpa: boolean): string {
  let change = '';
  if (e.toReplicas !== null) {
    change =
      e.fromReplicas === null
        ? ` → ${e.toReplicas}`
        : ` ${e.fromReplicas} → ${e.toReplicas}`;
  }
  const times = e.count > 1 ? ` (×${e.count})` : '';
  return `${showHpa ? `${e.hpa}: ` : ''}${e.reason}${change}${times}`;
}

/** Scaling decisions and failures, newest first. */
export function ScalingTimeline(props: {
  events: ScalingEvent[];
  showHpa: boolean;
}) {
  if (props.events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No scaling events recorded in the last 7 days.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Scaling events">
      {props.events.map((e, i) => (
        <ListItem key={i} disableGutters>
          {e.type === 'Warning' ? <StatusWarning /> : <StatusOK />}
          <ListItemText
            style={{ minWidth: 0 }}
            secondaryTypographyProps={{
              style: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
            }}
            primary={title(e, props.showHpa)}
            secondary={`${DateTime.fromISO(e.occurredAt).toFormat(
              'dd LLL HH:mm:ss',
            )} · ${e.message}${
              e.source === 'observed-change' ? ' (observed by the portal)' : ''
            }`}
          />
        </ListItem>
      ))}
    </List>
  );
}
