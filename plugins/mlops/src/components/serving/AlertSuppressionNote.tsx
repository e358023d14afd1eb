import Typography from '@material-ui/core/Typography';
import { AlertSilence, AlertSuppression } from '@internal/plugin-mlops-common';
import { formatDateTime } from '../shared/format';

function silenceText(silence: AlertSilence): string {
  if (silence.createdBy === undefined)
    return `Silenced (silence ${silence.id})`;
  const until = silence.endsAt
    ? ` until ${formatDateTime(silence.endsAt)}`
    : '';
  const comment = silence.comment ? ` — ${silence.comment}` : '';
  return `Silenced by ${silence.createdBy}${until}${comment}`;
}

/** Why Alertmanager holds an alert back: one line per silence and per inhibiting alert. */
export function AlertSuppressionNote(props: { suppressed: AlertSuppression }) {
  const { silencedBy, inhibitedBy } = props.suppressed;
  const lines = [
    ...silencedBy.map(silenceText),
    ...inhibitedBy.map(
      i => `Inhibited by ${i.name ?? `another alert (${i.fingerprint})`}`,
    ),
  ];
  return (
    <>
      {lines.map(line => (
        <Typography
          key={line}
          variant="body2"
          color="textSecondary"
          data-testid="alert-suppression"
        >
          {line}
        </Typography>
      ))}
    </>
  );
}
