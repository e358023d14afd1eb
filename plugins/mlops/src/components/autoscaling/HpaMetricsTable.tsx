import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { HpaMetricView } from '@internal/plugin-mlops-common';

function what(m: HpaMetricView): string {
  if (!m.known) return `unknown metric type ${m.type}`;
  const parts = [m.name ?? 'unnamed'];
  if (m.container) parts.push(`container ${m.container}`);
  if (m.describedObject) parts.push(`of ${m.describedObject}`);
  if (m.selector) parts.push(`{${m.selector}}`);
  return parts.join(' ');
}

function per(m: HpaMetricView): string {
  if (m.targetType === 'Utilization') return ' of requests';
  if (m.targetType === 'AverageValue') return ' per pod';
  return '';
}

/** Every metric of an HPA against its target. */
export function HpaMetricsTable(props: { metrics: HpaMetricView[] }) {
  if (props.metrics.length === 0) return null;
  return (
    <Table size="small" aria-label="Metrics">
      <TableHead>
        <TableRow>
          <TableCell>Type</TableCell>
          <TableCell>Metric</TableCell>
          <TableCell align="right">Current</TableCell>
          <TableCell align="right">Target</TableCell>
          <TableCell align="right">Current / target</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.metrics.map((m, i) => (
          <TableRow key={i}>
            <TableCell>{m.type}</TableCell>
            <TableCell>{what(m)}</TableCell>
            <TableCell align="right">
              {m.current ? m.current.display : 'unknown (not reported)'}
            </TableCell>
            <TableCell align="right">
              {m.target ? `${m.target.display}${per(m)}` : 'unknown'}
            </TableCell>
            <TableCell align="right">
              {m.ratio === null ? '–' : `${(m.ratio * 100).toFixed(0)} %`}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
