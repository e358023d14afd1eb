import { useTheme } from '@material-ui/core/styles';
import { AnalysisMeasurementView } from '@internal/plugin-mlops-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** A metric's measured values, oldest first, against the threshold they are judged by. */
export function MeasurementsChart(props: {
  measurements: AnalysisMeasurementView[];
  threshold: number | null;
  metric: string;
}) {
  const theme = useTheme();
  const points = props.measurements
    .map((m, i) => ({ n: i + 1, value: m.number }))
    .filter(p => p.value !== null);
  if (points.length === 0) return null;
  return (
    <div
      data-testid={`measurements-chart-${props.metric}`}
      aria-label={`${props.metric}: ${points.length} measured values${
        props.threshold !== null ? ` against ${props.threshold}` : ''
      }`}
    >
      <ResponsiveContainer width="100%" height={140}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="n"
            type="number"
            domain={[1, Math.max(2, points[points.length - 1].n)]}
            allowDecimals={false}
            stroke={theme.palette.text.secondary}
            fontSize={11}
          />
          <YAxis
            width={56}
            domain={[0, 'auto']}
            stroke={theme.palette.text.secondary}
            fontSize={11}
          />
          <Tooltip labelFormatter={n => `measurement ${n}`} />
          {props.threshold !== null && (
            <ReferenceLine
              y={props.threshold}
              stroke={theme.palette.error.main}
              strokeDasharray="4 4"
              label={{
                value: 'threshold',
                fontSize: 11,
                position: 'insideTopRight',
              }}
              ifOverflow="extendDomain"
            />
          )}
          <Line
            type="linear"
            dataKey="value"
            name={props.metric}
            stroke={theme.palette.primary.main}
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
