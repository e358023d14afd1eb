import {
  InfoCard,
  Link,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  InferenceServiceComponent,
  InferenceServiceCondition,
  InferenceServiceSummary,
} from '@internal/plugin-mlops-common';
import { formatAgo } from '../shared/format';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 18,
    borderRadius: 4,
    overflow: 'hidden',
    margin: theme.spacing(1, 0),
  },
  stable: { background: theme.palette.primary.main },
  canary: { background: theme.palette.warning.main },
}));

function ConditionIcon(props: { condition: InferenceServiceCondition }) {
  const { status, severity } = props.condition;
  if (status === 'True') return <StatusOK />;
  if (status === 'Unknown') return <StatusPending />;
  return severity === 'Info' ? <StatusWarning /> : <StatusError />;
}

function Conditions(props: { conditions: InferenceServiceCondition[] }) {
  if (props.conditions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        KServe has written no conditions yet.
      </Typography>
    );
  }
  return (
    <Box>
      {props.conditions.map(c => (
        <Box key={c.type} mb={1} data-testid={`isvc-condition-${c.type}`}>
          <Typography variant="body2">
            <ConditionIcon condition={c} />
            <strong>{c.title}</strong>: {yesNo(c.status)}
            {c.reason ? ` (${c.reason})` : ''}
          </Typography>
          {(c.message || c.since) && (
            <Typography variant="caption" color="textSecondary" component="p">
              {c.message}
              {c.message && c.since ? ' · ' : ''}
              {c.since ? `since ${formatAgo(c.since)}` : ''}
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
}

function yesNo(status: InferenceServiceCondition['status']): string {
  if (status === 'True') return 'yes';
  return status === 'False' ? 'no' : 'unknown';
}

/** The share each revision gets, the canary's (tag `latest`) apart. */
function TrafficBar(props: { component: InferenceServiceComponent }) {
  const classes = useStyles();
  const { traffic, canaryTrafficPercent } = props.component;
  const canary = canaryTrafficPercent !== null;
  return (
    <Box
      className={classes.bar}
      role="img"
      aria-label={traffic
        .map(t => `${t.revision ?? 'unresolved'} ${t.percent} %`)
        .join(', ')}
    >
      {traffic
        .filter(t => t.percent > 0)
        .map((t, i) => (
          <Box
            key={`${t.tag ?? ''}-${t.revision ?? i}`}
            className={
              canary && t.latestRevision ? classes.canary : classes.stable
            }
            style={{ width: `${t.percent}%` }}
            title={`${t.revision ?? 'unresolved'}: ${t.percent} %`}
          />
        ))}
    </Box>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Revisions(props: { component: InferenceServiceComponent }) {
  const c = props.component;
  const rows: Array<[string, string | null]> = [
    ['Latest created', c.latestCreatedRevision],
    ['Latest ready', c.latestReadyRevision],
    ['Rolled out (100 %)', c.latestRolledoutRevision],
    ['Previously rolled out', c.previousRolledoutRevision],
  ];
  const notReady =
    c.latestCreatedRevision !== null &&
    c.latestCreatedRevision !== c.latestReadyRevision;
  return (
    <Box mt={1}>
      <Typography variant="subtitle2">
        {capitalise(c.component)}
        {c.canaryTrafficPercent !== null
          ? ` · canary at ${c.canaryTrafficPercent} % of traffic`
          : ''}
      </Typography>
      <Table size="small" aria-label={`${c.component} revisions`}>
        <TableBody>
          {rows.map(([title, value]) => (
            <TableRow key={title}>
              <TableCell>{title}</TableCell>
              <TableCell>{value ?? '–'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {notReady && (
        <Typography variant="body2" color="error">
          Revision {c.latestCreatedRevision} is not ready: its traffic goes to{' '}
          {c.latestReadyRevision ?? 'no revision'}.
        </Typography>
      )}
      {c.traffic.length > 0 && (
        <>
          <TrafficBar component={c} />
          <Table size="small" aria-label={`${c.component} traffic`}>
            <TableHead>
              <TableRow>
                <TableCell>Revision</TableCell>
                <TableCell>Tag</TableCell>
                <TableCell>Follows latest</TableCell>
                <TableCell align="right">Traffic</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {c.traffic.map((t, i) => (
                <TableRow key={`${t.tag ?? ''}-${t.revision ?? ''}-${i}`}>
                  <TableCell>{t.revision ?? 'unresolved'}</TableCell>
                  <TableCell>{t.tag ?? '–'}</TableCell>
                  <TableCell>{t.latestRevision ? 'yes' : 'no'}</TableCell>
                  <TableCell align="right">{t.percent} %</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Box>
  );
}

function ModelState(props: { isvc: InferenceServiceSummary }) {
  const { model } = props.isvc;
  if (!model) return null;
  const failure = model.lastFailure;
  return (
    <Box mt={1}>
      <Typography variant="body2">
        Model: {model.activeModelState ?? 'unknown'}
        {model.targetModelState &&
        model.targetModelState !== model.activeModelState
          ? ` → ${model.targetModelState}`
          : ''}
        {model.transitionStatus ? ` (${model.transitionStatus})` : ''}
      </Typography>
      {failure && (
        <Typography variant="caption" color="textSecondary" component="p">
          Last failure{failure.revision ? ` of ${failure.revision}` : ''}:{' '}
          {[failure.reason, failure.message].filter(Boolean).join(': ')}
          {failure.time ? ` · ${formatAgo(failure.time)}` : ''}
        </Typography>
      )}
    </Box>
  );
}

function OneInferenceService(props: { isvc: InferenceServiceSummary }) {
  const { isvc } = props;
  return (
    <Box mb={2} data-testid={`isvc-${isvc.cluster}-${isvc.name}`}>
      <Typography variant="h6" component="h3">
        {isvc.name}{' '}
        <Typography variant="body2" component="span" color="textSecondary">
          {isvc.namespace} on {isvc.cluster}
          {isvc.deploymentMode ? ` · ${isvc.deploymentMode}` : ''}
        </Typography>
      </Typography>
      {isvc.url && (
        <Typography variant="body2">
          URL: <Link to={isvc.url}>{isvc.url}</Link>
        </Typography>
      )}
      <Box mt={1}>
        <Conditions conditions={isvc.conditions} />
      </Box>
      {isvc.components.map(c => (
        <Revisions key={c.component} component={c} />
      ))}
      <ModelState isvc={isvc} />
    </Box>
  );
}

/** The KServe InferenceServices behind the service: conditions, revisions, traffic split. */
export function InferenceServiceCard(props: {
  inferenceServices: InferenceServiceSummary[];
}) {
  return (
    <InfoCard
      title="InferenceService"
      titleTypographyProps={{ component: 'h2' }}
    >
      {props.inferenceServices.map(isvc => (
        <OneInferenceService key={`${isvc.cluster}/${isvc.name}`} isvc={isvc} />
      ))}
    </InfoCard>
  );
}
