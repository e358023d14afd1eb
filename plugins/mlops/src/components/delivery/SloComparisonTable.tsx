import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  AnalysisRunView,
  RevisionView,
  RolloutView,
} from '@internal/plugin-mlops-common';
import { compareSlo } from './sloComparison';

const useStyles = makeStyles(theme => ({
  worse: {
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
    backgroundColor: theme.palette.action.hover,
  },
}));

/**
 * The stable and the canary revision's requests, errors and latency side by
 * side, the canary's figure marked where it is worse and over the analysis'
 * threshold. `metricsFailure` says why there are none when Prometheus did not answer.
 */
export function SloComparisonTable(props: {
  stable: RevisionView | undefined;
  canary: RevisionView;
  runs: AnalysisRunView[];
  strategy: RolloutView['strategy'];
  metricsFailure?: string;
}) {
  const classes = useStyles();
  const stableSlo = props.stable?.slo ?? null;
  const canarySlo = props.canary.slo;
  const canaryName = props.strategy === 'blueGreen' ? 'Preview' : 'Canary';
  if (!stableSlo && !canarySlo) {
    return (
      <Typography variant="body2" color="textSecondary" data-testid="slo-empty">
        {props.metricsFailure ??
          'Prometheus has no requests of either revision’s pods in the analysis window.'}
      </Typography>
    );
  }
  const rows = compareSlo(stableSlo, canarySlo, props.runs);
  const window = canarySlo?.window ?? stableSlo?.window;
  return (
    <>
      <Table size="small" aria-label="Stable vs canary">
        <TableHead>
          <TableRow>
            <TableCell>Figure</TableCell>
            <TableCell align="right">
              Stable
              {props.stable ? ` (rev. ${props.stable.revision ?? '–'})` : ''}
            </TableCell>
            <TableCell align="right">
              {canaryName} (rev. {props.canary.revision ?? '–'})
            </TableCell>
            <TableCell align="right">Analysis threshold</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(r => (
            <TableRow key={r.figure}>
              <TableCell>{r.label}</TableCell>
              <TableCell align="right">{r.stable}</TableCell>
              <TableCell
                align="right"
                className={r.canaryWorse ? classes.worse : undefined}
                data-worse={r.canaryWorse ? 'true' : undefined}
                title={
                  r.canaryWorse
                    ? `${canaryName} worse than stable${
                        r.threshold ? ` and over ${r.threshold}` : ''
                      }`
                    : undefined
                }
              >
                {r.canary}
              </TableCell>
              <TableCell align="right">{r.threshold ?? '–'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary">
        Over the last {window ?? 'analysis window'}, from each revision’s pods
        {!stableSlo || !canarySlo
          ? `; ${
              props.metricsFailure ?? 'Prometheus has none for one revision'
            }`
          : ''}
        .
      </Typography>
    </>
  );
}
