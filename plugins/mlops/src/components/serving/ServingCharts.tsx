import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  ServingTimePoint,
  ServingTimeSeries,
} from '@internal/plugin-mlops-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  formatMs,
  formatPercent,
  formatRate,
  formatTick,
} from '../shared/format';

interface Series {
  key: Exclude<keyof ServingTimePoint, 't'>;
  name: string;
  color: string;
}

function Chart(props: {
  title: string;
  data: ServingTimeSeries;
  series: Series[];
  format: (v: number) => string;
  reference?: { value: number; label: string };
}) {
  const theme = useTheme();
  // Lines need two neighbouring points; a young or gappy series shows dots.
  const sparse =
    props.data.points.filter(p =>
      props.series.some(s => p[s.key] !== null && p[s.key] !== undefined),
    ).length < 10;
  const hours =
    (new Date(props.data.end).getTime() -
      new Date(props.data.start).getTime()) /
    3_600_000;
  return (
    <div data-testid={`chart-${props.title.toLowerCase()}`}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart
          data={props.data.points}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={t => formatTick(t, hours)}
            stroke={theme.palette.text.secondary}
            fontSize={11}
          />
          <YAxis
            tickFormatter={props.format}
            domain={
              props.reference
                ? [
                    0,
                    (max: number) =>
                      Math.max(max, props.reference!.value * 1.1),
                  ]
                : [0, 'auto']
            }
            width={64}
            stroke={theme.palette.text.secondary}
            fontSize={11}
          />
          <Tooltip
            labelFormatter={t => formatTick(Number(t), 0)}
            formatter={(v: number) => props.format(v)}
          />
          {props.series.length > 1 && <Legend />}
          {props.reference && (
            <ReferenceLine
              y={props.reference.value}
              stroke={theme.palette.error.main}
              strokeDasharray="4 4"
              label={{
                value: props.reference.label,
                fontSize: 11,
                fill: theme.palette.error.main,
              }}
            />
          )}
          {props.series.map(s => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              dot={sparse}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Traffic, errors and latency over the chosen range. */
export function ServingCharts(props: { data: ServingTimeSeries }) {
  const theme = useTheme();
  const { data } = props;
  const hasQuantiles = data.points.some(p => p.p95Ms !== null);
  const latency: Series[] = hasQuantiles
    ? [
        { key: 'p50Ms', name: 'p50', color: theme.palette.success.main },
        { key: 'p95Ms', name: 'p95', color: theme.palette.warning.main },
        { key: 'p99Ms', name: 'p99', color: theme.palette.error.main },
      ]
    : [{ key: 'meanMs', name: 'mean', color: theme.palette.primary.main }];
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <Chart
          title="Traffic"
          data={data}
          series={[
            {
              key: 'requestsPerSecond',
              name: 'req/s',
              color: theme.palette.primary.main,
            },
          ]}
          format={v => `${formatRate(v)}/s`}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <Chart
          title="Errors"
          data={data}
          series={[
            {
              key: 'errorRatio',
              name: 'failed',
              color: theme.palette.error.main,
            },
          ]}
          format={v => formatPercent(v)}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <Chart
          title="Latency"
          data={data}
          series={latency}
          format={v => formatMs(v)}
          reference={{
            value: data.latencyP95ObjectiveMs,
            label: 'p95 objective',
          }}
        />
      </Grid>
      {data.llm && <LlmCharts data={data} />}
    </Grid>
  );
}

/** Token streams of an LLM server: first token, per token, tokens, queue, KV cache. */
function LlmCharts(props: { data: ServingTimeSeries }) {
  const theme = useTheme();
  const { data } = props;
  const has = (key: Series['key']) =>
    data.points.some(p => p[key] !== null && p[key] !== undefined);
  const charts = [
    {
      title: 'Token latency',
      series: [
        {
          key: 'ttftP95Ms' as const,
          name: 'first token p95',
          color: theme.palette.warning.main,
        },
        {
          key: 'tpotP95Ms' as const,
          name: 'per token p95',
          color: theme.palette.primary.main,
        },
      ],
      format: (v: number) => formatMs(v),
    },
    {
      title: 'Tokens',
      series: [
        {
          key: 'outputTokensPerSecond' as const,
          name: 'output/s',
          color: theme.palette.primary.main,
        },
        {
          key: 'inputTokensPerSecond' as const,
          name: 'input/s',
          color: theme.palette.success.main,
        },
      ],
      format: (v: number) => `${formatRate(v)}/s`,
    },
    {
      title: 'Queue',
      series: [
        {
          key: 'requestsWaiting' as const,
          name: 'waiting',
          color: theme.palette.error.main,
        },
        {
          key: 'requestsRunning' as const,
          name: 'running',
          color: theme.palette.primary.main,
        },
      ],
      format: (v: number) => formatRate(v),
    },
    {
      title: 'KV cache',
      series: [
        {
          key: 'kvCacheUsage' as const,
          name: 'fullest pod',
          color: theme.palette.warning.main,
        },
      ],
      format: (v: number) => formatPercent(v),
    },
  ]
    .map(c => ({ ...c, series: c.series.filter(s => has(s.key)) }))
    .filter(c => c.series.length > 0);
  return (
    <>
      {charts.map(c => (
        <Grid item xs={12} md={6} lg={3} key={c.title}>
          <Chart
            title={c.title}
            data={data}
            series={c.series}
            format={c.format}
          />
        </Grid>
      ))}
    </>
  );
}
