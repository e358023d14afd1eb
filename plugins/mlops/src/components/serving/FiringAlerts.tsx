import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { FiringAlert, isInAppPath } from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';
import { splitFailedSources } from '../shared/sourceFailures';
import { usePolledAnswer } from '../shared/usePolledAnswer';
import { AlertSuppressionNote } from './AlertSuppressionNote';

const useStyles = makeStyles(theme => ({
  alert: {
    padding: theme.spacing(1, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  heldBack: { opacity: 0.6 },
  critical: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  other: {},
  noRunbook: { color: theme.palette.warning.dark },
}));

function severityClass(severity: string): 'critical' | 'warning' | 'other' {
  if (severity === 'critical' || severity === 'error') return 'critical';
  if (severity === 'warning') return 'warning';
  return 'other';
}

function RunbookLink(props: { alert: FiringAlert }) {
  const classes = useStyles();
  const { runbook, name } = props.alert;
  if (runbook.url === undefined) {
    return (
      <Typography
        variant="body2"
        component="span"
        className={classes.noRunbook}
        data-testid="no-runbook"
      >
        <WarningIcon fontSize="inherit" />{' '}
        {runbook.problem === 'missing'
          ? 'No runbook: the rule has no runbook_url annotation'
          : 'No runbook: its runbook_url is not an http(s) URL'}
      </Typography>
    );
  }
  const to =
    runbook.portalPath && isInAppPath(runbook.portalPath)
      ? runbook.portalPath
      : runbook.url;
  return (
    <Link to={to} aria-label={`Runbook of ${name}`}>
      Runbook
    </Link>
  );
}

function AlertRow(props: { alert: FiringAlert }) {
  const classes = useStyles();
  const { alert } = props;
  return (
    <Box
      className={`${classes.alert} ${alert.suppressed ? classes.heldBack : ''}`}
      data-testid="firing-alert"
    >
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <Box mr={1}>
          <Chip
            size="small"
            label={alert.severity}
            className={classes[severityClass(alert.severity)]}
          />
        </Box>
        <Box mr={1}>
          <Typography variant="subtitle2" component="span">
            {alert.name}
          </Typography>
        </Box>
        <Box mr={2}>
          <Typography variant="body2" color="textSecondary" component="span">
            {alert.state === 'firing' ? 'firing' : 'pending'}
            {alert.activeAt && ` since ${formatAgo(alert.activeAt)}`}
          </Typography>
        </Box>
        <RunbookLink alert={alert} />
      </Box>
      {alert.summary && (
        <Typography variant="body2">{alert.summary}</Typography>
      )}
      {alert.suppressed && (
        <AlertSuppressionNote suppressed={alert.suppressed} />
      )}
    </Box>
  );
}

/** The alerts of the page's entity, each with its runbook; nothing while loading. */
export function FiringAlerts() {
  const { value, error } = usePolledAnswer((api, ref) =>
    api.getEntityAlerts(ref),
  );
  if (error) {
    return (
      <Typography variant="body2" color="textSecondary">
        Alerts unknown: {error.message}
      </Typography>
    );
  }
  if (!value || value.state !== 'ok') return null;
  // The local sandbox's sources that are down have their one line on the card.
  const { sandboxDown, others } = splitFailedSources(value.sources);
  const noneAnswered =
    value.sources.length > 0 &&
    sandboxDown.length + others.length === value.sources.length;
  const heldBack = value.alerts.filter(a => a.suppressed).length;
  const firing =
    value.alerts.filter(a => a.state === 'firing').length - heldBack;
  let heading = `Alerts: ${firing} firing, ${
    value.alerts.length - firing - heldBack
  } pending${heldBack ? `, ${heldBack} silenced or inhibited` : ''}`;
  if (value.alerts.length === 0) {
    heading = noneAnswered ? 'Alerts unknown' : 'No alerts firing';
  }
  return (
    <Box data-testid="firing-alerts">
      <Typography variant="subtitle1" component="h3">
        {heading}
      </Typography>
      {others.map(s => (
        <Typography key={s.name} variant="body2" color="textSecondary">
          Alerts may be missing: {s.error!.message}
        </Typography>
      ))}
      {value.alerts.map(a => (
        <AlertRow
          key={`${a.source}-${a.name}-${JSON.stringify(a.labels)}`}
          alert={a}
        />
      ))}
    </Box>
  );
}
