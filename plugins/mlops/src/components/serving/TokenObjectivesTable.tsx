import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { TokenLatencyObjective } from '@internal/plugin-mlops-common';
import { formatMs, formatPercent } from '../shared/format';

const TITLES = { ttft: 'First token', tpot: 'Per token' };

/**
 * The LLM objectives (95 % within a time to first token, or per token):
 * per window the share over the objective and its burn rate, then the
 * burn-rate alerts that fire.
 */
export function TokenObjectivesTable(props: {
  objectives: TokenLatencyObjective[];
}) {
  const { objectives } = props;
  const windows = objectives[0]?.burnRates.map(w => w.window) ?? [];
  const firing = objectives.flatMap(o =>
    o.alerts.filter(a => a.firing).map(a => ({ o, a })),
  );
  return (
    <Box>
      <Table size="small" aria-label="LLM objectives">
        <TableHead>
          <TableRow>
            <TableCell>Window</TableCell>
            {objectives.map(o => (
              <TableCell key={o.figure} align="right" colSpan={2}>
                {TITLES[o.figure]} over {formatMs(o.p95ObjectiveMs)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {windows.map(window => (
            <TableRow key={window}>
              <TableCell>{window}</TableCell>
              {objectives.map(o => {
                const w = o.burnRates.find(b => b.window === window);
                return [
                  <TableCell key={`${o.figure}-share`} align="right">
                    {formatPercent(w?.errorRatio)}
                  </TableCell>,
                  <TableCell key={`${o.figure}-burn`} align="right">
                    {w?.burnRate === null || w?.burnRate === undefined
                      ? '–'
                      : `${w.burnRate.toFixed(2)}×`}
                  </TableCell>,
                ];
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {firing.map(({ o, a }) => (
          <Chip
            key={`${o.figure}-${a.longWindow}`}
            size="small"
            color={a.severity === 'page' ? 'secondary' : 'default'}
            label={`${TITLES[o.figure]}: >${a.threshold}× over ${
              a.longWindow
            } & ${a.shortWindow}`}
          />
        ))}
      </Box>
    </Box>
  );
}
