import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { HpaConditionView } from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';

function Icon(props: { condition: HpaConditionView }) {
  if (!props.condition.problem) return <StatusOK />;
  return props.condition.type === 'ScalingLimited' ? (
    <StatusWarning />
  ) : (
    <StatusError />
  );
}

/** The HPA's conditions in plain words, with the controller's own reason and message. */
export function HpaConditions(props: { conditions: HpaConditionView[] }) {
  return (
    <Box>
      {props.conditions.map(c => (
        <Box key={c.type} mb={1}>
          <Typography variant="body2">
            <Icon condition={c} />
            <strong>{c.type}</strong> {c.status}
            {c.reason ? ` (${c.reason})` : ''}: {c.explanation}
          </Typography>
          <Typography variant="caption" color="textSecondary" component="p">
            {c.message}
            {c.lastTransitionTime
              ? ` · since ${formatAgo(c.lastTransitionTime)}`
              : ''}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
