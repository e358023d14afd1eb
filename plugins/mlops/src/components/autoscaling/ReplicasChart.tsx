import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { HpaReplicasSeries } from '@internal/plugin-mlops-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTick } from '../shared/format';

/**
 * Current, desired, min and max replicas over the last hour, as steps.
 * `metricsFailure` says why Prometheus gave none, when it did not answer.
 */
export function ReplicasChart(props: {
  series: HpaReplicasSeries | undefined;
  start: string;
  end: string;
  metricsFailure?: string;
}) {
  const theme = useTheme();
  const points = props.series?.points ?? [];
  if (points.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="replicas-empty"
      >
        {props.metricsFailure ?? 'No replicas history yet.'}
      </Typography>
    );
  }
  const lines = [
    { key: 'current', name: 'current', color: theme.palette.primary.main },
    { key: 'desired', name: 'desired', color: theme.palette.warning.main },
    { key: 'max', name: 'max', color: theme.palette.error.main },
    { key: 'min', name: 'min', color: theme.palette.text.secondary },
  ];
  return (
    <div data-testid="chart-replicas">
      <Typography variant="caption" color="textSecondary">
        {props.series?.source === 'prometheus'
          ? 'From kube-state-metrics in Prometheus'
          : 'From the portal’s history of desired replicas (Prometheus has none)'}
      </Typography>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[Date.parse(props.start), Date.parse(props.end)]}
            tickFormatter={t => formatTick(t, 1)}
            stroke={theme.palette.text.secondary}
            fontSize={11}
          />
          <YAxis
            allowDecimals={false}
            domain={[0, 'auto']}
            width={40}
            stroke={theme.palette.text.secondary}
            fontSize={11}
          />
          <Tooltip labelFormatter={t => formatTick(Number(t), 0)} />
          <Legend />
          {lines.map(l => (
            <Line
              key={l.key}
              type="stepAfter"
              dataKey={l.key}
              name={l.name}
              stroke={l.color}
              strokeDasharray={
                l.key === 'min' || l.key === 'max' ? '4 4' : undefined
              }
              dot={points.length < 10}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
