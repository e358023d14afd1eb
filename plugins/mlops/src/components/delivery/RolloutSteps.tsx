import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { useTheme } from '@material-ui/core/styles';
import DoneIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import PauseIcon from '@material-ui/icons/PauseCircleFilled';
import CurrentIcon from '@material-ui/icons/PlayCircleFilled';
import PendingIcon from '@material-ui/icons/RadioButtonUnchecked';
import { RolloutStepView, RolloutView } from '@internal/plugin-mlops-common';
import { stepStateText, stepTitle } from './rolloutStatus';

function StepIcon(props: { step: RolloutStepView; rollout: RolloutView }) {
  const theme = useTheme();
  const { step, rollout } = props;
  if (step.state === 'done') {
    return <DoneIcon style={{ color: theme.palette.success.main }} />;
  }
  if (step.state === 'pending') return <PendingIcon color="disabled" />;
  if (rollout.aborted) return <ErrorIcon color="error" />;
  return rollout.paused ? (
    <PauseIcon style={{ color: theme.palette.warning.main }} />
  ) : (
    <CurrentIcon color="primary" />
  );
}

/** A canary's steps, numbered from 1: done, the one it is at, and those to come. */
export function RolloutSteps(props: { rollout: RolloutView }) {
  const { rollout } = props;
  return (
    <List dense component="ol" aria-label="Rollout steps" disablePadding>
      {rollout.steps.map(step => (
        <ListItem
          key={step.index}
          selected={step.state === 'current'}
          aria-current={step.state === 'current' ? 'step' : undefined}
        >
          <ListItemIcon>
            <StepIcon step={step} rollout={rollout} />
          </ListItemIcon>
          <ListItemText
            primary={stepTitle(step)}
            secondary={stepStateText(step, rollout)}
          />
        </ListItem>
      ))}
    </List>
  );
}
