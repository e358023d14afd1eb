import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  AnalysisMetricView,
  AnalysisRunView,
} from '@internal/plugin-mlops-common';
import { useState } from 'react';
import { formatAgo } from '../shared/format';
import { MeasurementsChart } from './MeasurementsChart';

/** The icon of an AnalysisRun's, a metric's or a measurement's phase. */
function PhaseIcon(props: { phase: string | null }) {
  switch (props.phase) {
    case 'Successful':
      return <StatusOK />;
    case 'Failed':
    case 'Error':
      return <StatusError />;
    case 'Inconclusive':
      return <StatusWarning />;
    case 'Running':
      return <StatusRunning />;
    case null:
      return <StatusPending />;
    default:
      return <StatusAborted />;
  }
}

function Query(props: { query: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Box>
      <Button size="small" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? 'Hide query' : 'Show query'}
      </Button>
      <Collapse in={open}>
        <Box
          component="pre"
          fontFamily="monospace"
          fontSize={12}
          whiteSpace="pre-wrap"
          m={0}
          p={1}
          bgcolor="action.hover"
        >
          {props.query}
        </Box>
      </Collapse>
    </Box>
  );
}

function limits(m: AnalysisMetricView): string {
  return [
    m.interval ? `every ${m.interval}` : null,
    m.count !== null ? `${m.count} measurements` : null,
    m.failureLimit !== null ? `failure limit ${m.failureLimit}` : null,
    m.inconclusiveLimit !== null
      ? `inconclusive limit ${m.inconclusiveLimit}`
      : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function Measurements(props: { metric: AnalysisMetricView }) {
  const { measurements } = props.metric;
  if (measurements.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No measurement yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Measurements of ${props.metric.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>Phase</TableCell>
          <TableCell align="right">Value</TableCell>
          <TableCell>When</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {measurements.map((m, i) => (
          <TableRow key={`${i}-${m.startedAt ?? ''}`}>
            <TableCell>{i + 1}</TableCell>
            <TableCell>
              <PhaseIcon phase={m.phase} />
              {m.phase}
            </TableCell>
            <TableCell align="right">
              <code>{m.value ?? '–'}</code>
            </TableCell>
            <TableCell title={m.finishedAt ?? m.startedAt ?? undefined}>
              {formatAgo(m.finishedAt ?? m.startedAt)}
            </TableCell>
            <TableCell>{m.message ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Metric(props: { metric: AnalysisMetricView }) {
  const m = props.metric;
  return (
    <Box mb={2} data-testid={`analysis-metric-${m.name}`}>
      <Typography variant="subtitle2" component="h4">
        <PhaseIcon phase={m.phase} />
        {m.name} · {m.provider} · {m.phase ?? 'no result yet'}
      </Typography>
      <Typography variant="body2">
        {m.successful} successful · {m.failed} failed · {m.inconclusive}{' '}
        inconclusive · {m.error} errors
        {limits(m) ? ` (${limits(m)})` : ''}
      </Typography>
      {m.message && (
        <Typography variant="body2" color="textSecondary">
          {m.message}
        </Typography>
      )}
      <Typography variant="body2" component="div">
        {m.successCondition && (
          <div>
            Succeeds when <code>{m.successCondition}</code>
          </div>
        )}
        {m.failureCondition && (
          <div>
            Fails when <code>{m.failureCondition}</code>
          </div>
        )}
        {m.threshold !== null && <div>Threshold: {m.threshold}</div>}
      </Typography>
      {m.query && <Query query={m.query} />}
      <MeasurementsChart
        measurements={m.measurements}
        threshold={m.threshold}
        metric={m.name}
      />
      <Measurements metric={m} />
    </Box>
  );
}

function runHeading(run: AnalysisRunView): string {
  return [
    run.name,
    run.type,
    run.stepIndex !== null ? `step ${run.stepIndex + 1}` : null,
    run.revision !== null ? `revision ${run.revision}` : null,
    run.startedAt ? `started ${formatAgo(run.startedAt)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A Rollout's AnalysisRuns, newest first and open, each metric with its query, conditions and measurements. */
export function AnalysisRuns(props: { runs: AnalysisRunView[] }) {
  if (props.runs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No AnalysisRun yet.
      </Typography>
    );
  }
  return (
    <Box>
      {props.runs.map((run, i) => (
        <Accordion
          key={run.name}
          defaultExpanded={i === 0}
          TransitionProps={{ unmountOnExit: true }}
          data-testid={`analysis-run-${run.name}`}
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              <PhaseIcon phase={run.phase} />
              <strong>{run.phase}</strong> · {runHeading(run)}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box width="100%">
              {run.message && (
                <Typography variant="body2" paragraph>
                  {run.message}
                </Typography>
              )}
              {run.metrics.map(m => (
                <Metric key={m.name} metric={m} />
              ))}
            </Box>
          </AccordionDetails>
        </Accordion>
      ))}
    </Box>
  );
}
