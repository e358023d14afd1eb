import { useTheme } from '@material-ui/core/styles';
import { ServingTimePoint } from '@internal/plugin-mlops-common';
import { Area, AreaChart, ResponsiveContainer, YAxis } from 'recharts';

/** Traffic of the last hour, small. */
export function Sparkline(props: { points: ServingTimePoint[] }) {
  const theme = useTheme();
  if (!props.points.some(p => p.requestsPerSecond !== null)) return null;
  return (
    <div
      data-testid="traffic-sparkline"
      aria-label="Traffic over the last hour"
    >
      <ResponsiveContainer width="100%" height={48}>
        <AreaChart
          data={props.points}
          margin={{ top: 4, right: 0, bottom: 0, left: 0 }}
        >
          <YAxis hide domain={[0, 'dataMax']} />
          <Area
            dataKey="requestsPerSecond"
            stroke={theme.palette.primary.main}
            fill={theme.palette.primary.light}
            fillOpacity={0.3}
            isAnimationActive={false}
            dot={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
