import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { ServiceLevelStatus } from '@internal/plugin-mlops-common';
import { formatAvailability, formatPercent } from '../shared/format';

/** Error budget left over the SLO window, as a bar, and the burn-rate alerts. */
export function SloSummary(props: { slo: ServiceLevelStatus }) {
  const { slo } = props;
  const left = slo.errorBudgetRemaining;
  const firing = slo.alerts.filter(a => a.firing);
  return (
    <Box>
      <Box display="flex" justifyContent="space-between" alignItems="baseline">
        <Typography variant="body2">
          Error budget left ({slo.windowDays} days,{' '}
          {slo.availabilityObjectivePercent} % objective)
        </Typography>
        <Typography variant="body2" data-testid="budget-left">
          <strong>
            {left === null ? '–' : formatPercent(Math.max(left, 0))}
          </strong>
          {left !== null && left < 0 ? ' (overspent)' : ''}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        color={left !== null && left < 0.25 ? 'secondary' : 'primary'}
        value={left === null ? 0 : Math.min(Math.max(left, 0), 1) * 100}
        aria-label="Error budget left"
      />
      <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        <Typography variant="caption" color="textSecondary">
          Availability {formatAvailability(slo.availability)} ·
        </Typography>
        {firing.length === 0 ? (
          <Typography variant="caption" color="textSecondary">
            no burn-rate alert
          </Typography>
        ) : (
          firing.map(a => (
            <Chip
              key={`${a.longWindow}/${a.shortWindow}`}
              size="small"
              color={a.severity === 'page' ? 'secondary' : 'default'}
              label={`${a.severity === 'page' ? 'Fast' : 'Slow'} burn: >${
                a.threshold
              }× over ${a.longWindow} & ${a.shortWindow}`}
            />
          ))
        )}
      </Box>
    </Box>
  );
}
