import Typography from '@material-ui/core/Typography';

/** When the answer on screen was fetched, and whether it updates by itself. */
export function LastUpdated(props: { updatedAt?: Date; live: boolean }) {
  if (!props.updatedAt) return null;
  const time = props.updatedAt.toLocaleTimeString('en-GB');
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="last-updated"
    >
      Updated {time}
      {props.live
        ? ' · live: changes appear as they happen'
        : ' · refreshed every 30 s (live updates unavailable)'}
    </Typography>
  );
}
