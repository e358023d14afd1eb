import { ModelServingHealth } from '@internal/plugin-mlops-common';
import { formatMs, formatPercent, formatRate } from '../shared/format';
import { SignalTile, SignalTileGrid } from './SignalTileGrid';

/** The four golden signals of the last five minutes. */
export function GoldenSignalTiles(props: { health: ModelServingHealth }) {
  const { signals, slo, replicas } = props.health;
  const latency = signals?.latency;
  const objective = slo?.latencyP95ObjectiveMs;
  const p95 = latency?.p95Ms ?? null;
  const saturation = signals?.saturation;
  const tiles: SignalTile[] = [
    {
      label: 'Traffic',
      value: `${formatRate(signals?.requestsPerSecond)} req/s`,
      hint: 'last 5 minutes',
      alarm: false,
    },
    {
      label: 'Errors',
      value: formatPercent(signals?.errorRatio),
      hint: '5xx and model errors',
      alarm: (signals?.errorRatio ?? 0) > 0.05,
    },
    {
      label:
        p95 === null && latency?.meanMs !== null
          ? 'Latency (mean)'
          : 'Latency p95',
      value:
        p95 === null && latency?.meanMs !== null
          ? formatMs(latency?.meanMs)
          : formatMs(p95),
      hint:
        p95 !== null
          ? `p50 ${formatMs(latency?.p50Ms)} · p99 ${formatMs(
              latency?.p99Ms,
            )} · objective ${formatMs(objective)}`
          : `objective ${formatMs(objective)} (p95)`,
      alarm: p95 !== null && objective !== undefined && p95 > objective,
    },
    {
      label: 'Saturation',
      value:
        saturation?.gpuUtilisation !== null &&
        saturation?.gpuUtilisation !== undefined
          ? `${formatPercent(saturation.gpuUtilisation)} GPU`
          : `${formatPercent(saturation?.cpuRatio)} CPU`,
      hint: replicas
        ? `${replicas.ready}/${replicas.desired} replicas ready${
            saturation?.gpuUtilisation !== null && saturation?.cpuRatio !== null
              ? ` · CPU ${formatPercent(saturation?.cpuRatio)} of request`
              : ''
          }`
        : 'of the CPU requested',
      alarm: replicas ? replicas.ready < replicas.desired : false,
    },
  ];
  return <SignalTileGrid tiles={tiles} />;
}
