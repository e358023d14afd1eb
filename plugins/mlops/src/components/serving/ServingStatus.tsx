import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ServingStatus,
  SourceReport,
  StatusReason,
} from '@internal/plugin-mlops-common';
import { reasonsToShow } from '../shared/sourceFailures';

const LABELS: Record<ServingStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

/** The status as a coloured label. */
export function ServingStatusLabel(props: { status: ServingStatus }) {
  const label = LABELS[props.status];
  switch (props.status) {
    case 'healthy':
      return <StatusOK>{label}</StatusOK>;
    case 'degraded':
      return <StatusWarning>{label}</StatusWarning>;
    case 'down':
      return <StatusError>{label}</StatusError>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
}

/**
 * The status in large type with the main reason beside it; findings that
 * only repeat that the local sandbox is down are left to its notice.
 */
export function ServingStatusHeadline(props: {
  status: ServingStatus;
  reasons: StatusReason[];
  sources: SourceReport[];
  limit?: number;
}) {
  const shown = reasonsToShow(props.reasons, props.sources);
  const reasons = shown.slice(0, props.limit ?? shown.length);
  return (
    <Box display="flex" alignItems="flex-start" flexWrap="wrap" mb={1}>
      <Box mr={2} data-testid="serving-status">
        <Typography variant="h5" component="div">
          <ServingStatusLabel status={props.status} />
        </Typography>
      </Box>
      <Box flex="1 1 240px">
        {reasons.map(reason => (
          <Typography
            key={`${reason.code}-${reason.message}`}
            variant="body2"
            color={reason.severity === 'info' ? 'textSecondary' : 'textPrimary'}
          >
            {reason.message}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}
