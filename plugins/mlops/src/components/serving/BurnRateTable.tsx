import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ServiceLevelStatus } from '@internal/plugin-mlops-common';
import { formatMs, formatPercent } from '../shared/format';

/** Error ratio and burn rate per window, as the multi-window alerts see them. */
export function BurnRateTable(props: { slo: ServiceLevelStatus }) {
  const { slo } = props;
  return (
    <Table size="small" aria-label="Burn rates">
      <TableHead>
        <TableRow>
          <TableCell>Window</TableCell>
          <TableCell align="right">Errors</TableCell>
          <TableCell align="right">Burn rate</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {slo.burnRates.map(w => (
          <TableRow key={w.window}>
            <TableCell>{w.window}</TableCell>
            <TableCell align="right">{formatPercent(w.errorRatio)}</TableCell>
            <TableCell align="right">
              {w.burnRate === null ? '–' : `${w.burnRate.toFixed(2)}×`}
            </TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell colSpan={2}>
            p95 latency over 1 hour (objective{' '}
            {formatMs(slo.latencyP95ObjectiveMs)})
          </TableCell>
          <TableCell align="right">
            {formatMs(slo.latencyP95Over1hMs)}
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
